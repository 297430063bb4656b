"""`cockpit tail` as a real process: prints the backlog, then entries as other processes add
them, one JSON object per line, and exits cleanly on Ctrl-C (SIGINT)."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading

import pytest

pytestmark = pytest.mark.e2e


def cockpit(db, *argv):
    return [sys.executable, "-m", "cockpit.cli.main", "--db", str(db), *argv]


def test_tail_follows_another_writer_and_stops_on_ctrl_c(tmp_path):
    db = tmp_path / "cockpit.sqlite3"
    subprocess.run(cockpit(db, "declare", "Tail me"), check=True, capture_output=True, timeout=60)
    tail = subprocess.Popen(cockpit(db, "tail", "INC-1", "--json", "--interval", "0.02"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()

    def pump():
        for line in tail.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    try:
        first = json.loads(lines.get(timeout=30))
        assert first["kind"] == "incident_declared"
        for text in ("from another process", "and another"):
            subprocess.run(cockpit(db, "note", "INC-1", text), check=True, capture_output=True,
                           timeout=60)  # fmt: skip
            got = json.loads(lines.get(timeout=30))
            assert (got["kind"], got["text"]) == ("note", text)
        tail.send_signal(signal.SIGINT)
        tail.wait(timeout=30)
    finally:
        if tail.poll() is None:
            tail.kill()
    assert tail.returncode == 0
    assert "Traceback" not in tail.stderr.read()
