"""Reading the other incidents of the file for one incident's screen: what the parent's screen
needs to show its children live, and the catalog block the open incidents of a service's
dependencies. Never their notes.

- `first`: every other incident's summary (title, service, severity, phase) and links, and
  the whole state (roles, mitigations...) of the incidents linked with this one, either way.
  A file keeps every incident it ever had: a few events each, through the (incident, kind)
  index, so the first frame does not wait on a long past.
- `after`: every state-setting event of the other incidents after a cursor of the file's
  own order (`seq`), and this incident's own links (to see what it became linked with); a
  poll that finds nothing new costs one indexed look-up.
- `complete`: the rest of the state of incidents linked since the first read, up to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cockpit.core.bulk import paused_gc
from cockpit.core.kinds import KINDS, PLAIN_KINDS, SUMMARY_KINDS
from cockpit.core.light import Item
from cockpit.core.links import IncidentLinked
from cockpit.store.screen_load import decode
from cockpit.store.store import Store

LINKED = "incident_linked"
_STATE = tuple(k for k in KINDS if k not in PLAIN_KINDS)
_SUMMARY = (*SUMMARY_KINDS, LINKED)
_REST = tuple(k for k in _STATE if k not in _SUMMARY)


def _marks(kinds: tuple[str, ...]) -> str:
    return f"({', '.join('?' * len(kinds))})"


@dataclass(frozen=True, slots=True)
class Others:
    events: list[Item]  # of the other incidents
    cursor: int  # the file's latest seq when read: the next read starts after it
    labels: dict[str, str]  # incident id -> INC-n, for every incident of the file
    linked: set[str] = field(default_factory=set)  # incidents linked with `but` (either way)


def _labels(store: Store) -> dict[str, str]:
    return {i: f"INC-{n}" for i, n in store.query("SELECT id, number FROM incidents")}


def links_with(but: str, events: Iterable[Item]) -> set[str]:
    """The incidents these events link with `but`: its own links' targets, and the incidents
    whose links name it (linked or since unlinked: the state says which stand)."""
    out = set()
    for e in events:
        body = getattr(e, "body", None)
        if isinstance(body, IncidentLinked):
            if e.incident == but:
                out.add(body.target)
            elif body.target == but:
                out.add(e.incident)
    return out - {but}


def first(store: Store, but: str) -> Others:
    """The other incidents as the screen of `but` first shows them."""
    with paused_gc():
        cursor = store.query("SELECT coalesce(max(seq), 0) FROM events")[0][0]
        rows = store.query(
            f"SELECT kind, json, recorded_by FROM events INDEXED BY idx_events_incident_kind "
            f"WHERE incident IN (SELECT id FROM incidents) AND kind IN {_marks(_SUMMARY)} "
            "AND seq <= ? ORDER BY seq",
            (*_SUMMARY, cursor),
        )
        read = [decode(k, js, by) for k, js, by in rows]
        linked = links_with(but, read)
        events = [e for e in read if e.incident != but]
        events += complete(store, linked, cursor)
    return Others(events, cursor, _labels(store), linked)


def complete(store: Store, incidents: Iterable[str], upto: int) -> list[Item]:
    """The rest of these incidents' state (roles, mitigations...) up to `upto`."""
    ids = sorted(incidents)
    if not ids:
        return []
    rows = store.query(
        f"SELECT kind, json, recorded_by FROM events INDEXED BY idx_events_incident_kind "
        f"WHERE incident IN {_marks(tuple(ids))} AND kind IN {_marks(_REST)} AND seq <= ? "
        "ORDER BY seq",
        (*ids, *_REST, upto),
    )
    with paused_gc():
        return [decode(k, js, by) for k, js, by in rows]


def after(store: Store, but: str, cursor: int, known: int) -> Others | None:
    """What other incidents gained after `cursor` (None: nothing new in the file at all).
    `known`: how many incidents the caller knows, so that a new one (declared in another
    terminal, or pulled from a server) brings the labels again."""
    latest = store.query("SELECT coalesce(max(seq), 0) FROM events")[0][0]
    if latest == cursor:
        return None
    # Up to the latest seen above: a commit after it has a later seq, read next time.
    rows = store.query(
        f"SELECT kind, json, recorded_by FROM events WHERE seq > ? AND seq <= ? "
        f"AND kind IN {_marks(_STATE)} AND (incident != ? OR kind = ?) ORDER BY seq",
        (cursor, latest, *_STATE, but, LINKED),
    )
    with paused_gc():
        read = [decode(k, js, by) for k, js, by in rows]
    count = store.query("SELECT count(*) FROM incidents")[0][0]
    events = [e for e in read if e.incident != but]
    return Others(events, latest, _labels(store) if count != known else {}, links_with(but, read))
