"""The SQL both backends share: tables, migrations, tokens, incidents, push and pull.

SQLite and PostgreSQL speak the same SQL here (`ON CONFLICT DO NOTHING`, `BIGINT`, which
SQLite reads as an integer); what differs is each backend's own: how a transaction begins
and locks (SQLite's BEGIN IMMEDIATE, PostgreSQL's row lock and advisory lock), its parameter
marks (written `?` here, `%s` for psycopg), its errors, and waking the other processes
(PostgreSQL's NOTIFY).
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from cockpit.core.kinds import SUMMARY_KINDS
from cockpit.server.storage.base import (
    TOKEN_COLS,
    IncidentRow,
    Prepared,
    PullRows,
    Result,
    Storage,
    TokenRow,
    new_epoch,
    plan_push,
    summarize,
)

TABLES = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS tokens (
        id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, person TEXT NOT NULL,
        team TEXT NOT NULL, incident TEXT, created_at BIGINT NOT NULL, expires_at BIGINT,
        revoked_at BIGINT, permission TEXT NOT NULL DEFAULT 'write')""",
    """CREATE TABLE IF NOT EXISTS incidents (
        id TEXT PRIMARY KEY, team TEXT NOT NULL, created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL, last_seq BIGINT NOT NULL DEFAULT 0,
        summary TEXT NOT NULL DEFAULT '{}')""",
    "CREATE INDEX IF NOT EXISTS incidents_team ON incidents (team)",
    """CREATE TABLE IF NOT EXISTS events (
        id TEXT PRIMARY KEY, incident TEXT NOT NULL REFERENCES incidents (id),
        seq BIGINT NOT NULL, digest TEXT NOT NULL, json TEXT NOT NULL,
        UNIQUE (incident, seq))""",
]


# Columns added after the first release, made in place whenever a database lacks them (before
# the migrations below run): (table, column, its declaration). Tokens made before permissions
# keep the right they had: write.
ADDED_COLUMNS = [("tokens", "permission", "TEXT NOT NULL DEFAULT 'write'")]


def _add_columns(tx: Tx) -> None:
    for table, column, decl in ADDED_COLUMNS:
        cur = tx.execute(f"SELECT * FROM {table} LIMIT 0")
        if column not in {d[0] for d in cur.description}:
            tx.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


def _v2(tx: Tx) -> None:
    """Who pushed each event (NULL for the events stored before: the server then refused any
    event not written by the pusher), and each event's kind, for the incident summary that the
    core's fold now makes (`summarize`) from the events it is folded from."""
    tx.execute("ALTER TABLE events ADD COLUMN pushed_by TEXT")
    tx.execute("ALTER TABLE events ADD COLUMN kind TEXT")
    tx.execute("CREATE INDEX IF NOT EXISTS events_incident_kind ON events (incident, kind)")
    rows = tx.execute("SELECT id, json FROM events").fetchall()
    kinds = []
    for eid, js in rows:
        try:
            kinds.append((str(json.loads(js)["body"]["kind"]), eid))
        except (ValueError, KeyError, TypeError):
            kinds.append(("", eid))
    if kinds:
        tx.executemany("UPDATE events SET kind = ? WHERE id = ?", kinds)
    for (incident,) in tx.execute("SELECT id FROM incidents").fetchall():
        _resummarize(tx, incident)


def _v3(tx: Tx) -> None:
    """Restricted incidents: who may see each (a JSON list of token persons; NULL: everyone
    its team's tokens reach). Restriction events a newer client pushed before this server
    knew their kind are stored already: the incidents they name are restricted now."""
    tx.execute("ALTER TABLE incidents ADD COLUMN restricted_to TEXT")
    for (incident,) in tx.execute(
        "SELECT DISTINCT incident FROM events WHERE kind = 'incident_restricted'"
    ).fetchall():
        _resummarize(tx, incident)


MIGRATIONS = [_v2, _v3]  # from version 1 (the tables above) on; never edit one, add the next
SCHEMA_VERSION = 1 + len(MIGRATIONS)


class Tx(Protocol):
    """A connection inside a transaction, with `?` parameter marks whatever the backend."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any: ...


def _resummarize(tx: Tx, incident_id: str) -> None:
    marks = ", ".join("?" * len(SUMMARY_KINDS))
    rows = tx.execute(
        f"SELECT json FROM events WHERE incident = ? AND kind IN ({marks}) ORDER BY seq",
        (incident_id, *SUMMARY_KINDS),
    ).fetchall()
    summary = summarize(js for (js,) in rows)
    named = summary.pop("restricted_to", None)  # None: no event set it (PUT's value stands)
    tx.execute("UPDATE incidents SET summary = ? WHERE id = ?", (json.dumps(summary), incident_id))
    if named is not None:
        tx.execute(
            "UPDATE incidents SET restricted_to = ? WHERE id = ?", (_named(named), incident_id)
        )


def _named(names: Sequence[str]) -> str | None:
    return json.dumps(list(names)) if names else None


_INCIDENT_COLS = "id, team, created_by, created_at, last_seq, summary, restricted_to"


def _incident(r: Sequence[Any]) -> IncidentRow:
    return IncidentRow(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]),
                       tuple(json.loads(r[6])) if r[6] else ())  # fmt: skip


class SQLStorage(Storage):
    """Everything but the backend's own; see the module's docstring."""

    #: what follows the SELECT of the incident's counter row in a push (PostgreSQL locks it)
    LOCK_ROW = ""

    # ---- what each backend provides -----------------------------------------------------------

    @abstractmethod
    def _tx(self) -> AbstractContextManager[Tx]:
        """A write transaction, committed on the way out (rolled back on an error)."""

    @abstractmethod
    def _snapshot(self) -> AbstractContextManager[Tx]:
        """A read transaction that sees one committed state."""

    def _reader(self) -> AbstractContextManager[Tx]:
        """For one read statement."""
        return self._snapshot()

    def _lock_schema(self, tx: Tx) -> None:  # noqa: B027 - SQLite's BEGIN IMMEDIATE suffices
        """Hold off other processes that set up the same database at the same time."""

    def _committed(self, tx: Tx, incident_id: str) -> None:  # noqa: B027
        """Inside a push's transaction, once its events are in (PostgreSQL notifies)."""

    # ---- set-up -------------------------------------------------------------------------------

    def _setup(self) -> None:
        """Create the tables and run the migrations this database lacks (once, even with several
        processes starting together)."""
        with self._tx() as tx:
            self._lock_schema(tx)
            for stmt in TABLES:
                tx.execute(stmt)
            _add_columns(tx)
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('epoch', ?) ON CONFLICT DO NOTHING",
                (new_epoch(),),
            )
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('schema', '1') ON CONFLICT DO NOTHING"
            )
            (version,) = tx.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            for target in range(int(version) + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[target - 2](tx)
                tx.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(target),))

    # ---- meta and tokens ----------------------------------------------------------------------

    def _one(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._reader() as tx:
            return tx.execute(sql, params).fetchall()

    def check(self) -> None:
        self._one("SELECT 1")

    def epoch(self) -> str:
        return self._one("SELECT value FROM meta WHERE key = 'epoch'")[0][0]

    def set_epoch(self, value: str) -> None:
        with self._tx() as tx:
            tx.execute("UPDATE meta SET value = ? WHERE key = 'epoch'", (value,))

    def add_token(self, row: TokenRow, token_hash: str) -> None:
        with self._tx() as tx:
            tx.execute(
                "INSERT INTO tokens (id, hash, person, team, incident, created_at, expires_at, "
                "revoked_at, permission) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row.id, token_hash, row.person, row.team, row.incident, row.created_at,
                 row.expires_at, row.revoked_at, row.permission),
            )  # fmt: skip

    def token_by_hash(self, token_hash: str) -> TokenRow | None:
        rows = self._one(f"SELECT {TOKEN_COLS} FROM tokens WHERE hash = ?", (token_hash,))
        return TokenRow(*rows[0]) if rows else None

    def tokens(self) -> list[TokenRow]:
        return [
            TokenRow(*r)
            for r in self._one(f"SELECT {TOKEN_COLS} FROM tokens ORDER BY created_at, id")
        ]

    def revoke_token(self, token_id: str, when: int) -> bool:
        with self._tx() as tx:
            cur = tx.execute(
                "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (when, token_id),
            )
            return cur.rowcount > 0

    # ---- incidents ----------------------------------------------------------------------------

    def incident(self, incident_id: str) -> IncidentRow | None:
        rows = self._one(f"SELECT {_INCIDENT_COLS} FROM incidents WHERE id = ?", (incident_id,))
        return _incident(rows[0]) if rows else None

    def put_incident(
        self,
        incident_id: str,
        team: str,
        by: str,
        when: int,
        restricted_to: tuple[str, ...] = (),
    ) -> tuple[IncidentRow, bool]:
        with self._tx() as tx:
            cur = tx.execute(
                "INSERT INTO incidents (id, team, created_by, created_at, restricted_to) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (incident_id, team, by, when, _named(restricted_to)),
            )
            created = cur.rowcount > 0
            row = tx.execute(
                f"SELECT {_INCIDENT_COLS} FROM incidents WHERE id = ?", (incident_id,)
            ).fetchone()
        return _incident(row), created

    def incidents(self, team: str) -> list[IncidentRow]:
        rows = self._one(
            f"SELECT {_INCIDENT_COLS} FROM incidents WHERE team = ? ORDER BY created_at, id",
            (team,),
        )
        return [_incident(r) for r in rows]

    # ---- events -------------------------------------------------------------------------------

    def push(self, incident_id: str, items: list[Prepared]) -> list[Result]:
        with self._tx() as tx:
            (last_seq,) = tx.execute(
                "SELECT last_seq FROM incidents WHERE id = ?" + self.LOCK_ROW, (incident_id,)
            ).fetchone()
            existing: dict[str, tuple[str, int, str]] = {}
            ids = [p.id for p in items]
            for chunk in _chunks(ids, 500):
                marks = ",".join("?" * len(chunk))
                for eid, inc, seq, js in tx.execute(
                    f"SELECT id, incident, seq, json FROM events WHERE id IN ({marks})", chunk
                ).fetchall():
                    existing[eid] = (inc, seq, js)
            results, inserts, new_last = plan_push(items, existing, last_seq, incident_id)
            if inserts:
                tx.executemany(
                    "INSERT INTO events (id, incident, seq, digest, json, kind, pushed_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(p.id, incident_id, seq, p.digest, p.json, p.kind, p.pushed_by or None)
                     for seq, p in inserts],
                )  # fmt: skip
                tx.execute(
                    "UPDATE incidents SET last_seq = ? WHERE id = ?", (new_last, incident_id)
                )
                if any(p.kind in SUMMARY_KINDS for _, p in inserts):
                    _resummarize(tx, incident_id)
                self._committed(tx, incident_id)
        if inserts and self.on_commit:
            self.on_commit(incident_id)
        return results

    def pull(self, incident_id: str, after: int, limit: int) -> PullRows:
        with self._snapshot() as tx:
            (epoch,) = tx.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()
            row = tx.execute(
                "SELECT last_seq FROM incidents WHERE id = ?", (incident_id,)
            ).fetchone()
            rows = tx.execute(
                "SELECT seq, json, pushed_by FROM events WHERE incident = ? AND seq > ? "
                "ORDER BY seq LIMIT ?",
                (incident_id, after, limit),
            ).fetchall()
            at = None
            if after > 0:
                at = tx.execute(
                    "SELECT id FROM events WHERE incident = ? AND seq = ?", (incident_id, after)
                ).fetchone()
        return PullRows(
            epoch, row[0] if row else 0, [tuple(r) for r in rows], at[0] if at else None
        )

    def of_kinds(self, incident_id: str, kinds: Iterable[str]) -> list[tuple[int, str, str | None]]:
        wanted = list(kinds)
        marks = ", ".join("?" * len(wanted))
        # Sorted here, not by the database: asked to ORDER BY seq, SQLite walks every event of
        # the incident in seq order (100,000 notes: ~100 ms) instead of the kind index.
        rows = self._one(
            f"SELECT seq, json, pushed_by FROM events WHERE incident = ? AND kind IN ({marks})",
            (incident_id, *wanted),
        )
        return sorted(tuple(r) for r in rows)

    def stored(self, event_id: str) -> tuple[str, int, str, str | None] | None:
        rows = self._one(
            "SELECT incident, seq, json, pushed_by FROM events WHERE id = ?", (event_id,)
        )
        return tuple(rows[0]) if rows else None


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
