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


class BodyLimit:
    """Answer 413 to a body over `limit` bytes, by its Content-Length or, when it says none
    (chunked), as it streams in.

    The body is read here, whole, before the app sees it, and handed on as it came. (Raising
    from inside the app's `receive` instead does not work: FastAPI takes any error while it
    reads a body for a malformed one and answers 400.) A body under the cap is read by the
    app in full anyway, so nothing is held longer than it would be.
    """

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        if self._declared(scope) > self.limit:
            await self._too_large(scope, receive, send)
            return
        messages: list[dict] = []
        seen = 0
        while True:
            msg = await receive()
            messages.append(msg)
            if msg["type"] != "http.request":  # the client went away: nothing to answer
                return
            seen += len(msg.get("body", b""))
            if seen > self.limit:
                await self._too_large(scope, receive, send)
                return
            if not msg.get("more_body", False):
                break

        async def replay() -> dict:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    @staticmethod
    def _declared(scope: dict) -> int:
        for k, v in scope.get("headers", ()):
            if k == b"content-length":
                try:
                    return int(v)
                except ValueError:
                    return 0  # not a number: counted as it streams in
        return 0

    async def _too_large(self, scope: dict, receive: Any, send: Any) -> None:
        problem = Problem(
            413, "batch-too-large",
            f"the request body is over {self.limit} bytes; send a smaller batch",
            max_bytes=self.limit,
        )  # fmt: skip
        await problem_response(problem)(scope, receive, send)


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
