"""The real server on 127.0.0.1 closes a connection whose request does not arrive in time
(half a request line, half the headers, half a body, nothing at all, or a trickle), and never
cuts a request that has arrived, however long its answer takes (a long-poll)."""

from __future__ import annotations

import select
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cockpit.server.auth import create_token
from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage

TIMEOUT = 0.5  # the server's read timeout here
PATIENCE = 15.0  # how long a test waits for the server to close, at most


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerThread]:
    with ServerThread(SQLiteStorage(tmp_path / "server.sqlite3"), read_timeout=TIMEOUT) as s:
        yield s


def connect(server: ServerThread) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=PATIENCE)
    return sock


def closed_by_server(sock: socket.socket) -> bool:
    """Wait for the server to close the connection (end of stream); False if it did not
    within PATIENCE."""
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return True
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True
    finally:
        sock.close()


@pytest.mark.parametrize(
    "sent",
    [b"", b"GET /v1/hea", b"GET /v1/health HTTP/1.1\r\nHost: x\r\n",
     b"POST /v1/incidents/i/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"ev"],
    ids=["nothing", "half-a-request-line", "half-the-headers", "half-a-body"],
)  # fmt: skip
def test_a_stalled_request_is_closed(server, sent):
    sock = connect(server)
    sock.sendall(sent)
    assert closed_by_server(sock)


def test_a_trickle_does_not_restart_the_clock(server):
    """One byte every 50 ms would take 10 s for the request: it is cut long before."""
    request = b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 200 + b"\r\n\r\n"
    sock = connect(server)
    sent = 0
    while sent < len(request):
        try:
            sock.sendall(request[sent : sent + 1])
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += 1
        readable, _, _ = select.select([sock], [], [], 0.05)  # the pace, and a close shows
        if readable:
            break
    assert sent < len(request), "the whole trickled request was read"
    assert closed_by_server(sock)


def test_a_complete_request_keeps_its_connection(server):
    """Keep-alive: a second request on the same connection, after a first one, is answered."""
    with httpx.Client(base_url=server.url) as client:
        assert client.get("/v1/health").status_code == 200
        assert client.get("/v1/health").status_code == 200


def test_a_long_poll_longer_than_the_read_timeout_is_not_cut(server):
    storage = server.storage
    _, token = create_token(storage, person="a", team="t", incident=None, now=0, expires_at=None)
    storage.put_incident("inc-1", "t", "a", 0)
    wait = TIMEOUT * 4  # 2 s
    with httpx.Client(base_url=server.url, timeout=PATIENCE) as client:
        r = client.get("/v1/incidents/inc-1/events", params={"after": "0", "wait": wait},
                       headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert r.status_code == 200 and r.json()["events"] == []
