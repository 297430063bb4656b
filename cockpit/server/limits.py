"""Two small ASGI middlewares: a 1 MiB cap on request bodies, and one log line per request."""

from __future__ import annotations

import logging
import time
from typing import Any

from cockpit.core.display import safe
from cockpit.server.problems import Problem, problem_response

MAX_BATCH_EVENTS = 500
MAX_BATCH_BYTES = 1024 * 1024

log = logging.getLogger("cockpit.server")


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Answer 413 to a body over `limit` bytes, by Content-Length or as it streams in."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT"):
            await self.app(scope, receive, send)
            return
        too_large = Problem(
            413, "batch-too-large",
            f"the request body is over {self.limit} bytes; send a smaller batch",
            max_bytes=self.limit,
        )  # fmt: skip
        for k, v in scope.get("headers", ()):
            if k == b"content-length":
                try:
                    n = int(v)
                except ValueError:
                    n = 0
                if n > self.limit:
                    await problem_response(too_large)(scope, receive, send)
                    return
        seen = 0
        started = False

        async def counted() -> dict:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return msg

        async def tracking_send(msg: dict) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counted, tracking_send)
        except _TooLarge:
            if not started:
                await problem_response(too_large)(scope, receive, send)


class RequestLog:
    """`METHOD path status ms` on one line, at INFO, for every request."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        status = [0]

        async def watch(msg: dict) -> None:
            if msg["type"] == "http.response.start":
                status[0] = msg["status"]
            await send(msg)

        try:
            await self.app(scope, receive, watch)
        finally:
            client = scope.get("client") or ("-", 0)
            qs = scope.get("query_string", b"").decode("latin-1")
            path = scope["path"] + (f"?{qs}" if qs else "")  # decoded: `%0a` is a line break
            log.info(
                "%s %s %s %d %.1fms",
                client[0], safe(scope["method"]), safe(path[:300]), status[0] or 500,
                (time.perf_counter() - t0) * 1000,
            )  # fmt: skip
