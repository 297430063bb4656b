"""Entries the server refused: which, and why, and sending them again as new events.

A refused event stays in the file and in the timeline, marked with the server's reason (its
`sync_pushed` row, status 'rejected', cockpit/store/outbox.py). A stored event never changes:
once the cause is fixed (the name, the token, the size), `resend` writes a copy with a new id,
by whoever sends it now, and in the same transaction marks the old one 'superseded', so it is
not listed again (its row keeps the reason and names the copy). The copy is a new local event:
the outbox pushes it like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cockpit.core.clock import Clock
from cockpit.core.compose import copy_event
from cockpit.core.events import Event
from cockpit.core.ids import short, uuid7
from cockpit.store.errors import StoreError
from cockpit.store.store import Store

REJECTED, SUPERSEDED = "rejected", "superseded"


@dataclass(frozen=True, slots=True)
class Refused:
    event: Event
    reason: str  # the server's; for a superseded one, also which copy replaced it
    superseded: bool = False


def refused(store: Store, incident: str | None = None) -> list[Refused]:
    """Events the server refused and nobody sent again, oldest first (every incident if None)."""
    sql = (
        "SELECT e.json, p.reason FROM sync_pushed p JOIN events e ON e.id = p.event_id "
        "WHERE p.status = ?"
    )
    params: list[object] = [REJECTED]
    if incident is not None:
        sql += " AND p.incident = ?"
        params.append(incident)
    rows = store._read(sql + " ORDER BY e.seq", params)
    return [Refused(Event.model_validate_json(js), reason) for js, reason in rows]


def marks(store: Store, incident: str) -> dict[str, tuple[str, bool]]:
    """Event id -> (reason, superseded) for every refused event of an incident: what the
    timeline marks. Cheap when there are none (an index lookup)."""
    rows = store._read(
        "SELECT event_id, reason, status FROM sync_pushed WHERE incident = ? AND status IN (?, ?)",
        (incident, REJECTED, SUPERSEDED),
    )
    return {eid: (reason, status == SUPERSEDED) for eid, reason, status in rows}


def resend(
    store: Store, items: Iterable[Refused], author: str, clock: Clock
) -> list[tuple[Event, Event]]:
    """Copy each refused event as a new local event by `author`, and mark the old one
    superseded, all in one transaction. Returns (old, copy as stored) pairs, oldest first.

    Events sent again together keep pointing at each other: an edit of a refused note, sent
    again with it, targets the note's copy.
    """
    items = list(items)
    now = clock.now()
    renames = {r.event.id: uuid7(now) for r in items}
    done: list[tuple[Event, Event]] = []
    with store._write() as conn:
        for r in items:
            old = r.event
            copy = copy_event(old, author, clock, new_id=renames[old.id], renames=renames)
            stored = store._insert(conn, copy, "local") or copy
            cur = conn.execute(
                "UPDATE sync_pushed SET status = ?, reason = ? WHERE event_id = ? AND status = ?",
                (SUPERSEDED, f"{r.reason} (sent again as {short(stored.id)})", old.id, REJECTED),
            )
            if cur.rowcount != 1:  # sent again meanwhile (another terminal, say): undo all
                raise StoreError(
                    f"{short(old.id)} is no longer refused (sent again meanwhile?); nothing was "
                    "sent again: `cockpit sync` lists what is left"
                )
            done.append((old, stored))
    return done
