"""Where the file lives: --db, else COCKPIT_DB, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def default_path() -> Path:
    return Path(platformdirs.user_data_dir("cockpit", appauthor=False)) / "cockpit.sqlite3"


def resolve(flag: str | os.PathLike[str] | None = None) -> Path:
    if flag:
        return Path(flag).expanduser()
    env = os.environ.get("COCKPIT_DB")
    if env:
        return Path(env).expanduser()
    return default_path()
