"""The scaled-out backend: PostgreSQL via psycopg 3, any number of server processes.

Each push locks its incident's counter row (`SELECT ... FOR UPDATE`), numbers the new events
from it and inserts them in the same transaction, then `pg_notify`s the incident id. Every
process LISTENs on one connection and wakes its parked pulls, which re-read the database; when
the listening connection drops it wakes everyone and reconnects. The SQL itself is shared with
SQLite (`sql.py`).
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from cockpit.core.display import safe
from cockpit.server.storage.base import StorageError
from cockpit.server.storage.sql import SQLStorage, Tx

CHANNEL = "cockpit_events"
log = logging.getLogger("cockpit.server")


def _fail(exc: Exception) -> StorageError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StorageError(f"PostgreSQL: {first}; check that it runs and the URL is right")


@lru_cache(maxsize=256)
def _marks(sql: str) -> str:
    """The shared SQL's `?` marks as psycopg's `%s` (no statement here has a literal % or ?)."""
    return sql.replace("?", "%s")


class _Tx:
    """A psycopg connection that takes the shared SQL's `?` marks."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(_marks(sql), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        with self.conn.cursor() as cur:
            cur.executemany(_marks(sql), rows)
            return cur


class PostgresStorage(SQLStorage):
    LOCK_ROW = " FOR UPDATE"

    def __init__(self, url: str, *, pool_size: int = 8) -> None:
        self.url = url
        try:
            self.pool = ConnectionPool(
                url, min_size=1, max_size=pool_size, open=True, timeout=10,
                kwargs={"autocommit": False},
            )  # fmt: skip
            self.pool.wait(timeout=10)
            self._setup()
        except StorageError:
            raise
        except Exception as exc:
            raise _fail(exc) from exc
        self._stop = threading.Event()
        self._listener: threading.Thread | None = None
        self._listen_conn: psycopg.Connection | None = None

    @contextmanager
    def _tx(self) -> Iterator[Tx]:
        try:
            with self.pool.connection() as c, c.transaction():
                yield _Tx(c)
        except psycopg.Error as exc:
            raise _fail(exc) from exc

    @contextmanager
    def _snapshot(self) -> Iterator[Tx]:
        try:
            with self.pool.connection() as c, c.transaction():
                c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                yield _Tx(c)
        except psycopg.Error as exc:
            raise _fail(exc) from exc

    @contextmanager
    def _reader(self) -> Iterator[Tx]:
        try:
            with self.pool.connection() as c:
                yield _Tx(c)
        except psycopg.Error as exc:
            raise _fail(exc) from exc

    def _lock_schema(self, tx: Tx) -> None:
        tx.execute("SELECT pg_advisory_xact_lock(727274)")  # one migrator at a time

    def _committed(self, tx: Tx, incident_id: str) -> None:
        tx.execute("SELECT pg_notify(?, ?)", (CHANNEL, incident_id))

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
