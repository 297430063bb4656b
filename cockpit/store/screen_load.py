"""Reading a large incident for the screen: first what the first frame needs, then the rest.

The first frame needs the incident's state, which comes only from the events that set it
(severity, roles, mitigations... a few hundred at most), and the latest entries the timeline
shows. `first_screen` reads just those (two indexed queries); `history` reads every other
plain entry, for a worker to merge in after the first frame. Plain entries come back as
`LightEntry` records (read with json.loads, not validated again: the file only holds events
that were validated on the way in), everything else as full events.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from sys import intern

from cockpit.core.bulk import paused_gc
from cockpit.core.events import Event
from cockpit.core.kinds import KINDS, PLAIN_KINDS
from cockpit.core.light import Item, LightEntry
from cockpit.core.trusted_read import trusted_event
from cockpit.store.store import UNKNOWN_KIND, Store

_LIGHT = tuple(sorted(PLAIN_KINDS))
_IN_LIGHT = f"({', '.join('?' * len(_LIGHT))})"
# Named, not `NOT IN light`: an IN list is a few seeks in the (incident, kind) index, where NOT
# IN read every row of the incident (47 ms of the first frame at 100,000 entries, now < 1).
# Events this cockpit does not understand are read whole too (and shown as unknown entries).
_STATE = (*(k for k in KINDS if k not in PLAIN_KINDS), UNKNOWN_KIND)
_IN_STATE = f"({', '.join('?' * len(_STATE))})"


@dataclass(frozen=True, slots=True)
class FirstScreen:
    items: list[Item]  # state-setting events and the latest entries
    cursor: int  # the file's latest seq for this incident when read
    complete: bool  # True when `items` is the whole incident (no older entries to read)


def decode(kind: str, js: str, recorded_by: str | None = None) -> Item:
    trusted = None
    if kind in PLAIN_KINDS:
        try:
            d = json.loads(js)
            b = d["body"]
            at_text, recorded_text = d["at"], d["recorded_at"]
            at = datetime.fromisoformat(at_text)
            # Shared objects where the values repeat: 100,000 entries hold ~25 MB less.
            recorded = at if recorded_text == at_text else datetime.fromisoformat(recorded_text)
            return LightEntry(
                d["id"], intern(d["incident"]), intern(d["author"]), at, recorded,
                d["hlc"], intern(b["kind"]), b["text"], b.get("link") or "", d.get("at_offset"),
                recorded_by or "",
            )  # fmt: skip
        except (KeyError, TypeError, ValueError):
            pass  # not the shape we wrote: let pydantic read it, or say what is wrong
    else:  # with its kind's validator alone (core/trusted_read.py says why)
        with suppress(ValueError):  # not JSON: pydantic says so, below
            trusted = trusted_event(json.loads(js))
    e = trusted or Event.model_validate_json(js)
    return e.model_copy(update={"recorded_by": recorded_by}) if recorded_by else e


def first_screen(store: Store, incident_id: str, tail: int = 500) -> FirstScreen:
    with paused_gc():
        cursor = store.query(
            "SELECT coalesce(max(seq), 0) FROM events WHERE incident = ?", (incident_id,)
        )[0][0]
        state_rows = store.query(
            f"SELECT kind, json, recorded_by FROM events INDEXED BY idx_events_incident_kind "
            f"WHERE incident = ? AND kind IN {_IN_STATE} "
            "AND seq <= ? ORDER BY seq",
            (incident_id, *_STATE, cursor),
        )
        tail_rows = store.query(
            f"SELECT kind, json, recorded_by FROM events WHERE incident = ? "
            f"AND kind IN {_IN_LIGHT} AND seq <= ? ORDER BY at DESC, hlc DESC LIMIT ?",
            (incident_id, *_LIGHT, cursor, tail),
        )
        items = [decode(k, js, by) for k, js, by in state_rows]
        items.extend(decode(k, js, by) for k, js, by in reversed(tail_rows))
    return FirstScreen(items, cursor, complete=len(tail_rows) < tail)


def count(store: Store, incident_id: str, upto_seq: int) -> int:
    """How many events the incident had at `upto_seq` (~10 ms at 100,000: after the first
    frame, for the timeline's "n of N" while the rest is read)."""
    return store.query(
        "SELECT count(*) FROM events WHERE incident = ? AND seq <= ?", (incident_id, upto_seq)
    )[0][0]


def history(
    store: Store, incident_id: str, upto_seq: int, chunk: int = 3_000
) -> Iterator[list[Item]]:
    """Every plain entry up to `upto_seq`, newest first, in chunks (the ones `first_screen`
    gave come again; the timeline skips them by id). A chunk's rows, json and records are
    thrown away once merged: chunks of 3,000 reuse the same memory, where 20,000 at a time left
    ~20 MB more resident after a 100,000-entry load (the allocator keeps what it grew to)."""
    upper = upto_seq
    while upper > 0:
        rows = store.query(
            f"SELECT seq, kind, json, recorded_by FROM events WHERE incident = ? "
            f"AND kind IN {_IN_LIGHT} AND seq <= ? ORDER BY seq DESC LIMIT ?",
            (incident_id, *_LIGHT, upper, chunk),
        )
        if not rows:
            return
        with paused_gc():  # per chunk, never across the yield (cockpit/core/bulk.py)
            items = [decode(k, js, by) for _, k, js, by in reversed(rows)]
        yield items
        upper = rows[-1][0] - 1


def items_after(store: Store, incident_id: str, after_seq: int) -> tuple[list[Item], int]:
    """New events since a cursor (another process wrote), light where they can be."""
    rows = store.query(
        "SELECT seq, kind, json, recorded_by FROM events WHERE incident = ? AND seq > ? "
        "ORDER BY seq",
        (incident_id, after_seq),
    )
    with paused_gc():
        items = [decode(k, js, by) for _, k, js, by in rows]
    return items, (rows[-1][0] if rows else after_seq)
