"""Errors as RFC 9457 `application/problem+json`, each with a stable `type` clients switch on."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

BASE = "https://cockpit.invalid/problems/"

TITLES = {
    400: "Bad request",
    401: "Token refused",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Invalid request",
    429: "Too many requests",
    500: "Server error",
    503: "Unavailable",
}


class Problem(Exception):
    def __init__(
        self,
        status: int,
        kind: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def problem_response(p: Problem) -> Response:
    body = {
        "type": BASE + p.kind,
        "title": TITLES.get(p.status, "Error"),
        "status": p.status,
        "detail": p.detail,
        **p.extra,
    }
    return Response(
        json.dumps(body),
        status_code=p.status,
        media_type="application/problem+json",
        headers=p.headers,
    )
