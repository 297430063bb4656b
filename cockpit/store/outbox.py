"""Sync bookkeeping in the local file: joined incidents, pull cursors, and the push outbox.

The outbox is not a copy: it is every event written here (origin 'local', or 'import': see
`pulled.SENT_ORIGINS`) of a joined incident that has no row in `sync_pushed` yet. So whatever
writes to the file (the screen, `cockpit note`, a script) is pushed without telling anyone. A row records what the server said:
created / duplicate (with its seq) or rejected (with the reason, shown beside the event; the
event itself stays in the timeline), later superseded when a copy is sent again (`resend`).

Nothing the server sends replaces what is stored (`apply_pulled`): a different event under a
known id is set aside and reported, as is one that is not valid. And nothing the server loses
is lost: each seq it acknowledged for one of our events is checked against what later pulls
show at that seq; an event the server no longer holds is offered again (status 'lost'), as
is every one after an epoch change (status 'recheck': the server answers duplicate for what
it kept).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cockpit.core.clock import Clock, SystemClock
from cockpit.core.compose import copy_event
from cockpit.core.events import Event
from cockpit.core.ids import short, uuid7
from cockpit.store.errors import StoreError
from cockpit.store.pulled import Applied, Invalid, Pulled, SetAside, apply_page
from cockpit.store.store import Store, stamp

__all__ = ["Applied", "Invalid", "Link", "Pulled", "Refused", "SetAside", "SyncBook"]


@dataclass(frozen=True, slots=True)
class Link:
    incident: str
    url: str
    epoch: str
    cursor: int
    pushed_upto: int
    paused: str
    joined_at: str
    cursor_id: str = ""  # the id of the event at `cursor` (a restore without a new epoch)

    @property
    def after(self) -> str:
        """The pull cursor as the server wants it."""
        return f"{self.epoch}:{self.cursor}" if self.epoch else "0"


@dataclass(frozen=True, slots=True)
class Refused:
    """A local event the server refused, with its reason."""

    event: Event
    reason: str


_PENDING = (
    "FROM events e LEFT JOIN sync_pushed p ON p.event_id = e.id "
    "WHERE e.incident = ? AND e.origin IN ('local', 'import') AND e.seq > ? "
    "AND (p.event_id IS NULL OR p.status IN ('lost', 'recheck'))"
)
_LINK_COLS = "incident, url, epoch, cursor, pushed_upto, paused, joined_at, cursor_id"


class SyncBook:
    """The sync tables of one Store (shares its connection and lock)."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or SystemClock()

    # ---- links --------------------------------------------------------------------------------

    def join(self, incident: str, url: str) -> Link:
        """Join (or re-point) an incident to a server. Re-pointing to another URL starts over."""
        url = url.rstrip("/")
        with self.store.transaction() as tx:
            row = tx.execute(
                "SELECT url FROM sync_links WHERE incident = ?", (incident,)
            ).fetchone()
            if row is None:
                tx.execute(
                    "INSERT INTO sync_links (incident, url, joined_at) VALUES (?, ?, ?)",
                    (incident, url, stamp(self.clock.now())),
                )
            elif row[0] == url:  # joining again lifts a pause (a 403 fixed by an admin, say)
                tx.execute("UPDATE sync_links SET paused = '' WHERE incident = ?", (incident,))
            else:
                tx.execute(
                    "UPDATE sync_links SET url = ?, epoch = '', cursor = 0, cursor_id = '', "
                    "pushed_upto = 0, paused = '' WHERE incident = ?",
                    (url, incident),
                )
                tx.execute(
                    "DELETE FROM sync_pushed WHERE incident = ? "
                    "AND status NOT IN ('rejected', 'superseded')",
                    (incident,),
                )
        link = self.link(incident)
        assert link is not None
        return link

    def leave(self, incident: str) -> bool:
        with self.store.transaction() as tx:
            cur = tx.execute("DELETE FROM sync_links WHERE incident = ?", (incident,))
            return cur.rowcount > 0

    def link(self, incident: str) -> Link | None:
        rows = self.store.query(
            f"SELECT {_LINK_COLS} FROM sync_links WHERE incident = ?", (incident,)
        )
        return Link(*rows[0]) if rows else None

    def links(self) -> list[Link]:
        rows = self.store.query(f"SELECT {_LINK_COLS} FROM sync_links ORDER BY joined_at")
        return [Link(*r) for r in rows]

    def set_cursor(self, incident: str, epoch: str, cursor: int, cursor_id: str = "") -> None:
        with self.store.transaction() as tx:
            tx.execute(
                "UPDATE sync_links SET epoch = ?, cursor = ?, cursor_id = ? WHERE incident = ?",
                (epoch, cursor, cursor_id, incident),
            )

    def set_paused(self, incident: str, reason: str) -> None:
        with self.store.transaction() as tx:
            tx.execute("UPDATE sync_links SET paused = ? WHERE incident = ?", (reason, incident))

    def reset(self, incident: str) -> None:
        """The server changed epoch, or its history moved under our cursor (restored from a
        backup): pull from zero, offer every local event again (the server keeps the ones it
        lacks and answers duplicate for the others)."""
        with self.store.transaction() as tx:
            tx.execute(
                "UPDATE sync_links SET epoch = '', cursor = 0, cursor_id = '', pushed_upto = 0 "
                "WHERE incident = ?",
                (incident,),
            )
            tx.execute(
                "UPDATE sync_pushed SET status = 'recheck' WHERE incident = ? "
                "AND status IN ('created', 'duplicate')",
                (incident,),
            )

    # ---- outbox -------------------------------------------------------------------------------

    def pending(self, incident: str, limit: int = 500) -> list[Event]:
        """The next local events to push, oldest first (none if the incident is not joined)."""
        link = self.link(incident)
        if link is None:
            return []
        upto = link.pushed_upto
        rows = self.store.query(
            f"SELECT e.json {_PENDING} ORDER BY e.seq LIMIT ?", (incident, upto, limit)
        )
        return [Event.model_validate_json(js) for (js,) in rows]

    def pending_count(self, incident: str) -> int:
        link = self.link(incident)
        if link is None:
            return 0
        return self.store.query(f"SELECT count(*) {_PENDING}", (incident, link.pushed_upto))[0][0]

    def lost_count(self, incident: str) -> int:
        """Our events the server acknowledged once and no longer holds, not yet sent again."""
        return self.store.query(
            "SELECT count(*) FROM sync_pushed WHERE incident = ? AND status = 'lost'", (incident,)
        )[0][0]

    def acked_upto(self, incident: str) -> int:
        """The highest seq the server gave one of our events (read before a pull: every one
        of these the server must still hold, whatever the pull shows)."""
        return self.store.query(
            "SELECT coalesce(max(seq), 0) FROM sync_pushed WHERE incident = ? "
            "AND status IN ('created', 'duplicate')",
            (incident,),
        )[0][0]

    def mark(self, incident: str, results: Iterable[tuple[str, str, int | None, str]]) -> int:
        """Record the server's answers: (event id, status, seq, reason). Returns how many of
        them were events the server had lost and now holds again."""
        at = stamp(self.clock.now())
        results = list(results)
        with self.store.transaction() as tx:
            again = _again(tx, [r[0] for r in results])
            tx.executemany(
                "INSERT INTO sync_pushed (event_id, incident, status, seq, reason, at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET "
                "status = excluded.status, seq = excluded.seq, reason = excluded.reason, "
                "at = excluded.at",
                [(eid, incident, st, seq, reason or "", at) for eid, st, seq, reason in results],
            )
            (upto,) = tx.execute(
                "SELECT pushed_upto FROM sync_links WHERE incident = ?", (incident,)
            ).fetchone() or (0,)
            (first,) = tx.execute(f"SELECT min(e.seq) {_PENDING}", (incident, upto)).fetchone()
            if first is None:
                (first,) = tx.execute("SELECT coalesce(max(seq), 0) + 1 FROM events").fetchone()
            tx.execute(
                "UPDATE sync_links SET pushed_upto = ? WHERE incident = ?", (first - 1, incident)
            )
        return sum(1 for eid, st, _, _ in results if st == "created" and eid in again)

    def rejected(self, incident: str) -> dict[str, str]:
        """Local events the server refused, with its reason (they stay in the timeline)."""
        rows = self.store.query(
            "SELECT event_id, reason FROM sync_pushed WHERE incident = ? AND status = 'rejected'",
            (incident,),
        )
        return dict(rows)

    # ---- refused events: listed, marked, sent again as new ones ---------------------------------

    def refused(self, incident: str | None = None) -> list[Refused]:
        """Events the server refused that nobody sent again, oldest first (all incidents if
        None)."""
        sql = (
            "SELECT e.json, p.reason FROM sync_pushed p JOIN events e ON e.id = p.event_id "
            "WHERE p.status = 'rejected'"
        )
        params: tuple[str, ...] = ()
        if incident is not None:
            sql, params = sql + " AND p.incident = ?", (incident,)
        rows = self.store.query(sql + " ORDER BY e.seq", params)
        return [Refused(Event.model_validate_json(js), reason) for js, reason in rows]

    def marks(self, incident: str) -> dict[str, tuple[str, bool]]:
        """Event id -> (reason, sent again since) for every refused event of an incident: what
        the timeline marks. An index lookup: cheap when there are none."""
        rows = self.store.query(
            "SELECT event_id, reason, status FROM sync_pushed WHERE incident = ? "
            "AND status IN ('rejected', 'superseded')",
            (incident,),
        )
        return {eid: (reason, status == "superseded") for eid, reason, status in rows}

    def resend(self, items: Iterable[Refused], author: str) -> list[tuple[Event, Event]]:
        """Send refused events again: a copy of each as a new local event by `author` (pushed
        like any other), and the old one marked 'superseded' (kept, never changed, no longer
        listed), in one transaction. Returns (old, copy) pairs. Events sent again together keep
        pointing at each other (an edit of a refused note targets the note's copy)."""
        items = list(items)
        renames = {r.event.id: uuid7(self.clock.now()) for r in items}
        done: list[tuple[Event, Event]] = []
        with self.store.transaction() as tx:
            for r in items:
                old = r.event
                copy = copy_event(old, author, self.clock, new_id=renames[old.id], renames=renames)
                stored = tx.insert(copy, "local") or copy
                cur = tx.execute(
                    "UPDATE sync_pushed SET status = 'superseded', reason = ? "
                    "WHERE event_id = ? AND status = 'rejected'",
                    (f"{r.reason} (sent again as {short(stored.id)})", old.id),
                )
                if cur.rowcount != 1:  # sent again meanwhile, from another window: undo all
                    raise StoreError(
                        f"{short(old.id)} is no longer refused (sent again meanwhile?); nothing "
                        "was sent again: `cockpit sync` lists what is left"
                    )
                done.append((old, stored))
        return done

    # ---- what the server sent and was not stored ------------------------------------------------

    def set_aside(self, incident: str | None = None) -> list[SetAside]:
        """Copies the server sent that were refused or not valid, oldest first."""
        sql = "SELECT incident, event_id, seq, reason, pushed_by, json, at FROM sync_set_aside"
        params: tuple = ()
        if incident is not None:
            sql += " WHERE incident = ?"
            params = (incident,)
        return [SetAside(*r) for r in self.store.query(sql + " ORDER BY n", params)]

    def set_aside_count(self, incident: str) -> int:
        return self.store.query(
            "SELECT count(*) FROM sync_set_aside WHERE incident = ?", (incident,)
        )[0][0]

    # ---- pulled events ------------------------------------------------------------------------

    def apply_pulled(
        self,
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
        """Store a pulled page and move the cursor, in one transaction (see
        `cockpit.store.pulled.apply_page`: nothing stored is ever replaced; what the server
        lost of ours is found and offered again)."""
        return apply_page(
            self.store, stamp(self.clock.now()), incident, items, epoch, cursor, after=after,
            invalid=invalid, cursor_id=cursor_id, last_seq=last_seq, acked_upto=acked_upto,
        )  # fmt: skip


def _again(tx, ids: list[str]) -> set[str]:
    """Which of these events were being offered again (lost, or rechecked after a reset)."""
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            eid
            for (eid,) in tx.execute(
                f"SELECT event_id FROM sync_pushed WHERE event_id IN ({marks}) "
                "AND status IN ('lost', 'recheck')",
                chunk,
            )
        )
    return found
