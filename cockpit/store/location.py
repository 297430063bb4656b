"""Where the file lives: --db, else COCKPIT_DB, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def default_path() -> Path:
    return Path(platformdirs.user_data_dir("cockpit", appauthor=False)) / "cockpit.sqlite3"


def watch_cache(url: str) -> Path:
    """The file a follower of a server pulls into (`cockpit watch URL ID`, `cockpit web URL
    ID`): one per server, in the user data folder, apart from the user's own incidents file.
    Apart, because a follower's file is the server's copy and nothing else: watching never
    joins, numbers or writes into the file where the user records; one per server, because the
    server's ids and tokens are per server; kept, so that watching again pulls only what is new."""
    import hashlib
    import re
    from urllib.parse import urlsplit

    key = url.strip().rstrip("/")
    parts = urlsplit(key)
    name = re.sub(r"[^A-Za-z0-9.-]+", "-", parts.netloc or key).strip("-")[:60] or "server"
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]  # http and https, paths: apart
    return default_path().parent / "watch" / f"{name}-{digest}.sqlite3"


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
