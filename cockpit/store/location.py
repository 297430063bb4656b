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


def file_in_the_way(path: Path) -> Path | None:
    """The nearest folder on `path`'s way that is in fact a file (`good.db` in
    `good.db/sub/x.db`), or None. Only what exists is looked at; nothing is created."""
    for parent in path.parents:
        try:
            if parent.is_dir():
                return None
            if parent.exists():
                return parent
        except OSError:  # a folder on the way cannot be searched: the caller's open says so
            return None
    return None
