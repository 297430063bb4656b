"""The complete incident as one JSON document, and reading it back (`cockpit import`).

The document holds every event of the incident, each as the file keeps it (its id, clock
value `hlc`, times, author, `prev`, body) with its format version `v` always written and who
recorded it (`recorded_by`, metadata kept beside the event) when that is not its author;
events this cockpit does not understand are carried whole. Redacted text never is: see
`cockpit.export.redact`. Nothing in it depends on the file it came from (its INC-n) or on
when it was written, so exporting, importing into another file and exporting again gives the
same bytes; that is what lets an incident move between machines, be archived in git and be
replayed.

    {
     "format": "cockpit-incident",
     "version": 1,
     "incident": "<id>",
     "title": "...",
     "events": [
      {"v":1,"id":...,"incident":...,"author":...,"at":...,"hlc":...,"body":{...}},
      ...
     ]
    }

Events are in the timeline's order (`at`, then `hlc`, then id). A reader refuses a document
of a newer `version`; within one, an event it cannot read is reported, never guessed at.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from cockpit.core import events as ev
from cockpit.core.display import json_safe
from cockpit.core.kinds import SUMMARY_KINDS
from cockpit.core.state import fold
from cockpit.core.versions import why_invalid
from cockpit.export.redact import for_export, redacted_ids

FORMAT = "cockpit-incident"
VERSION = 1  # of the document around the events (each event carries its own `v`)
MAX_RECORDER = 200
MAX_BYTES = 64 * 1024 * 1024  # an export this large is not an incident's (10k events: ~3 MiB)
MAX_PROBLEMS = 20  # kept and listed; beyond them, counted (a file of junk is not a list)


class NotAnExport(ValueError):
    """The text is not a cockpit incident export this version can read; str() says why."""


def _order(e: ev.Event) -> tuple[Any, str, str]:
    return (e.at, e.hlc, e.id)


def event_text(e: ev.Event) -> str:
    """One event as the document carries it, on one line: as the file keeps it (its own JSON,
    `v` left out when 1), with `v` always first and who recorded it (when not its author)."""
    js = e.model_dump_json()
    if e.v == 1:  # (a newer version writes its own `v`, first: the envelope's first field)
        js = '{"v":1,' + js[1:]
    if e.recorded_by:
        js = js[:-1] + ',"recorded_by":' + json.dumps(e.recorded_by, ensure_ascii=False) + "}"
    return js


@dataclass(frozen=True)
class Export:
    """An incident as the document carries it: its id, title (never a redacted one) and
    events (each as `event_text`, in the timeline's order)."""

    incident: str
    title: str
    events: list[str]


def document(events: list[ev.Event]) -> Export:
    """The export of one incident's events (all of them: an incident is exported whole)."""
    if not events:
        raise ValueError("an incident has at least its declaration")
    redacted = redacted_ids(events)
    shown = sorted((for_export(e, redacted) for e in events), key=_order)
    title = fold(e for e in shown if e.kind in SUMMARY_KINDS).title
    return Export(shown[0].incident, title, [event_text(e) for e in shown])


def dumps(doc: Export) -> str:
    """The document as text: its few fields one per line, then one event per line (a change
    to an incident is a change to a few lines, in git), non-ASCII as is, every character a
    terminal could act on escaped (`json_safe`), and a final line break."""
    head = {"format": FORMAT, "version": VERSION, "incident": doc.incident, "title": doc.title}
    top = json.dumps(head, ensure_ascii=False, indent=1)[:-2]  # without its closing "\n}"
    body = ",\n".join("  " + js for js in doc.events)
    return json_safe(f'{top},\n "events": [\n{body}\n ]\n}}\n')


def export_text(events: list[ev.Event]) -> str:
    return dumps(document(events))


@dataclass
class Document:
    """An export as read: its incident, the events that are valid, and what is not."""

    incident: str
    title: str
    events: list[ev.Event] = field(default_factory=list)
    recorded_by: dict[str, str] = field(default_factory=dict)  # event id -> recorder
    problems: list[tuple[str, str]] = field(default_factory=list)  # (event id or #n, why)
    more_problems: int = 0  # beyond the MAX_PROBLEMS kept in `problems`

    def problem(self, where: str, why: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((where, why))
        else:
            self.more_problems += 1

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.more_problems


def loads(text: str) -> Document:
    """Read an export. A text that is not one (or of a newer version) raises NotAnExport;
    an event in it that is not valid, or not of its incident, is listed in `problems` (the
    first MAX_PROBLEMS; the others are counted in `more_problems`)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise NotAnExport(f"not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise NotAnExport(f'not a cockpit incident export (no "format": "{FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise NotAnExport('its "version" is missing or not a positive number')
    if version > VERSION:
        raise NotAnExport(f"written by a newer cockpit (format version {version}; this one "
                          f"reads up to {VERSION}): upgrade cockpit to import it")  # fmt: skip
    incident, items = data.get("incident"), data.get("events")
    if not isinstance(incident, str) or not incident or not isinstance(items, list):
        raise NotAnExport('it has no "incident" id or no "events" list')
    title = data.get("title")
    doc = Document(incident, title if isinstance(title, str) else "")
    seen: dict[str, Any] = {}
    for n, item in enumerate(items, 1):
        _read_one(doc, n, item, seen)
    return doc


def _read_one(doc: Document, n: int, item: Any, seen: dict[str, Any]) -> None:
    where = f"#{n}"
    if not isinstance(item, dict):
        doc.problem(where, "not a JSON object")
        return
    item = dict(item)
    if isinstance(item.get("id"), str) and item["id"]:
        where = item["id"]
    recorder = item.pop("recorded_by", "")
    if not isinstance(recorder, str) or len(recorder) > MAX_RECORDER:
        doc.problem(where, "recorded_by: not a name")
        return
    try:
        e = ev.Event.model_validate(item)
    except ValidationError as exc:
        doc.problem(where, why_invalid(exc))
        return
    if e.incident != doc.incident:
        doc.problem(where, f"belongs to incident {e.incident}, not {doc.incident}")
        return
    if e.id in seen:
        if seen[e.id] != item:
            doc.problem(where, "appears twice in the export, with different content")
        return
    seen[e.id] = item
    doc.events.append(e)
    if recorder and recorder != e.author:
        doc.recorded_by[e.id] = recorder
