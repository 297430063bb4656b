"""The default backend: one SQLite file, one server process.

One connection behind a lock: SQLite serializes writers anyway, and a push of 500 events is
one transaction of a few milliseconds. The SQL itself is shared with PostgreSQL (`sql.py`).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cockpit.server.storage.base import StorageError
from cockpit.server.storage.sql import SQLStorage, Tx


class SQLiteStorage(SQLStorage):
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(
                str(self.path), timeout=10, isolation_level=None, check_same_thread=False
            )
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA busy_timeout = 10000")
            self._setup()
        except (sqlite3.Error, OSError, StorageError) as exc:  # OSError: its folder
            cause = exc.__cause__ if isinstance(exc, StorageError) and exc.__cause__ else exc
            why = cause.strerror if isinstance(cause, OSError) and cause.strerror else str(cause)
            raise StorageError(
                f"cannot open the server database {self.path} ({why}); check the path and its "
                "permissions, or pass --database with another file"
            ) from exc

    def _failed(self, exc: sqlite3.Error) -> StorageError:
        return StorageError(f"server database {self.path}: {exc}")

    @contextmanager
    def _tx(self) -> Iterator[Tx]:
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.conn
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise self._failed(exc) from exc

    @contextmanager
    def _snapshot(self) -> Iterator[Tx]:
        with self._lock:
            try:
                self.conn.execute("BEGIN")
                try:
                    yield self.conn
                finally:
                    self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise self._failed(exc) from exc

    @contextmanager
    def _reader(self) -> Iterator[Tx]:
        with self._lock:
            try:
                yield self.conn
            except sqlite3.Error as exc:
                raise self._failed(exc) from exc

    def close(self) -> None:
        with self._lock:
            self.conn.close()
