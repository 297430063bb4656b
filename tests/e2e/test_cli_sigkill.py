"""A writer killed with SIGKILL in the middle of a stream of appends loses none of the appends
that had returned: each id is printed only after its append returned, and each is in the file."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cockpit.store import Store

pytestmark = pytest.mark.e2e

WRITER = Path(__file__).parent / "cli_writer.py"
BEFORE_KILL = 300


def test_sigkill_mid_stream_loses_no_returned_append(tmp_path):
    db = tmp_path / "cockpit.sqlite3"
    subprocess.run([sys.executable, "-m", "cockpit.cli.main", "--db", str(db), "declare", "K"],
                   check=True, capture_output=True, timeout=60)  # fmt: skip
    child = subprocess.Popen([sys.executable, str(WRITER), str(db), "INC-1", "0", "w"],
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    returned: list[str] = []
    try:
        while len(returned) < BEFORE_KILL:
            line = child.stdout.readline()
            assert line, "the writer stopped before it was killed"
            returned.append(line.strip())
        child.send_signal(signal.SIGKILL)  # mid-stream: it is still appending
        rest, _ = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    returned += [x for x in rest.split("\n") if len(x) == 36]  # a torn last line is not an id
    with Store.open(db) as s:
        stored = {e.id for e in s.events(s.incident("INC-1").id)}
        assert s.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    missing = [i for i in returned if i not in stored]
    assert missing == []
    assert len(stored) >= len(returned) + 1  # the declaration, and maybe one unprinted append
    raw = sqlite3.connect(db)
    assert raw.execute("SELECT count(*) FROM events").fetchone()[0] == len(stored)
    raw.close()
