from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerThread]:
    """The real server on 127.0.0.1 (uvicorn in a thread) over a SQLite file."""
    s = ServerThread(SQLiteStorage(tmp_path / "server.sqlite3")).start()
    yield s
    s.stop()
