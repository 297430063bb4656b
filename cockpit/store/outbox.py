"""Sync bookkeeping in the local file: joined incidents, pull cursors, and the push outbox.

The outbox is not a copy: it is every event written here (origin 'local') of a joined incident
that has no row in `sync_pushed` yet. So whatever writes to the file (the screen, `cockpit
note`, a script) is pushed without telling anyone. A row records what the server said:
created / duplicate (with its seq) or rejected (with the reason, shown beside the event; the
event itself stays in the timeline), later superseded when a copy is sent again (`resend`). After an epoch reset the created/duplicate rows are
forgotten, so every local event is offered again and the server keeps the ones it lacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cockpit.core.clock import Clock, SystemClock
from cockpit.core.compose import copy_event
from cockpit.core.events import Event
from cockpit.core.ids import short, uuid7
from cockpit.store.errors import StoreError
from cockpit.store.store import Store, stamp


@dataclass(frozen=True, slots=True)
class Link:
    incident: str
    url: str
    epoch: str
    cursor: int
    pushed_upto: int
    paused: str
    joined_at: str

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
    "WHERE e.incident = ? AND e.origin = 'local' AND e.seq > ? AND p.event_id IS NULL"
)
_LINK_COLS = "incident, url, epoch, cursor, pushed_upto, paused, joined_at"


class SyncBook:
    """The sync tables of one Store (shares its connection and lock)."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or SystemClock()

    # ---- links --------------------------------------------------------------------------------

    def join(self, incident: str, url: str) -> Link:
        """Join (or re-point) an incident to a server. Re-pointing to another URL starts over."""
        url = url.rstrip("/")
        with self.store._write() as conn:
            row = conn.execute(
                "SELECT url FROM sync_links WHERE incident = ?", (incident,)
            ).fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO sync_links (incident, url, joined_at) VALUES (?, ?, ?)",
                    (incident, url, stamp(self.clock.now())),
                )
            elif row[0] == url:  # joining again lifts a pause (a 403 fixed by an admin, say)
                conn.execute("UPDATE sync_links SET paused = '' WHERE incident = ?", (incident,))
            else:
                conn.execute(
                    "UPDATE sync_links SET url = ?, epoch = '', cursor = 0, pushed_upto = 0, "
                    "paused = '' WHERE incident = ?",
                    (url, incident),
                )
                conn.execute(
                    "DELETE FROM sync_pushed WHERE incident = ? "
                    "AND status NOT IN ('rejected', 'superseded')",
                    (incident,),
                )
        link = self.link(incident)
        assert link is not None
        return link

    def leave(self, incident: str) -> bool:
        with self.store._write() as conn:
            cur = conn.execute("DELETE FROM sync_links WHERE incident = ?", (incident,))
            return cur.rowcount > 0

    def link(self, incident: str) -> Link | None:
        rows = self.store._read(
            f"SELECT {_LINK_COLS} FROM sync_links WHERE incident = ?", (incident,)
        )
        return Link(*rows[0]) if rows else None

    def links(self) -> list[Link]:
        rows = self.store._read(f"SELECT {_LINK_COLS} FROM sync_links ORDER BY joined_at")
        return [Link(*r) for r in rows]

    def set_cursor(self, incident: str, epoch: str, cursor: int) -> None:
        with self.store._write() as conn:
            conn.execute(
                "UPDATE sync_links SET epoch = ?, cursor = ? WHERE incident = ?",
                (epoch, cursor, incident),
            )

    def set_paused(self, incident: str, reason: str) -> None:
        with self.store._write() as conn:
            conn.execute("UPDATE sync_links SET paused = ? WHERE incident = ?", (reason, incident))

    def reset(self, incident: str) -> None:
        """The server changed epoch: pull from zero, offer every local event again."""
        with self.store._write() as conn:
            conn.execute(
                "UPDATE sync_links SET epoch = '', cursor = 0, pushed_upto = 0 WHERE incident = ?",
                (incident,),
            )
            conn.execute(
                "DELETE FROM sync_pushed WHERE incident = ? "
                "AND status NOT IN ('rejected', 'superseded')",
                (incident,),
            )

    # ---- outbox -------------------------------------------------------------------------------

    def pending(self, incident: str, limit: int = 500) -> list[Event]:
        """The next local events to push, oldest first (none if the incident is not joined)."""
        link = self.link(incident)
        if link is None:
            return []
        upto = link.pushed_upto
        rows = self.store._read(
            f"SELECT e.json {_PENDING} ORDER BY e.seq LIMIT ?", (incident, upto, limit)
        )
        return [Event.model_validate_json(js) for (js,) in rows]

    def pending_count(self, incident: str) -> int:
        link = self.link(incident)
        if link is None:
            return 0
        return self.store._read(f"SELECT count(*) {_PENDING}", (incident, link.pushed_upto))[0][0]

    def mark(self, incident: str, results: Iterable[tuple[str, str, int | None, str]]) -> None:
        """Record the server's answers: (event id, status, seq, reason)."""
        at = stamp(self.clock.now())
        with self.store._write() as conn:
            conn.executemany(
                "INSERT INTO sync_pushed (event_id, incident, status, seq, reason, at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET "
                "status = excluded.status, seq = excluded.seq, reason = excluded.reason, "
                "at = excluded.at",
                [(eid, incident, st, seq, reason or "", at) for eid, st, seq, reason in results],
            )
            (upto,) = conn.execute(
                "SELECT pushed_upto FROM sync_links WHERE incident = ?", (incident,)
            ).fetchone() or (0,)
            (first,) = conn.execute(f"SELECT min(e.seq) {_PENDING}", (incident, upto)).fetchone()
            if first is None:
                (first,) = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM events").fetchone()
            conn.execute(
                "UPDATE sync_links SET pushed_upto = ? WHERE incident = ?", (first - 1, incident)
            )

    def rejected(self, incident: str) -> dict[str, str]:
        """Local events the server refused, with its reason (they stay in the timeline)."""
        rows = self.store._read(
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
        rows = self.store._read(sql + " ORDER BY e.seq", params)
        return [Refused(Event.model_validate_json(js), reason) for js, reason in rows]

    def marks(self, incident: str) -> dict[str, tuple[str, bool]]:
        """Event id -> (reason, sent again since) for every refused event of an incident: what
        the timeline marks. An index lookup: cheap when there are none."""
        rows = self.store._read(
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
        with self.store._write() as conn:
            for r in items:
                old = r.event
                copy = copy_event(old, author, self.clock, new_id=renames[old.id], renames=renames)
                stored = self.store._insert(conn, copy, "local") or copy
                cur = conn.execute(
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

    # ---- pulled events ------------------------------------------------------------------------

    def apply_pulled(
        self, incident: str, events: list[Event], epoch: str, cursor: int
    ) -> list[Event]:
        """Store pulled events and move the cursor, in one transaction; returns the new ones.

        An event already here whose clock value the server capped takes the server's value,
        so that every terminal settles shared state the same way.
        """
        new: list[Event] = []
        with self.store._write() as conn:
            for e in events:
                row = conn.execute("SELECT hlc FROM events WHERE id = ?", (e.id,)).fetchone()
                if row is not None:
                    if row[0] != e.hlc:
                        conn.execute(
                            "UPDATE events SET hlc = ?, json = ? WHERE id = ?",
                            (e.hlc, e.model_dump_json(), e.id),
                        )
                    continue
                self.store._ensure_incident(conn, e.incident, e.recorded_at)
                stored = self.store._insert(conn, e, "remote", keep_clock=True)
                if stored is not None:
                    new.append(stored)
            conn.execute(
                "UPDATE sync_links SET epoch = ?, cursor = ? WHERE incident = ?",
                (epoch, cursor, incident),
            )
        return new
