"""The server's log cannot be forged or used to reach a terminal: what clients send (a path
with `%0a` or `%1b`, a name, an error's text) is written escaped, on its own line."""

from __future__ import annotations

import io
import logging
import re
import socket
import subprocess
import sys

import httpx

from cockpit.server.log_text import CONTINUATION, SafeFormatter
from cockpit.server.run import StderrHandler
from tests.hostile import ATTACK, raw_controls
from tests.sync.test_restart import free_port

RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) ")
FORGE = "x%0a2026-12-01%2021:00:00,000%20INFO%20127.0.0.1%20POST%20/v1/admin%20200%201.0ms"
TITLE = "y%1b]0;pwned%07%1b[2J%9b31m%e2%80%ae"


def _raw_get(port: int, target: str) -> bytes:
    """What `curl -g` sends: the target exactly as typed, percent escapes and all."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    return reply


def test_a_request_path_cannot_forge_a_log_line_or_reach_a_terminal(tmp_path):
    port = free_port()
    log = tmp_path / "server.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cockpit.cli.main", "serve", "--host", "127.0.0.1",
             "--port", str(port), "--database", str(tmp_path / "server.sqlite3")],
            stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
        try:
            for _ in range(500):  # up within a few seconds; each try waits for a connection
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=0.5).is_success:
                        break
                except httpx.HTTPError:
                    if proc.poll() is not None:
                        raise AssertionError(log.read_text()) from None
            assert b"HTTP/1.1 4" in _raw_get(port, f"/v1/incidents/{FORGE}")  # no token needed
            assert b"HTTP/1.1 " in _raw_get(port, f"/v1/incidents/{TITLE}?q={TITLE}")
        finally:
            proc.terminate()
            proc.wait(15)
    written = log.read_bytes().decode("utf-8")  # strict: every byte decodes
    assert not raw_controls(written), written
    lines = written.splitlines()
    assert all(RECORD.match(x) for x in lines), lines  # every line is a genuine record
    assert not any(x.startswith("2026-12-01 21:00:00,000") for x in lines)
    forged = [x for x in lines if "/v1/incidents/x" in x]
    assert len(forged) == 1 and "x␤2026-12-01 21:00:00,000 INFO 127.0.0.1 POST" in forged[0]
    titled = [x for x in lines if "/v1/incidents/y" in x]
    assert len(titled) == 1 and "y␛]0;pwned␇␛[2J" in titled[0] and "\\u202e" in titled[0]


def test_an_exception_logged_with_clients_text_stays_in_its_record():
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(SafeFormatter(logging.Formatter("%(levelname)s %(message)s")))
    log = logging.getLogger("test.safe-log")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            raise ValueError(f"bad name {ATTACK}\nERROR forged record")
        except ValueError:
            log.exception("failed on %s", f"/v1/x\n{ATTACK}")
    finally:
        log.removeHandler(handler)
    lines = out.getvalue().splitlines()
    assert not raw_controls(out.getvalue())
    assert lines[0] == "ERROR failed on /v1/x␤x␛]0;pwned␇␛[2J␛[31mred"
    assert all(x.startswith(CONTINUATION) for x in lines[1:]) and len(lines) > 2
    assert any("ValueError: bad name x␛]0;pwned" in x for x in lines)
    assert CONTINUATION + "ERROR forged record" in lines


def test_the_server_log_writes_to_the_stderr_of_the_moment(monkeypatch):
    """A server run in a thread outlives the stderr it started with (pytest closes a test's
    captured stream): each line goes to sys.stderr as it is when logged, never to a closed one."""
    first, later = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    handler = StderrHandler()
    log = logging.getLogger("test.stderr-of-the-moment")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("one")
        first.close()
        monkeypatch.setattr(sys, "stderr", later)
        log.warning("two")
    finally:
        log.removeHandler(handler)
    assert later.getvalue() == "two\n"
