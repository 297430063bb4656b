"""The file's schema and its migrations, from the first release on.

Each migration takes the file from version N-1 to N inside one transaction. Never edit a
released migration: add the next one. `meta` says which app wrote the file and its version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

APP = "cockpit"


def _v1(db: sqlite_utils.Database) -> None:
    db["incidents"].create(
        {"id": str, "number": int, "created_at": str},
        pk="id",
        not_null={"number", "created_at"},
    )
    db["incidents"].create_index(["number"], unique=True)
    # seq: this file's own order of arrival (the cursor for "what is new since I last looked").
    db.execute(
        """
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            incident TEXT NOT NULL REFERENCES incidents(id),
            kind TEXT NOT NULL,
            author TEXT NOT NULL,
            at TEXT NOT NULL,
            hlc TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT 'local',
            json TEXT NOT NULL
        )
        """
    )
    db["events"].create_index(["incident", "seq"])
    db["events"].create_index(["hlc"])
    # drafts: what was typed but not yet saved, so that a crash loses nothing.
    db["drafts"].create(
        {"incident": str, "slot": str, "text": str, "updated_at": str},
        pk=("incident", "slot"),
    )


def _v2(db: sqlite_utils.Database) -> None:
    """Sync bookkeeping (cockpit/store/outbox.py): which incidents are joined to a server, the
    pull cursor, and what became of each local event pushed (the outbox is every local event
    of a joined incident without a row in sync_pushed)."""
    db.execute(
        """
        CREATE TABLE sync_links (
            incident TEXT PRIMARY KEY REFERENCES incidents(id),
            url TEXT NOT NULL,
            epoch TEXT NOT NULL DEFAULT '',
            cursor INTEGER NOT NULL DEFAULT 0,
            pushed_upto INTEGER NOT NULL DEFAULT 0,
            paused TEXT NOT NULL DEFAULT '',
            joined_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE sync_pushed (
            event_id TEXT PRIMARY KEY,
            incident TEXT NOT NULL,
            status TEXT NOT NULL,
            seq INTEGER,
            reason TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        )
        """
    )
    db["sync_pushed"].create_index(["incident", "status"])


def _v3(db: sqlite_utils.Database) -> None:
    """Indexes for opening a large incident fast: its state-setting events by kind, and its
    latest entries by time (the screen shows those first and reads the rest after)."""
    db["events"].create_index(["incident", "kind"], if_not_exists=True)
    db["events"].create_index(["incident", "at"], if_not_exists=True)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3]
SCHEMA_VERSION = len(MIGRATIONS)
