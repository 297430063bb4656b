"""Schemathesis fuzzes the server's own OpenAPI document: no request makes it answer 500, and
every answer is one the document describes (status, content type, body schema, headers)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cockpit.core.clock import FakeClock
from cockpit.server.app import create_app
from cockpit.server.auth import create_token
from cockpit.server.storage.sqlite import SQLiteStorage
from tests.conftest import T0

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]  # fmt: skip

_dir = Path(tempfile.mkdtemp(prefix="cockpit-fuzz-"))
atexit.register(shutil.rmtree, _dir, True)
_storage = SQLiteStorage(_dir / "server.sqlite3")
_app = create_app(_storage, FakeClock(T0), max_wait=0.01)  # long-polls kept short here
_, _TOKEN = create_token(
    _storage, person="alice", team="sre", incident=None, now=0, expires_at=None
)
schema = schemathesis.openapi.from_asgi("/openapi.json", _app)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_one_the_document_describes(case):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {_TOKEN}"}
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    if response.status_code >= 400:
        ctype = response.headers.get("content-type")
        ctype = ctype[0] if isinstance(ctype, list) else ctype
        assert ctype == "application/problem+json", (response.status_code, ctype)
