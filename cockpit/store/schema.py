"""The file's schema and its migrations, from the first release on.

Each migration takes the file from version N-1 to N inside one transaction. Never edit a
released migration: add the next one. `meta` says which app wrote the file and its version.
"""

from __future__ import annotations

from collections.abc import Callable

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


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1]
SCHEMA_VERSION = len(MIGRATIONS)
