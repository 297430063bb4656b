"""An export read into a file (`cockpit import`): the incident moves, nothing here changes.

Every event goes in as it was (its id, its clock value, who recorded it), in one transaction,
under the incident's own id: a new INC-n in this file, or the one it already has there. The
never-replace rule of sync holds (`cockpit.store.pulled.difference`, the same test a pull
makes): an id this file already holds with the same content is left as it is, so importing
twice changes nothing; with other content it is refused and reported, and what is here stays.
One more copy counts as the same: the export of what this file holds, whose redacted text is
the placeholder (an incident exported and imported back where it came from).

Imported events are sent to a server like the ones written here once the incident is joined
(origin 'import', `cockpit.store.pulled.SENT_ORIGINS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cockpit.core import events as ev
from cockpit.export.json import Document
from cockpit.export.redact import for_export, redacted_ids
from cockpit.store.pulled import difference
from cockpit.store.store import IncidentRef, Store

ORIGIN = "import"


@dataclass
class Imported:
    """What an import did."""

    ref: IncidentRef | None  # None: nothing went in, and the file had no such incident
    new: int = 0  # events added
    same: int = 0  # already here with the same content
    refused: list[tuple[str, str]] = field(default_factory=list)  # (event id, why)


def import_document(store: Store, doc: Document) -> Imported:
    """Read `doc`'s valid events into `store` (see the module); its `problems` are the
    caller's to report. ValueError when it has no valid event at all."""
    if not doc.events:
        raise ValueError("it holds no event that can be read")
    new = same = 0
    refused: list[tuple[str, str]] = []
    with store.transaction() as tx:
        rows = tx.execute(
            "SELECT json FROM events WHERE incident = ? AND kind = 'entry_redacted'",
            (doc.incident,),
        ).fetchall()
        here_redactions = [ev.Event.model_validate_json(js) for (js,) in rows]
        redacted = redacted_ids([*here_redactions, *doc.events])
        for e in doc.events:
            if tx.insert(e, ORIGIN, keep_clock=True, recorded_by=doc.recorded_by.get(e.id, "")):
                new += 1
                continue
            row = tx.execute("SELECT incident, json FROM events WHERE id = ?", (e.id,)).fetchone()
            js = e.model_dump_json()
            why = difference(row[0], row[1], e.incident, js)
            if why is not None and row[0] == e.incident:
                here = for_export(ev.Event.model_validate_json(row[1]), redacted)
                if difference(row[0], here.model_dump_json(), e.incident, js) is None:
                    why = None  # the export of what is here: its redacted text left out
            if why is None:
                same += 1
            else:
                refused.append((e.id, why))
    rows = store.query("SELECT id, number, created_at FROM incidents WHERE id = ?", (doc.incident,))
    return Imported(IncidentRef(*rows[0]) if rows else None, new, same, refused)
