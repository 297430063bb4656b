from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.server.app import create_app
from cockpit.server.auth import create_token
from cockpit.server.storage.sqlite import SQLiteStorage
from tests.conftest import T0

INC = "0196e1a4-0000-7000-8000-00000000c0de"


class Api:
    """An in-process client of the app (httpx over ASGI) with tokens at hand."""

    def __init__(self, storage: SQLiteStorage, clock: FakeClock, client: httpx.AsyncClient) -> None:
        self.storage, self.clock, self.client = storage, clock, client
        self.app: Any = None  # the app under test (its waker, for tests of parked pulls)

    def token(self, person: str = "alice", team: str = "sre", **kw: Any) -> dict[str, str]:
        _, tok = create_token(
            self.storage, person=person, team=team, incident=kw.get("incident"),
            now=int(self.clock.now().timestamp()), expires_at=kw.get("expires_at"),
            permission=kw.get("permission", "write"),
        )  # fmt: skip
        return {"Authorization": f"Bearer {tok}"}

    def event(self, author: str = "alice", body: dict | None = None, incident: str = INC) -> dict:
        self.clock.advance(1)
        e = new_event(incident, author, body or {"kind": "note", "text": "hello"}, self.clock)
        return json.loads(e.model_dump_json())


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    storage = SQLiteStorage(tmp_path / "server.sqlite3")
    clock = FakeClock(T0)
    app = create_app(storage, clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        a = Api(storage, clock, client)
        a.app = app
        yield a
    storage.close()


@pytest.fixture(scope="session")
def pg_cluster():
    """A real PostgreSQL, started for this test session and stopped at its end."""
    from tests.server.pgcluster import Cluster

    cluster = Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster, request) -> str:
    import re

    name = re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:50]
    return pg_cluster.database(f"t_{name}")
