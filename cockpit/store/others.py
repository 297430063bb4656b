"""Reading the other incidents of the file for one incident's screen: their state-setting
events only (severity, phase, roles, mitigations, links; never their notes), first all of
them, then what is new after a cursor.

What the parent's screen needs to show its children live, and the catalog block to show the
open incidents of a service's dependencies. The first read goes through the (incident, kind)
index, one seek per incident; each later one is a range of the file's own order (`seq`),
so a poll that finds nothing new costs one indexed look-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from cockpit.core.bulk import paused_gc
from cockpit.core.kinds import KINDS, PLAIN_KINDS
from cockpit.core.light import Item
from cockpit.store.screen_load import decode
from cockpit.store.store import Store

_STATE = tuple(k for k in KINDS if k not in PLAIN_KINDS)
_IN_STATE = f"({', '.join('?' * len(_STATE))})"


@dataclass(frozen=True, slots=True)
class Others:
    events: list[Item]
    cursor: int  # the file's latest seq when read: the next read starts after it
    labels: dict[str, str]  # incident id -> INC-n, for every incident of the file


def _labels(store: Store) -> dict[str, str]:
    return {i: f"INC-{n}" for i, n in store.query("SELECT id, number FROM incidents")}


def first(store: Store, but: str) -> Others:
    """Every other incident's state-setting events (`but`: the one on screen)."""
    with paused_gc():
        cursor = store.query("SELECT coalesce(max(seq), 0) FROM events")[0][0]
        rows = store.query(
            f"SELECT kind, json, recorded_by FROM events INDEXED BY idx_events_incident_kind "
            f"WHERE incident IN (SELECT id FROM incidents WHERE id != ?) AND kind IN {_IN_STATE} "
            "AND seq <= ? ORDER BY seq",
            (but, *_STATE, cursor),
        )
        events = [decode(k, js, by) for k, js, by in rows]
    return Others(events, cursor, _labels(store))


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
        f"AND incident != ? AND kind IN {_IN_STATE} ORDER BY seq",
        (cursor, latest, but, *_STATE),
    )
    with paused_gc():
        events = [decode(k, js, by) for k, js, by in rows]
    count = store.query("SELECT count(*) FROM incidents")[0][0]
    return Others(events, latest, _labels(store) if count != known else {})
