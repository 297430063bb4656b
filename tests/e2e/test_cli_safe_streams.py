"""The CLI's live streams as real processes, read as bytes: `cockpit tail` and `cockpit sync`
(following) print what another process or a teammate wrote with every control visible and
inert; a server's own words (a refusal's detail) too."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cockpit.cli.output import CONTINUATION
from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage
from cockpit.store import Store
from cockpit.store.outbox import SyncBook
from tests.hostile import ATTACK, FORGED_ROW, raw_controls
from tests.sync.helpers import token

pytestmark = pytest.mark.e2e


def cockpit(db, *argv):
    return [sys.executable, "-m", "cockpit.cli.main", "--db", str(db), *argv]


def run(db, *argv, env=None):
    return subprocess.run(cockpit(db, *argv), capture_output=True, timeout=60, env=env)


class Reader:
    """A running command's standard output, line by line, as bytes."""

    def __init__(self, argv: list[str], env=None) -> None:
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env)  # fmt: skip
        self.lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:  # type: ignore[union-attr]
            self.lines.put(line)

    def until(self, needle: bytes, timeout: float = 30) -> list[bytes]:
        got: list[bytes] = []
        while not any(needle in x for x in got):
            got.append(self.lines.get(timeout=timeout))
        return got

    def stop(self) -> bytes:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
        return self.proc.stderr.read()  # type: ignore[union-attr]


def inert(data: bytes, keep: str = "\n") -> str:
    text = data.decode("utf-8")  # strict: nothing undecodable either
    assert not raw_controls(text, keep), text
    return text


def test_tail_shows_another_writers_attack_inert(tmp_path):
    db = tmp_path / "cockpit.sqlite3"
    run(db, "declare", "Tail me")
    tail = Reader(cockpit(db, "tail", "INC-1", "--interval", "0.02"))
    try:
        tail.until(b"declared")
        run(db, "note", "INC-1", ATTACK)
        run(db, "note", "INC-1", FORGED_ROW, "--author", "alice")
        got = b"".join(tail.until(b"stand down"))
    finally:
        err = tail.stop()
    text = inert(got, keep="\n\t")
    assert "x␛]0;pwned␇␛[2J␛[31mred" in text
    assert f"\n{CONTINUATION}14:02:05  1a2b3c4d  mallory" in text
    assert tail.proc.returncode == 0 and b"Traceback" not in err


def test_sync_following_shows_a_teammates_text_inert(tmp_path):
    server = ServerThread(SQLiteStorage(tmp_path / "server.sqlite3")).start()
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    mallory = f"mallory{ATTACK}"  # a name too: the token's person, and the author
    env_a = {**os.environ, "COCKPIT_CONFIG_DIR": str(tmp_path / "config-a")}
    env_b = {**os.environ, "COCKPIT_CONFIG_DIR": str(tmp_path / "config-b")}
    try:
        run(a, "--author", "alice", "declare", "Checkout down")
        alice, bob = token(server.storage, "alice"), token(server.storage, mallory)
        assert run(a, "--author", "alice", "join", server.url, "INC-1", "--token", alice,
                   env=env_a).returncode == 0  # fmt: skip
        with Store.open(a) as store:
            incident = store.incidents()[0].id
        follow = Reader(cockpit(a, "--author", "alice", "sync"), env=env_a)
        try:
            follow.until(b"sync: live")
            assert run(b, "--author", mallory, "join", server.url, incident, "--token", bob,
                       env=env_b).returncode == 0  # fmt: skip
            assert run(b, "--author", mallory, "note", "INC-1", f"stand down{ATTACK}",
                       env=env_b).returncode == 0  # fmt: skip
            got = b"".join(follow.until(b"stand down"))
        finally:
            err = follow.stop()
    finally:
        server.stop()
    text = inert(got)
    assert "+ malloryx␛]0;pwned␇␛[2J␛[31mred: stand down" in text
    assert "stand downx␛]0;pwned␇␛[2J␛[31mred" in text
    assert b"Traceback" not in err


class _Rude(BaseHTTPRequestHandler):
    """Refuses every token with a detail that would retitle the terminal."""

    def _refuse(self) -> None:
        body = json.dumps({"detail": "\x1b]0;owned\x07\x1b[2Jgo away"}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _refuse

    def log_message(self, *args) -> None:  # quiet
        pass


def test_a_servers_words_are_shown_inert(tmp_path):
    rude = ThreadingHTTPServer(("127.0.0.1", 0), _Rude)
    threading.Thread(target=rude.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{rude.server_address[1]}"
    db = tmp_path / "cockpit.sqlite3"
    try:
        run(db, "declare", "Checkout down")
        joined = run(db, "join", url, "INC-1", "--token", "t")
        assert joined.returncode == 1
        assert "␛]0;owned␇␛[2Jgo away" in inert(joined.stderr)
        with Store.open(db) as store:
            SyncBook(store).join(store.incidents()[0].id, url)
        synced = run(db, "sync", "--once", "--timeout", "5")
        assert synced.returncode == 1
        assert "token refused (␛]0;owned␇␛[2Jgo away)" in inert(synced.stdout + synced.stderr)
    finally:
        rude.shutdown()
