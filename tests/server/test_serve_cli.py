"""`cockpit serve token ...`, `new-epoch`, and `cockpit serve` shutting down gracefully."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading

import httpx

from cockpit.cli.main import main
from cockpit.server.auth import authenticate
from cockpit.server.problems import Problem
from cockpit.server.storage.base import hash_token
from cockpit.server.storage.sqlite import SQLiteStorage
from tests.sync.test_restart import ServerProcess, free_port


def test_tokens_are_printed_once_stored_hashed_listed_and_revoked(tmp_path, capsys):
    db = str(tmp_path / "server.sqlite3")
    assert main(["serve", "token", "create", "--database", db, "--person", "alice",
                 "--team", "sre", "--expires", "30d"]) == 0  # fmt: skip
    out = capsys.readouterr()
    token = out.out.strip()
    assert token.startswith("cpt_") and "shown only now" in out.err
    raw = (tmp_path / "server.sqlite3").read_bytes()
    assert token.encode() not in raw and hash_token(token).encode() in raw
    assert main(["serve", "token", "create", "--database", db, "--person", "bob", "--team",
                 "sre", "--incident", "inc-1", "--expires", "never"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["serve", "token", "list", "--database", db]) == 0
    listed = capsys.readouterr().out
    assert "alice" in listed and "incident inc-1" in listed and token not in listed
    storage = SQLiteStorage(db)
    assert authenticate(storage, f"Bearer {token}", 0).person == "alice"
    storage.close()
    assert main(["serve", "token", "revoke", "--database", db, token.split("_")[1]]) == 0
    storage = SQLiteStorage(db)
    try:
        authenticate(storage, f"Bearer {token}", 0)
        raise AssertionError("a revoked token was accepted")
    except Problem as p:
        assert p.kind == "token-revoked"
    finally:
        storage.close()
    assert main(["serve", "token", "revoke", "--database", db, "nope"]) == 1
    assert "no active token" in capsys.readouterr().err


def test_bad_flags_say_what_to_type(tmp_path, capsys):
    db = str(tmp_path / "server.sqlite3")
    assert main(["serve", "token", "create", "--database", db, "--person", "a", "--team", "t",
                 "--expires", "soon"]) == 2  # fmt: skip
    assert "30d" in capsys.readouterr().err
    assert main(["serve", "--port", "0", "--database", db]) == 2
    assert main(["serve", "--port", str(free_port()), "--database", str(tmp_path)]) == 1  # a folder
    assert "--database" in capsys.readouterr().err


def test_new_epoch_changes_the_epoch(tmp_path, capsys):
    db = str(tmp_path / "server.sqlite3")
    before = SQLiteStorage(db)
    old = before.epoch()
    before.close()
    assert main(["serve", "new-epoch", "--database", db]) == 0
    after = SQLiteStorage(db)
    assert after.epoch() != old
    after.close()


def test_sigterm_releases_parked_pulls_and_exits(tmp_path):
    db = str(tmp_path / "server.sqlite3")
    storage = SQLiteStorage(db)
    from cockpit.server.auth import create_token

    _, tok = create_token(storage, person="a", team="t", incident=None, now=0, expires_at=None)
    storage.put_incident("inc-1", "t", "a", 0)
    storage.close()
    server = ServerProcess(db, free_port()).start()
    headers = {"Authorization": f"Bearer {tok}"}
    try:
        _poll(server.up, "the server to start")
        result: dict = {}

        def pull() -> None:
            # a 25 s long-poll; the client gives up after 10 s, so only a release answers it
            result["r"] = httpx.get(f"{server.url}/v1/incidents/inc-1/events",
                                    params={"wait": 25}, headers=headers, timeout=10)  # fmt: skip

        t = threading.Thread(target=pull)
        t.start()
        _poll(lambda: _health(server)["parked"] == 1, "the pull to park")
        server.proc.send_signal(signal.SIGTERM)
        t.join(15)
        assert result["r"].status_code == 200 and result["r"].json()["events"] == []
        assert server.proc.wait(15) in (0, -signal.SIGTERM)
        err = server.proc.stderr.read().decode()
        assert "Traceback" not in err
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
        server.proc.wait()


def _health(server: ServerProcess) -> dict:
    return httpx.get(f"{server.url}/v1/health", timeout=2).json()


def _poll(cond, what: str, timeout: float = 15.0) -> None:
    """Re-check a condition every 20 ms until it holds, or fail after `timeout`."""
    tick = threading.Event()
    for _ in range(int(timeout / 0.02)):
        if cond():
            return
        tick.wait(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _serve(*argv: str) -> subprocess.CompletedProcess:
    """`cockpit serve ...` as a process of its own, as an operator runs it."""
    return subprocess.run([sys.executable, "-m", "cockpit.cli.main", "serve", *argv],
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def test_a_database_that_cannot_be_opened_says_so_not_the_port(tmp_path):
    (tmp_path / "good.db").write_text("")
    for database in ("/proc/nope/x.db", str(tmp_path / "good.db" / "sub" / "x.db")):
        r = _serve("--port", str(free_port()), "--database", database)
        assert r.returncode == 1, r.stderr
        assert r.stderr.count("\n") == 1 and r.stderr.startswith("cockpit: "), r.stderr
        assert "cannot open the server database" in r.stderr and database in r.stderr
        assert "listen" not in r.stderr and "--port" not in r.stderr


def test_a_port_in_use_is_one_line_before_anything_is_logged(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = _serve("--port", str(port), "--database", str(tmp_path / "server.sqlite3"))
    assert r.returncode == 1, r.stderr
    assert r.stderr.count("\n") == 1, r.stderr  # no "serve on ..." before it
    assert f"cannot listen on 127.0.0.1:{port}" in r.stderr and "already in use" in r.stderr
    assert not (tmp_path / "server.sqlite3").exists()  # nothing made for a server that never ran


def test_a_bad_read_timeout_is_a_usage_error(tmp_path, capsys):
    assert main(["serve", "--read-timeout", "0", "--database", str(tmp_path / "s.db")]) == 2
    assert "--read-timeout" in capsys.readouterr().err
