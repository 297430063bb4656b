"""The default backend: one SQLite file, one server process.

One connection behind a lock: SQLite serializes writers anyway, and a push of 500 events is
one transaction of a few milliseconds.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

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

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, person TEXT NOT NULL, team TEXT NOT NULL,
    incident TEXT, created_at INTEGER NOT NULL, expires_at INTEGER, revoked_at INTEGER,
    permission TEXT NOT NULL DEFAULT 'write'
);
CREATE TABLE IF NOT EXISTS incidents (
    id TEXT PRIMARY KEY, team TEXT NOT NULL, created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL, last_seq INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS incidents_team ON incidents (team);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, incident TEXT NOT NULL REFERENCES incidents (id),
    seq INTEGER NOT NULL, digest TEXT NOT NULL, json TEXT NOT NULL,
    UNIQUE (incident, seq)
);
"""


# Columns added after the first release: (table, column, its declaration). A database made by
# an older server gets them in place when it is opened (existing tokens keep the right they
# had: `write`).
ADDED_COLUMNS = [("tokens", "permission", "TEXT NOT NULL DEFAULT 'write'")]


def _upgrade(conn: sqlite3.Connection) -> None:
    """Add the columns an older server's database lacks (inside the caller's transaction)."""
    for table, column, decl in ADDED_COLUMNS:
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


class SQLiteStorage(Storage):
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(
                str(self.path), timeout=10, isolation_level=None, check_same_thread=False
            )
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA busy_timeout = 10000")
            self.conn.execute("BEGIN IMMEDIATE")
            for stmt in SCHEMA.split(";"):
                if stmt.strip():
                    self.conn.execute(stmt)
            _upgrade(self.conn)
            self.conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', ?)", (new_epoch(),)
            )
            self.conn.execute("COMMIT")
        except (sqlite3.Error, OSError) as exc:  # OSError: its folder cannot be made
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise StorageError(
                f"cannot open the server database {self.path} ({why}); check the path and its "
                "permissions, or pass --database with another file"
            ) from exc
        self._lock = threading.Lock()

    def _q(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StorageError(f"server database {self.path}: {exc}") from exc

    def check(self) -> None:
        self._q("SELECT 1")

    def epoch(self) -> str:
        return self._q("SELECT value FROM meta WHERE key = 'epoch'")[0][0]

    def set_epoch(self, value: str) -> None:
        self._q("UPDATE meta SET value = ? WHERE key = 'epoch'", (value,))

    def add_token(self, row: TokenRow, token_hash: str) -> None:
        self._q(
            "INSERT INTO tokens (id, hash, person, team, incident, created_at, expires_at, revoked_at,"
            " permission) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row.id, token_hash, row.person, row.team, row.incident, row.created_at,
             row.expires_at, row.revoked_at, row.permission),
        )  # fmt: skip

    def token_by_hash(self, token_hash: str) -> TokenRow | None:
        rows = self._q(
            f"SELECT {TOKEN_COLS} FROM tokens WHERE hash = ?",
            (token_hash,),
        )
        return TokenRow(*rows[0]) if rows else None

    def tokens(self) -> list[TokenRow]:
        rows = self._q(f"SELECT {TOKEN_COLS} FROM tokens ORDER BY created_at, id")
        return [TokenRow(*r) for r in rows]

    def revoke_token(self, token_id: str, when: int) -> bool:
        with self._lock:
            cur = self.conn.execute(
                "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (when, token_id),
            )
            return cur.rowcount > 0

    def _row(self, r: tuple) -> IncidentRow:
        return IncidentRow(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]))

    def incident(self, incident_id: str) -> IncidentRow | None:
        rows = self._q(
            "SELECT id, team, created_by, created_at, last_seq, summary FROM incidents WHERE id = ?",
            (incident_id,),
        )
        return self._row(rows[0]) if rows else None

    def put_incident(
        self, incident_id: str, team: str, by: str, when: int
    ) -> tuple[IncidentRow, bool]:
        with self._lock:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO incidents (id, team, created_by, created_at) VALUES (?, ?, ?, ?)",
                (incident_id, team, by, when),
            )
            created = cur.rowcount > 0
        row = self.incident(incident_id)
        assert row is not None
        return row, created

    def incidents(self, team: str) -> list[IncidentRow]:
        rows = self._q(
            "SELECT id, team, created_by, created_at, last_seq, summary FROM incidents "
            "WHERE team = ? ORDER BY created_at, id",
            (team,),
        )
        return [self._row(r) for r in rows]

    def push(self, incident_id: str, items: list[Prepared]) -> list[Result]:
        with self._lock:
            c = self.conn
            try:
                c.execute("BEGIN IMMEDIATE")
                try:
                    last_seq, summary = c.execute(
                        "SELECT last_seq, summary FROM incidents WHERE id = ?", (incident_id,)
                    ).fetchone()
                    summary = json.loads(summary)
                    existing: dict[str, tuple[str, int | None, str]] = {}
                    ids = [p.id for p in items]
                    for i in range(0, len(ids), 500):
                        chunk = ids[i : i + 500]
                        marks = ",".join("?" * len(chunk))
                        for eid, inc, seq, dig in c.execute(
                            f"SELECT id, incident, seq, digest FROM events WHERE id IN ({marks})",
                            chunk,
                        ):
                            existing[eid] = (inc, seq, dig)
                    results, inserts, new_last = plan_push(
                        items, existing, last_seq, incident_id, summary
                    )
                    if inserts:
                        c.executemany(
                            "INSERT INTO events (id, incident, seq, digest, json) VALUES (?, ?, ?, ?, ?)",
                            [(p.id, incident_id, seq, p.digest, p.json) for seq, p in inserts],
                        )
                        c.execute(
                            "UPDATE incidents SET last_seq = ?, summary = ? WHERE id = ?",
                            (new_last, json.dumps(summary), incident_id),
                        )
                except BaseException:
                    c.execute("ROLLBACK")
                    raise
                c.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StorageError(f"server database {self.path}: {exc}") from exc
        if inserts and self.on_commit:
            self.on_commit(incident_id)
        return results

    def pull(
        self, incident_id: str, after: int, limit: int
    ) -> tuple[str, int, list[tuple[int, str]]]:
        with self._lock:
            try:
                c = self.conn
                c.execute("BEGIN")
                try:
                    epoch = c.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()[0]
                    row = c.execute(
                        "SELECT last_seq FROM incidents WHERE id = ?", (incident_id,)
                    ).fetchone()
                    rows = c.execute(
                        "SELECT seq, json FROM events WHERE incident = ? AND seq > ? "
                        "ORDER BY seq LIMIT ?",
                        (incident_id, after, limit),
                    ).fetchall()
                finally:
                    c.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StorageError(f"server database {self.path}: {exc}") from exc
        return epoch, (row[0] if row else 0), rows

    def close(self) -> None:
        with self._lock:
            self.conn.close()
