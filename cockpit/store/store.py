"""The local file: incidents and their append-only event logs.

Every append is one committed transaction before the call returns. Several processes may
append to one file at once (WAL mode, BEGIN IMMEDIATE, a busy timeout). A Store may be shared
between threads: one connection, one lock. A file found damaged is written to no more
(store/damage.py).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cockpit.core import hlc
from cockpit.core.events import Event, IncidentDeclared
from cockpit.store import damage, errors
from cockpit.store.connection import connect, readable_errors, translate
from cockpit.store.reads import Reads
from cockpit.store.times import stamp as stamp  # re-exported: callers read it from here

if TYPE_CHECKING:
    import sqlite_utils

_REF = re.compile(r"^(?:inc-?)?(\d+)$", re.IGNORECASE)
UNKNOWN_KIND = "unknown"  # the kind column of an event this cockpit does not understand


@dataclass(frozen=True, slots=True)
class IncidentRef:
    id: str
    number: int
    created_at: str

    @property
    def label(self) -> str:
        return f"INC-{self.number}"


class Transaction:
    """A write transaction of a Store (see `Store.transaction`)."""

    def __init__(self, conn: sqlite3.Connection, ensure: Callable[..., IncidentRef],
                 insert: Callable[..., Event | None]) -> None:  # fmt: skip
        self.conn = conn
        self._ensure, self._insert = ensure, insert

    def execute(self, sql: str, params: Iterable[object] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def insert(self, e: Event, origin: str, *, keep_clock: bool = False,
               recorded_by: str = "") -> Event | None:  # fmt: skip
        """Insert one event, its incident made known first; None if its id is already here."""
        self._ensure(self.conn, e.incident, e.recorded_at)
        return self._insert(self.conn, e, origin, keep_clock, recorded_by=recorded_by)


class Store(Reads):
    read_only = False  # a follower's (store/read_only.py)

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        busy_timeout_ms: int | None = None,
        recorder: str = "",
    ) -> None:
        self.conn = conn
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        # This terminal's configured name: an event appended here under another author (a
        # scribe's or a bot's `--author`) is marked as recorded by it (SYNC.md, "Who wrote
        # it, who pushed it"). Empty: nobody to name.
        self.recorder = recorder
        self._lock = threading.RLock()
        # What a read (here or in another process) found damaged; None while it is whole.
        self._damage: str | None = damage.remembered(path)
        self._damage_checked = False

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection; imported on first use, so that `cockpit note`
        does not pay for it (~0.1 s) on start-up."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn, execute_plugins=False)

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = False,
        busy_timeout_ms: int | None = None,
        recorder: str = "",
    ) -> Store:
        """Open (and with `create`, make) a cockpit file; StoreError says what is wrong.

        `busy_timeout_ms`: how long a write waits for another writer's lock (default 5 s).
        `recorder`: this terminal's configured name (see `Store.recorder`).
        """
        p = Path(path)
        conn = connect(p, create=create, busy_timeout_ms=busy_timeout_ms)
        return cls(conn, p, busy_timeout_ms, recorder)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction, committed on the way out (or rolled back)."""
        if self._damage is not None:
            self._refuse_if_damaged()
        with self._lock, self._errors():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _read(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        with self._lock, self._errors():
            return self.conn.execute(sql, tuple(params)).fetchall()

    def query(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        """The rows of one read-only statement, under the store's lock and with its readable
        errors: for the store's own modules that keep a query beside its one use
        (screen_load, outbox)."""
        return self._read(sql, params)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One immediate write transaction, committed on the way out (or rolled back), for the
        store's own modules that write beside the events (the sync bookkeeping: outbox,
        pulled): SQL, and events inserted as `append` would, in the same transaction."""
        with self._write() as conn:
            yield Transaction(conn, self._ensure_incident, self._insert)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """sqlite3 errors as StoreErrors that say what to do; damage found is remembered."""
        try:
            with readable_errors(self.path, self.busy_timeout_ms):
                yield
        except errors.DatabaseCorrupt as exc:
            if isinstance(exc.__cause__, sqlite3.DatabaseError):  # what SQLite found
                self._found_damage(str(exc.__cause__))
            raise

    def _found_damage(self, detail: str) -> None:
        self._damage, self._damage_checked = detail, True
        damage.remember(self.path, detail)

    def _refuse_if_damaged(self) -> None:
        """Called before a write to a file that a read found damaged: check it once (it may
        have been restored since); still damaged, the write is refused."""
        with self._lock:
            if self._damage is None:
                return
            if not self._damage_checked:
                self._damage_checked = True
                if damage.intact(self.conn):
                    damage.forget(self.path)
                    self._damage = None
                    return
            raise damage.refusal(self.path, self._damage)

    # ---- incidents ----------------------------------------------------------------------------

    def declare(self, event: Event, *then: Event) -> tuple[IncidentRef, Event]:
        """Create an incident from its `incident_declared` event; gives it the next INC number.

        `then`: events of the new incident committed in the same transaction (its first IC),
        so that a failure leaves no half-declared incident for a retry to declare twice.
        """
        if not isinstance(event.body, IncidentDeclared):
            raise ValueError("an incident starts with an incident_declared event")
        if any(e.incident != event.incident for e in then):
            raise ValueError("events declared with an incident must belong to it")
        with self._write() as conn:
            ref = self._ensure_incident(conn, event.incident, event.recorded_at)
            stored = self._insert(conn, event, "local")
            for e in then:
                self._insert(conn, e, "local")
        return ref, stored or event

    def ensure_incident(self, incident_id: str, created_at: datetime) -> IncidentRef:
        """Make sure an incident known from elsewhere (sync) has a row and a local number."""
        with self._write() as conn:
            return self._ensure_incident(conn, incident_id, created_at)

    def _ensure_incident(
        self, conn: sqlite3.Connection, incident_id: str, at: datetime
    ) -> IncidentRef:
        row = conn.execute(
            "SELECT id, number, created_at FROM incidents WHERE id = ?", (incident_id,)
        ).fetchone()
        if row:
            return IncidentRef(*row)
        (number,) = conn.execute("SELECT coalesce(max(number), 0) + 1 FROM incidents").fetchone()
        conn.execute(
            "INSERT INTO incidents (id, number, created_at) VALUES (?, ?, ?)",
            (incident_id, number, stamp(at)),
        )
        return IncidentRef(incident_id, number, stamp(at))

    def incidents(self) -> list[IncidentRef]:
        rows = self._read("SELECT id, number, created_at FROM incidents ORDER BY number")
        return [IncidentRef(*r) for r in rows]

    def incident(self, ref: str) -> IncidentRef:
        """Find an incident by `INC-3`, `3` or its id."""
        m = _REF.match(ref.strip())
        if m:
            digits = m[1].lstrip("0") or "0"  # beyond SQLite's integers, no incident has it
            rows = (
                self._read("SELECT id, number, created_at FROM incidents WHERE number = ?",
                           (int(digits),))
                if len(digits) < 19 or (len(digits) == 19 and int(digits) < 2**63) else []
            )  # fmt: skip
        else:
            rows = self._read(
                "SELECT id, number, created_at FROM incidents WHERE id = ?", (ref.strip(),)
            )
        if not rows:
            known = ", ".join(i.label for i in self.incidents()[-5:]) or "none yet"
            raise errors.UnknownIncident(
                f"no incident {ref[:80]!r} in {self.path} (known: {known}); `cockpit list` shows them all"
            )
        return IncidentRef(*rows[0])

    # ---- events -------------------------------------------------------------------------------

    def append(self, event: Event, *, origin: str = "local") -> Event:
        """Commit one event; returns it as stored (its clock value moved past the file's latest).

        Appending an id that is already in the file changes nothing and returns the stored one.
        """
        # The hot path of every note: the row is serialised before the write lock is taken,
        # and the transaction is spelled out rather than nested in context managers (about a
        # third of an append's own cost; see bench/bench_append.py).
        if self._damage is not None:
            self._refuse_if_damaged()
        prepared = (stamp(event.at), event.model_dump_json())
        conn = self.conn
        with self._lock:
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    stored = self._insert(conn, event, origin, prepared=prepared)
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                failure = translate(exc, self.path, self.busy_timeout_ms)
                if isinstance(failure, errors.DatabaseCorrupt):
                    self._found_damage(str(exc))
                raise failure from exc
        return stored if stored is not None else self.event(event.id) or event

    def append_many(self, events: Iterable[Event], *, origin: str = "remote") -> list[Event]:
        """Commit a batch in one transaction (a sync pull, or writes that go together); returns
        the events that were new."""
        new: list[Event] = []
        with self._write() as conn:
            for e in events:
                self._ensure_incident(conn, e.incident, e.recorded_at)
                stored = self._insert(conn, e, origin, keep_clock=origin != "local")
                if stored is not None:
                    new.append(stored)
        return new

    def _insert(
        self,
        conn: sqlite3.Connection,
        e: Event,
        origin: str,
        keep_clock: bool = False,
        prepared: tuple[str, str] | None = None,
        recorded_by: str = "",
    ) -> Event | None:
        """Insert one event inside the caller's transaction; None if its id is already here.

        `prepared`: the event's (stamped `at`, JSON) made beforehand, used unless its clock
        value has to move on. `recorded_by`: for an event from elsewhere, who pushed it; a
        local one is recorded by `self.recorder`. Kept only when it is not the author.
        """
        given = e
        # One round trip for the three checks: is it here already, the file's latest clock
        # value, is its incident here (each an index lookup). An append is mostly this and
        # the commit, so it counts (bench/bench_append.py).
        here, latest, exists = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM events WHERE id = ?), (SELECT max(hlc) FROM events), "
            "EXISTS (SELECT 1 FROM incidents WHERE id = ?)",
            (e.id, e.incident),
        ).fetchone()
        if here:
            return None
        if not keep_clock and latest is not None and e.hlc <= latest:
            e = e.model_copy(update={"hlc": hlc.next_after(latest, e.recorded_at)})
        if not exists:
            raise errors.UnknownIncident(
                f"no incident {e.incident} in {self.path}; declare it first"
            )
        at, js = prepared if prepared is not None and e is given else (stamp(e.at), None)
        recorder = self.recorder if origin == "local" else recorded_by
        by = recorder if recorder and recorder != e.author else None
        conn.execute(
            "INSERT INTO events (id, incident, kind, author, at, hlc, origin, json, recorded_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (e.id, e.incident, UNKNOWN_KIND if e.unknown else e.kind, e.author, at, e.hlc,
             origin, js or e.model_dump_json(), by),
        )  # fmt: skip
        return e if by is None else e.model_copy(update={"recorded_by": by})

    # ---- drafts: typed but not saved ----------------------------------------------------------

    def save_draft(self, incident_id: str, slot: str, text: str, at: datetime) -> None:
        with self._write() as conn:
            if text:
                conn.execute(
                    "INSERT INTO drafts (incident, slot, text, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (incident, slot) DO UPDATE SET text = excluded.text, "
                    "updated_at = excluded.updated_at",
                    (incident_id, slot, text, stamp(at)),
                )
            else:
                conn.execute(
                    "DELETE FROM drafts WHERE incident = ? AND slot = ?", (incident_id, slot)
                )

    def draft(self, incident_id: str, slot: str) -> str:
        return self.draft_written(incident_id, slot)[0]

    def draft_written(self, incident_id: str, slot: str) -> tuple[str, datetime | None]:
        """The kept draft and when it was last written (None when there is none)."""
        rows = self._read(
            "SELECT text, updated_at FROM drafts WHERE incident = ? AND slot = ?",
            (incident_id, slot),
        )
        if not rows:
            return "", None
        return rows[0][0], datetime.fromisoformat(rows[0][1].replace("Z", "+00:00"))
