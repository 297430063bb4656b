"""A pulled page into the local file: nothing stored is replaced, nothing the server lost of
ours stays lost (../shared/SYNC.md).

- A stored event is never replaced. The one change taken is the server's cap on the clock
  value of one of our own events (same content, an earlier `hlc`), so that every terminal
  settles shared state the same way. Any other copy under an id this file holds (other
  content, another incident, another clock on someone else's event), and every item of a page
  that is not a valid event, is kept aside in `sync_set_aside` with its reason, and counted;
  the rest of the page goes on.
- The server numbers events without gaps, so a page shows what it holds at every seq after
  the cursor: one of our events acknowledged at such a seq and not there is lost (the server
  was restored from a backup without a new epoch), as is one acknowledged above the server's
  latest seq. Lost events go back to the outbox (status 'lost').
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cockpit.core.events import Event
from cockpit.core.versions import content

# The origins of the events this file sends to a server (cockpit/store/outbox.py): written
# here, or imported from an export (`cockpit import`: an incident moved to this machine is
# shared like one written here).
SENT_ORIGINS = ("local", "import")

if TYPE_CHECKING:
    from cockpit.store.store import Store


@dataclass(frozen=True, slots=True)
class Pulled:
    """One event of a pulled page, with its seq and who pushed it (server metadata)."""

    seq: int
    event: Event
    pushed_by: str = ""


@dataclass(frozen=True, slots=True)
class Invalid:
    """One item of a pulled page that could not be read as an event: set aside."""

    seq: int
    event_id: str  # '' when it has none
    reason: str
    raw: str  # the item's event as received (JSON text)
    pushed_by: str = ""


@dataclass(frozen=True, slots=True)
class SetAside:
    """A copy the server sent that was not stored, with why (`cockpit sync` lists them)."""

    incident: str
    event_id: str
    seq: int | None
    reason: str
    pushed_by: str
    json: str
    at: str


@dataclass(slots=True)
class Applied:
    """What a pulled page did: the events new here, those of ours whose clock the server
    capped, how many copies were set aside and how many of our events the server lost."""

    new: list[Event] = field(default_factory=list)
    capped: list[str] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # ids of the pulled copies not stored
    set_aside: int = 0
    lost: int = 0


def apply_page(
    store: Store,
    now: str,
    incident: str,
    items: Sequence[Pulled],
    epoch: str,
    cursor: int,
    *,
    after: int = 0,
    invalid: Sequence[Invalid] = (),
    cursor_id: str | None = None,
    last_seq: int | None = None,
    acked_upto: int = 0,
) -> Applied:
    """Store a pulled page and move the cursor, in one transaction.

    A stored event is never replaced (SYNC.md): the one change taken is the server's cap
    on the clock value of one of our own events (same content, an earlier `hlc`), so that
    every terminal settles shared state the same way. Any other copy under a known id,
    and every item that is not a valid event (`invalid`), is set aside with its reason.

    The page also shows what the server holds at each seq after `after`: one of our
    events acknowledged at such a seq and not there is lost (the server was restored from
    a backup), as is one acknowledged at or below `acked_upto` (read before the pull) and
    above the server's `last_seq`. Lost events are offered again.
    """
    out = Applied()
    with store.transaction() as tx:
        at_seq: dict[int, str] = {}
        for item in items:
            e = item.event
            at_seq[item.seq] = e.id
            row = tx.execute(
                "SELECT e.incident, e.origin, e.hlc, e.json, p.seq FROM events e "
                "LEFT JOIN sync_pushed p ON p.event_id = e.id "
                "AND p.status IN ('created', 'duplicate') WHERE e.id = ?",
                (e.id,),
            ).fetchone()
            if row is None:
                stored = tx.insert(e, "remote", keep_clock=True, recorded_by=item.pushed_by)
                if stored is not None:
                    out.new.append(stored)
                continue
            here_incident, origin, here_hlc, here_json, acked_seq = row
            if acked_seq is not None and acked_seq != item.seq:  # ours, numbered anew
                tx.execute("UPDATE sync_pushed SET seq = ? WHERE event_id = ?", (item.seq, e.id))
            js = e.model_dump_json()
            reason = difference(here_incident, here_json, e.incident, js)
            if reason is None:
                if here_hlc == e.hlc:
                    continue  # the same event
                if origin in SENT_ORIGINS and e.hlc < here_hlc:  # the server capped our clock
                    tx.execute("UPDATE events SET hlc = ?, json = ? WHERE id = ?",
                               (e.hlc, js, e.id))  # fmt: skip
                    out.capped.append(e.id)
                    continue
                reason = "the same event with another clock value (only the server's cap "
                reason += "on our own events is taken)"
            out.refused.add(e.id)
            out.set_aside += _keep_aside(tx, incident, e.id, item.seq, reason,
                                         item.pushed_by, js, now)  # fmt: skip
        for bad in invalid:
            if bad.event_id:
                at_seq[bad.seq] = bad.event_id
            out.set_aside += _keep_aside(tx, incident, bad.event_id, bad.seq, bad.reason,
                                         bad.pushed_by, bad.raw, now)  # fmt: skip
        out.lost = _check_acked(tx, incident, after, at_seq, last_seq, acked_upto)
        if cursor_id is None:
            cursor_id = at_seq[max(at_seq)] if at_seq else None
        if cursor_id is None:
            tx.execute(
                "UPDATE sync_links SET epoch = ?, cursor = ? WHERE incident = ?",
                (epoch, cursor, incident),
            )
        else:
            tx.execute(
                "UPDATE sync_links SET epoch = ?, cursor = ?, cursor_id = ? WHERE incident = ?",
                (epoch, cursor, cursor_id, incident),
            )
    return out


def difference(here_incident: str, here_json: str, incident: str, js: str) -> str | None:
    """Why a copy (`js`, of `incident`) is not the event this file holds under its id, or
    None when it is the same (its clock value aside): the never-replace rule's one test, for
    a pull and for an import (cockpit/export/importing.py)."""
    if here_incident != incident:
        return f"id already used here by incident {here_incident}"
    if content(here_json) != content(js):
        return "a different event under an id this file already holds"
    return None


def _keep_aside(tx, incident: str, event_id: str, seq: int | None, reason: str,
                pushed_by: str, js: str, at: str) -> int:  # fmt: skip
    """Keep one copy aside (once: the same copy pulled again is not counted twice)."""
    digest = hashlib.sha256(js.encode("utf-8", "surrogatepass")).hexdigest()
    cur = tx.execute(
        "INSERT INTO sync_set_aside (incident, event_id, seq, reason, pushed_by, json, digest, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (incident, event_id, seq, reason[:500], pushed_by or "", js, digest, at),
    )
    return cur.rowcount


def _check_acked(tx, incident: str, after: int, at_seq: dict[int, str],
                 last_seq: int | None, acked_upto: int) -> int:  # fmt: skip
    """Mark our acknowledged events that the server no longer holds as lost; how many."""
    lost: list[str] = []
    if at_seq:
        rows = tx.execute(
            "SELECT event_id, seq FROM sync_pushed WHERE incident = ? "
            "AND status IN ('created', 'duplicate') AND seq > ? AND seq <= ?",
            (incident, after, max(at_seq)),
        ).fetchall()
        lost.extend(eid for eid, seq in rows if at_seq.get(seq) != eid)
    if last_seq is not None and acked_upto > last_seq:
        rows = tx.execute(
            "SELECT event_id FROM sync_pushed WHERE incident = ? "
            "AND status IN ('created', 'duplicate') AND seq > ? AND seq <= ?",
            (incident, last_seq, acked_upto),
        ).fetchall()
        lost.extend(eid for (eid,) in rows)
    if not lost:
        return 0
    for i in range(0, len(lost), 500):
        chunk = lost[i : i + 500]
        marks = ",".join("?" * len(chunk))
        tx.execute(f"UPDATE sync_pushed SET status = 'lost' WHERE event_id IN ({marks})", chunk)
        (first,) = tx.execute(
            f"SELECT min(seq) FROM events WHERE id IN ({marks})", chunk
        ).fetchone()
        if first is not None:
            tx.execute(
                "UPDATE sync_links SET pushed_upto = min(pushed_upto, ?) WHERE incident = ?",
                (first - 1, incident),
            )
    return len(set(lost))
