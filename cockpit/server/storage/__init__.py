"""Pick the backend from `--database`: a postgresql:// URL, else a SQLite file path."""

from __future__ import annotations

from cockpit.server.storage.base import Storage, StorageError


def is_postgres(database: str) -> bool:
    return database.startswith(("postgresql://", "postgres://"))


def open_storage(database: str) -> Storage:
    if is_postgres(database):
        from cockpit.server.storage.postgres import PostgresStorage

        return PostgresStorage(database)
    from cockpit.server.storage.sqlite import SQLiteStorage

    return SQLiteStorage(database)


__all__ = ["Storage", "StorageError", "is_postgres", "open_storage"]
