"""The server killed in the middle of a push, and a server restored from an older backup."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys

import httpx
import pytest

from cockpit.cli.main import main
from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage
from cockpit.store.outbox import SyncBook
from tests.sync.helpers import Terminal, joined_pair, token, until


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """`cockpit serve` in a subprocess, so that it can be SIGKILLed."""

    def __init__(self, database: str, port: int) -> None:
        self.database, self.port = database, port
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> ServerProcess:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cockpit.cli.main", "serve", "--host", "127.0.0.1",
             "--port", str(self.port), "--database", self.database, "--log-level", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        return self

    def up(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"server exited: {self.proc.stderr.read().decode()[-2000:]}")
        try:
            return httpx.get(f"{self.url}/v1/health", timeout=0.5).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def terminate(self) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(15)


class KillOnPush(httpx.AsyncBaseTransport):
    """Forwards to the real server; on the n-th push, kills the server after it answered (the
    reply is lost) or before it is sent, and the client sees a network error."""

    def __init__(self, server: ServerProcess, nth: int, after_commit: bool) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.server, self.nth, self.after = server, nth, after_commit
        self.pushes = 0
        self.killed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and not self.killed:
            self.pushes += 1
            if self.pushes == self.nth:
                if self.after:
                    resp = await self.inner.handle_async_request(request)
                    await resp.aread()
                self.server.kill()
                self.killed = True
                raise httpx.RemoteProtocolError("server disconnected without a response")
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def server_rows(db, incident):
    with sqlite3.connect(db) as c:
        return c.execute(
            "SELECT seq, id FROM events WHERE incident = ? ORDER BY seq", (incident,)
        ).fetchall()


@pytest.mark.parametrize("after_commit", [True, False], ids=["reply-lost", "request-lost"])
async def test_server_killed_mid_push_loses_and_doubles_nothing(tmp_path, after_commit):
    db = str(tmp_path / "server.sqlite3")
    storage = SQLiteStorage(db)
    ta, tb = token(storage, "alice"), token(storage, "bob")
    storage.close()
    server = ServerProcess(db, free_port()).start()
    a = Terminal(tmp_path, "alice", ta)
    b = Terminal(tmp_path, "bob", tb)
    incident = a.declare()
    for k in range(1200):
        a.note(incident, f"note {k}")
    a.join(incident, server.url)
    b.join(incident, server.url)
    try:
        await until(server.up, "the server to start")
        kill = KillOnPush(server, nth=3, after_commit=after_commit)  # 404, a batch, then
        await a.start(transport=kill)
        await b.start()
        await until(lambda: kill.killed, "the kill")
        assert 0 < a.pending(incident) < 1201
        server.start()
        await until(server.up, "the server to restart")
        a.engine.kick()
        b.engine.kick()
        await until(lambda: a.pending(incident) == 0, "alice's outbox to empty")
        await until(lambda: len(b.ids(incident)) == 1201, "bob to have everything")
        rows = server_rows(db, incident)
        assert [s for s, _ in rows] == list(range(1, 1202))  # nothing doubled, no gap
        assert {i for _, i in rows} == a.ids(incident) == b.ids(incident)
        assert a.snapshot(incident) == b.snapshot(incident)
    finally:
        await a.stop()
        await b.stop()
        server.terminate()


async def test_a_server_restored_from_an_older_backup_is_refilled(tmp_path):
    db = tmp_path / "server.sqlite3"
    server = ServerThread(SQLiteStorage(db)).start()
    port = server.port
    a, b, incident = await joined_pair(tmp_path, server)
    try:
        for k in range(5):
            a.note(incident, f"alice {k}")
            b.note(incident, f"bob {k}")
        await until(lambda: len(server_rows(db, incident)) == 11, "11 events on the server")
        backup = tmp_path / "backup.sqlite3"
        with sqlite3.connect(db) as src, sqlite3.connect(backup) as dst:
            src.backup(dst)
        for k in range(5, 10):
            a.note(incident, f"alice {k}")
            b.note(incident, f"bob {k}")
        await until(lambda: len(server_rows(db, incident)) == 21, "21 events on the server")
        await until(lambda: len(a.ids(incident)) == len(b.ids(incident)) == 21, "both have 21")
        old_epoch = SyncBook(a.store).link(incident).epoch
        server.stop()
        for suffix in ("", "-wal", "-shm"):
            (tmp_path / f"server.sqlite3{suffix}").unlink(missing_ok=True)
        backup.rename(db)
        assert main(["serve", "new-epoch", "--database", str(db)]) == 0
        server = ServerThread(SQLiteStorage(db), port=port).start()
        assert len(server_rows(db, incident)) == 11
        a.engine.kick()
        b.engine.kick()
        await until(lambda: len(server_rows(db, incident)) == 21, "the server refilled")
        rows = server_rows(db, incident)
        assert [s for s, _ in rows] == list(range(1, 22))
        assert {i for _, i in rows} == a.ids(incident)
        await until(lambda: SyncBook(b.store).link(incident).epoch not in ("", old_epoch),
                    "bob on the new epoch")  # fmt: skip
        await until(lambda: a.pending(incident) == b.pending(incident) == 0, "empty outboxes")
        assert a.snapshot(incident) == b.snapshot(incident)
    finally:
        await a.stop()
        await b.stop()
        server.stop()
