"""The 1 MiB cap on request bodies, on the real server: a body that says its length and one
sent chunked (no Content-Length) are both answered 413, with the problem body."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cockpit.server.auth import create_token
from cockpit.server.limits import MAX_BATCH_BYTES
from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[ServerThread, dict]]:
    storage = SQLiteStorage(tmp_path / "server.sqlite3")
    _, token = create_token(storage, person="a", team="t", incident=None, now=0, expires_at=None)
    storage.put_incident("inc-1", "t", "a", 0)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    with ServerThread(storage) as s:
        yield s, headers


def chunks(size: int) -> Iterator[bytes]:
    """A JSON push body of about `size` bytes, sent in 64 KiB chunks (httpx sends a
    generator with Transfer-Encoding: chunked, no Content-Length)."""
    yield b'{"events": ['
    piece = b'"' + b"x" * 65_530 + b'",'
    for _ in range(size // len(piece)):
        yield piece
    yield b"1]}"


@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "content-length"])
def test_an_over_limit_body_is_413(server, chunked):
    s, headers = server
    body = chunks(MAX_BATCH_BYTES + 200_000)
    content = body if chunked else b"".join(body)
    r = httpx.post(f"{s.url}/v1/incidents/inc-1/events", content=content, headers=headers)
    assert r.status_code == 413, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"].endswith("batch-too-large") and r.json()["max_bytes"] == MAX_BATCH_BYTES


def test_a_chunked_body_under_the_limit_reaches_the_app(server):
    s, headers = server
    r = httpx.post(f"{s.url}/v1/incidents/inc-1/events", headers=headers,
                   content=iter([b'{"eve', b'nts": []}']))  # fmt: skip
    assert r.status_code == 200 and r.json() == {"results": []}
    r = httpx.post(f"{s.url}/v1/incidents/inc-1/events", content=chunks(300_000), headers=headers)
    assert r.status_code == 200 and len(r.json()["results"]) == 5  # each one refused, no 413
