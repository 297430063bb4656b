"""Schemathesis fuzzes the server's own OpenAPI document: no request makes it answer 500."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from cockpit.core.clock import FakeClock
from cockpit.server.app import create_app
from cockpit.server.auth import create_token
from cockpit.server.storage.sqlite import SQLiteStorage
from tests.conftest import T0

_dir = Path(tempfile.mkdtemp(prefix="cockpit-fuzz-"))
atexit.register(shutil.rmtree, _dir, True)
_storage = SQLiteStorage(_dir / "server.sqlite3")
_app = create_app(_storage, FakeClock(T0), max_wait=0.01)
_, _TOKEN = create_token(
    _storage, person="alice", team="sre", incident=None, now=0, expires_at=None
)
schema = schemathesis.openapi.from_asgi("/openapi.json", _app)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_server_fail(case):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {_TOKEN}"}
    response = case.call()
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        ctype = response.headers.get("content-type")
        ctype = ctype[0] if isinstance(ctype, list) else ctype
        assert ctype == "application/problem+json", (response.status_code, ctype)
