"""The scaled-out backend: PostgreSQL via psycopg 3, any number of server processes.

Each push locks its incident's counter row (`SELECT ... FOR UPDATE`), numbers the new events
from it and inserts them in the same transaction, then `pg_notify`s the incident id. Every
process LISTENs on one connection and wakes its parked pulls, which re-read the database; when
the listening connection drops it wakes everyone and reconnects.
"""

from __future__ import annotations

import json
import logging
import random
import threading
from collections.abc import Callable
from typing import cast

import psycopg
from psycopg_pool import ConnectionPool

from cockpit.core.display import safe
from cockpit.server.storage.base import (
    TOKEN_COLS,
    IncidentRow,
    Prepared,
    Result,
    Storage,
    StorageError,
    TokenRow,
    new_epoch,
    plan_push,
)

CHANNEL = "cockpit_events"
log = logging.getLogger("cockpit.server")

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS tokens (
        id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, person TEXT NOT NULL,
        team TEXT NOT NULL, incident TEXT, created_at BIGINT NOT NULL, expires_at BIGINT,
        revoked_at BIGINT, permission TEXT NOT NULL DEFAULT 'write')""",
    # Added after the first release: a database made by an older server gets it in place
    # (its tokens keep the right they had: write).
    "ALTER TABLE tokens ADD COLUMN IF NOT EXISTS permission TEXT NOT NULL DEFAULT 'write'",
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


def _fail(exc: Exception) -> StorageError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StorageError(f"PostgreSQL: {first}; check that it runs and the URL is right")


class PostgresStorage(Storage):
    def __init__(self, url: str, *, pool_size: int = 8) -> None:
        self.url = url
        try:
            self.pool = ConnectionPool(
                url, min_size=1, max_size=pool_size, open=True, timeout=10,
                kwargs={"autocommit": False},
            )  # fmt: skip
            self.pool.wait(timeout=10)
            with self.pool.connection() as c:
                c.execute("SELECT pg_advisory_xact_lock(727274)")  # one migrator at a time
                for stmt in SCHEMA:
                    c.execute(stmt)
                c.execute(
                    "INSERT INTO meta (key, value) VALUES ('epoch', %s) ON CONFLICT DO NOTHING",
                    (new_epoch(),),
                )
        except (psycopg.Error, Exception) as exc:
            if isinstance(exc, StorageError):
                raise
            raise _fail(exc) from exc
        self._stop = threading.Event()
        self._listener: threading.Thread | None = None
        self._listen_conn: psycopg.Connection | None = None

    def _q(self, sql: str, params: tuple = (), *, fetch: bool = True) -> list[tuple]:
        try:
            with self.pool.connection() as c:
                cur = c.execute(sql, params)
                return cur.fetchall() if fetch and cur.description else []
        except psycopg.Error as exc:
            raise _fail(exc) from exc

    def check(self) -> None:
        self._q("SELECT 1")

    def epoch(self) -> str:
        return self._q("SELECT value FROM meta WHERE key = 'epoch'")[0][0]

    def set_epoch(self, value: str) -> None:
        self._q("UPDATE meta SET value = %s WHERE key = 'epoch'", (value,), fetch=False)

    def add_token(self, row: TokenRow, token_hash: str) -> None:
        self._q(
            "INSERT INTO tokens (id, hash, person, team, incident, created_at, expires_at, revoked_at,"
            " permission) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (row.id, token_hash, row.person, row.team, row.incident, row.created_at,
             row.expires_at, row.revoked_at, row.permission),
            fetch=False,
        )  # fmt: skip

    def token_by_hash(self, token_hash: str) -> TokenRow | None:
        rows = self._q(
            f"SELECT {TOKEN_COLS} FROM tokens WHERE hash = %s",
            (token_hash,),
        )
        return TokenRow(*rows[0]) if rows else None

    def tokens(self) -> list[TokenRow]:
        rows = self._q(f"SELECT {TOKEN_COLS} FROM tokens ORDER BY created_at, id")
        return [TokenRow(*r) for r in rows]

    def revoke_token(self, token_id: str, when: int) -> bool:
        rows = self._q(
            "UPDATE tokens SET revoked_at = %s WHERE id = %s AND revoked_at IS NULL RETURNING id",
            (when, token_id),
        )
        return bool(rows)

    @staticmethod
    def _row(r: tuple) -> IncidentRow:
        return IncidentRow(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]))

    def incident(self, incident_id: str) -> IncidentRow | None:
        rows = self._q(
            "SELECT id, team, created_by, created_at, last_seq, summary FROM incidents WHERE id = %s",
            (incident_id,),
        )
        return self._row(rows[0]) if rows else None

    def put_incident(
        self, incident_id: str, team: str, by: str, when: int
    ) -> tuple[IncidentRow, bool]:
        rows = self._q(
            "INSERT INTO incidents (id, team, created_by, created_at) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (id) DO NOTHING RETURNING id",
            (incident_id, team, by, when),
        )
        row = self.incident(incident_id)
        assert row is not None
        return row, bool(rows)

    def incidents(self, team: str) -> list[IncidentRow]:
        rows = self._q(
            "SELECT id, team, created_by, created_at, last_seq, summary FROM incidents "
            "WHERE team = %s ORDER BY created_at, id",
            (team,),
        )
        return [self._row(r) for r in rows]

    def push(self, incident_id: str, items: list[Prepared]) -> list[Result]:
        try:
            with self.pool.connection() as c, c.transaction():
                last_seq, summary = cast(  # the incident exists: ensured before a push
                    "tuple[int, str]",
                    c.execute(
                        "SELECT last_seq, summary FROM incidents WHERE id = %s FOR UPDATE",
                        (incident_id,),
                    ).fetchone(),
                )
                summary = json.loads(summary)
                existing = {
                    eid: (inc, seq, dig)
                    for eid, inc, seq, dig in c.execute(
                        "SELECT id, incident, seq, digest FROM events WHERE id = ANY(%s)",
                        ([p.id for p in items],),
                    )
                }
                results, inserts, new_last = plan_push(
                    items, existing, last_seq, incident_id, summary
                )
                if inserts:
                    with c.cursor() as cur:
                        cur.executemany(
                            "INSERT INTO events (id, incident, seq, digest, json) "
                            "VALUES (%s, %s, %s, %s, %s)",
                            [(p.id, incident_id, seq, p.digest, p.json) for seq, p in inserts],
                        )
                    c.execute(
                        "UPDATE incidents SET last_seq = %s, summary = %s WHERE id = %s",
                        (new_last, json.dumps(summary), incident_id),
                    )
                    c.execute("SELECT pg_notify(%s, %s)", (CHANNEL, incident_id))
        except psycopg.Error as exc:
            raise _fail(exc) from exc
        if inserts and self.on_commit:
            self.on_commit(incident_id)
        return results

    def pull(
        self, incident_id: str, after: int, limit: int
    ) -> tuple[str, int, list[tuple[int, str]]]:
        try:
            with self.pool.connection() as c, c.transaction():
                c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                epoch = cast(  # written when the database was made
                    "tuple[str]", c.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()
                )[0]
                row = c.execute(
                    "SELECT last_seq FROM incidents WHERE id = %s", (incident_id,)
                ).fetchone()
                rows = c.execute(
                    "SELECT seq, json FROM events WHERE incident = %s AND seq > %s "
                    "ORDER BY seq LIMIT %s",
                    (incident_id, after, limit),
                ).fetchall()
        except psycopg.Error as exc:
            raise _fail(exc) from exc
        return epoch, (row[0] if row else 0), rows

    # ---- LISTEN/NOTIFY ------------------------------------------------------------------------

    def start(self, wake: Callable[[str | None], None]) -> None:
        if self._listener is None:
            self._listener = threading.Thread(
                target=self._listen, args=(wake,), name="cockpit-listen", daemon=True
            )
            self._listener.start()

    def _listen(self, wake: Callable[[str | None], None]) -> None:
        delay = 0.2
        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    self.url, autocommit=True, application_name="cockpit-listen"
                ) as conn:
                    self._listen_conn = conn
                    conn.execute(f"LISTEN {CHANNEL}")
                    wake(None)  # anything committed while we were not listening
                    delay = 0.2
                    while not self._stop.is_set():
                        for n in conn.notifies(timeout=1.0):
                            wake(n.payload)
            except Exception as exc:  # the connection dropped: wake everyone, reconnect
                if self._stop.is_set():
                    break
                log.warning(
                    "LISTEN connection lost (%s); reconnecting", safe(str(exc).strip()[:200])
                )
                wake(None)
                self._stop.wait(delay * (0.5 + random.random()))
                delay = min(delay * 2, 5.0)
            finally:
                self._listen_conn = None

    def close(self) -> None:
        self._stop.set()
        if self._listener is not None:
            self._listener.join(timeout=3)
        self.pool.close()
