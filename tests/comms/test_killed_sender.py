"""Issue 14: kill the sender mid-send and restart it: nothing is lost, and the receiver gets
the update under one idempotency key (it keeps one); the log says `sent` once.

`cockpit deliver` runs in a real process, is killed (SIGKILL) while the receiver holds its
request, and `cockpit deliver --once` in another process carries on from the log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import pytest

from cockpit.core.clock import SystemClock
from cockpit.core.compose import new_event
from cockpit.store import Store
from tests.comms.receivers import Answer

pytestmark = pytest.mark.e2e


def cockpit(db, config, *argv, **kw):
    env = {**os.environ, "COCKPIT_CONFIG_DIR": str(config), "COCKPIT_NAME": "alice"}
    return subprocess.Popen([sys.executable, "-m", "cockpit.cli.main", "--db", str(db), *argv],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **kw)  # fmt: skip


def test_killed_mid_send_then_restarted_nothing_lost_nothing_doubled(tmp_path, receiver):
    db, config = tmp_path / "c.sqlite3", tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(
        f'[destinations.hook]\ntype = "webhook"\nurl = "{receiver.url()}"\nsecret = "k"\n'
    )
    clock = SystemClock()
    with Store.open(db, create=True) as s:
        declared = new_event(
            "inc-killed", "alice", {"kind": "incident_declared", "title": "K"}, clock
        )
        s.declare(declared)
        update = s.append(new_event("inc-killed", "alice", {
            "kind": "status_update", "text": "rollback done", "destinations": ["hook"]}, clock))  # fmt: skip
    hold = threading.Event()
    receiver.answer(Answer(hold=hold))  # the first request is taken and never answered
    sender = cockpit(db, config, "deliver")
    try:
        receiver.wait_for(1, timeout=60)
        sender.send_signal(signal.SIGKILL)  # mid-send: the receiver has it, the log does not
        sender.communicate(timeout=60)
    finally:
        if sender.poll() is None:
            sender.kill()
        hold.set()
    assert sender.returncode == -signal.SIGKILL
    with Store.open(db) as s:
        assert [e for e in s.events("inc-killed") if e.kind == "delivery"] == []  # not lost
    again = cockpit(db, config, "deliver", "--once")
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert "sent to hook" in out
    keys = [r.headers["Idempotency-Key"] for r in receiver.requests]
    assert keys == [f"{update.id}/hook"] * 2  # a receiver that keeps one key has it once
    with Store.open(db) as s:
        sent = [e.body for e in s.events("inc-killed") if e.kind == "delivery"]
    assert [(d.status, d.destination) for d in sent] == [("sent", "hook")]
    third = cockpit(db, config, "deliver", "--once")
    out, _ = third.communicate(timeout=60)
    assert "nothing waits" in out and len(receiver.requests) == 2
