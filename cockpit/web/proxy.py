"""cockpit's proxy in front of textual-serve: every request passes the gate (gate.py) first.

textual-serve has no authentication hook (its routes are built in a private method), so it
listens on a private port of 127.0.0.1 and this proxy is the only way in, for the page, its
static files and the websocket alike:

- `/?key=SECRET` answers a short page that sets the cookie and moves on to `/` (a refresh in
  the page, not an HTTP redirect: a link clicked in a chat is a navigation started by another
  site, and a browser does not send a SameSite=Strict cookie along a redirect that such a
  navigation follows; the page's own refresh is this site's, so it does);
- without the cookie (or with a wrong key): 403, and a page that says what to do;
- the websocket also needs this page's Origin, and a free place: at most `max_sessions` at once
  (each is a whole `cockpit watch` process), else 503;
- every answer forbids framing, caching and referrers, and lets the page reach nothing but
  this server (no fonts from elsewhere either: the viewer's address is nobody else's business).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import WSMsgType, web

from cockpit.core.display import safe
from cockpit.web.gate import COOKIE, Gate

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>cockpit</title>
<meta name="viewport" content="width=device-width"></head>
<body style="font-family: sans-serif; background: #0c181f; color: #eee; margin: 3em">
{body}</body></html>"""
OPENING = (
    '<meta http-equiv="refresh" content="0;url=/">'
    '<p>Opening the incident… <a style="color:#9cf" href="/">continue</a></p>'
)
NEEDS_LINK = (
    "<h1>This page needs its link</h1><p>Open the link that <code>cockpit web</code> printed "
    "(it ends with <code>?key=…</code>). A link from before its last restart no longer works: "
    "ask for the new one.</p>"
)
FULL = (
    "<h1>Everyone's seats are taken</h1><p>{n} browsers are watching already, the most this "
    "server allows. Try again in a moment, or ask whoever runs <code>cockpit web</code> for "
    "more (<code>--max-sessions</code>).</p>"
)
SIZE_LIMIT = 1000  # cells: a width or height beyond is a typo or a trick


class Proxy:
    def __init__(self, gate: Gate, backend: str, *, max_sessions: int = 10,
                 say: Callable[[str], object] = print) -> None:  # fmt: skip
        self.gate = gate
        self.backend = backend.rstrip("/")  # http://127.0.0.1:PORT of textual-serve
        self.max_sessions = max_sessions
        self.say = say
        self.sessions = 0  # websockets open now, each a `cockpit watch` process
        self.refused: Counter[str] = Counter()  # why, for the tests and the bench
        self.served = 0  # sessions served since start
        self._client: aiohttp.ClientSession | None = None
        self._csp = (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
            f"connect-src 'self' {gate.websocket_origin()}; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'none'"
        )

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.router.add_get("/ws", self.websocket)
        app.router.add_get("/{tail:.*}", self.forward)
        app.on_cleanup.append(self._close)
        return app

    @property
    def client(self) -> aiohttp.ClientSession:
        if self._client is None:
            self._client = aiohttp.ClientSession(auto_decompress=False)
        return self._client

    async def _close(self, _app: web.Application) -> None:
        if self._client is not None:
            await self._client.close()

    # ---- the gate ---------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request,
                     handler: Callable[[web.Request], object]) -> web.StreamResponse:  # fmt: skip
        response: web.StreamResponse
        if not self.gate.host_ok(request.host):
            response = self._refuse("host", request, 421, NEEDS_LINK)
        elif request.path == "/" and "key" in request.query:
            response = self._exchange(request)
        elif not self.gate.cookie_ok(request.cookies.get(COOKIE)):
            response = self._refuse("no key", request, 403, NEEDS_LINK)
        elif request.path == "/" and self.sessions >= self.max_sessions:
            response = self._full(request)
        else:
            response = await handler(request)  # type: ignore[misc]
        if not response.prepared:  # a websocket's answer is already on its way
            self._secure(response)
        return response

    def _exchange(self, request: web.Request) -> web.StreamResponse:
        if not self.gate.key_ok(request.query.get("key")):
            return self._refuse("wrong key", request, 403, NEEDS_LINK)
        response = web.Response(text=PAGE.format(body=OPENING), content_type="text/html")
        response.headers["Set-Cookie"] = self.gate.set_cookie()
        return response

    def _refuse(self, why: str, request: web.Request, status: int, body: str) -> web.Response:
        self.refused[why] += 1
        self.say(f"refused ({why}): {safe(request.method)} {safe(request.path)[:80]} "
                 f"from {safe(request.remote or '?')}")  # fmt: skip
        return web.Response(status=status, text=PAGE.format(body=body), content_type="text/html")

    def _full(self, request: web.Request) -> web.Response:
        response = self._refuse("full", request, 503, FULL.format(n=self.sessions))
        response.headers["Retry-After"] = "30"
        return response

    def _secure(self, response: web.StreamResponse) -> None:
        h = response.headers
        h["Content-Security-Policy"] = self._csp
        h["X-Frame-Options"] = "DENY"
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "no-referrer"
        h["Cache-Control"] = "no-store"

    # ---- the page and its files -------------------------------------------------------------

    async def forward(self, request: web.Request) -> web.StreamResponse:
        """A GET of textual-serve's: its page (which names this server's URLs), static files
        and downloads (a screenshot asked from the palette)."""
        try:
            async with self.client.get(self.backend + request.rel_url.path_qs,
                                       allow_redirects=False) as upstream:  # fmt: skip
                body = await upstream.read()
                response = web.Response(status=upstream.status, body=body)
                for name in ("Content-Type", "Content-Disposition", "Content-Encoding"):
                    if name in upstream.headers:
                        response.headers[name] = upstream.headers[name]
                return response
        except aiohttp.ClientError:
            return web.Response(status=503, text=PAGE.format(body="<p>Starting; retry in a "
                                "moment.</p>"), content_type="text/html")  # fmt: skip

    # ---- the websocket: one `cockpit watch` process each ------------------------------------

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.gate.origin_ok(request.headers.get("Origin")):
            return self._refuse(f"origin {request.headers.get('Origin', 'none')[:60]}", request,
                                403, NEEDS_LINK)  # fmt: skip
        if self.sessions >= self.max_sessions:
            return self._full(request)
        self.sessions += 1  # taken before any wait: two at once cannot both take the last
        self.served += 1
        size = {k: str(_cells(request.query.get(k), d)) for k, d in (("width", 80), ("height", 24))}
        self.say(f"a browser joined ({self.sessions} watching)")
        browser = web.WebSocketResponse(heartbeat=30)
        try:
            async with self.client.ws_connect(self.backend + "/ws", params=size,
                                              heartbeat=30) as upstream:  # fmt: skip
                await browser.prepare(request)
                await _pump(browser, upstream)
        except aiohttp.ClientError as exc:
            self.say(f"the session could not start: {safe(str(exc))[:200]}")
        finally:
            self.sessions -= 1
            self.say(f"a browser left ({self.sessions} watching)")
            with contextlib.suppress(Exception):
                await browser.close()
        return browser


def _cells(value: str | None, default: int) -> int:
    try:
        n = int(value or default)
    except ValueError:
        return default
    return n if 1 <= n <= SIZE_LIMIT else default


async def _pump(browser: web.WebSocketResponse, upstream: aiohttp.ClientWebSocketResponse) -> None:
    """Both ways until either side closes: the browser's keys and size to the session, the
    session's screen to the browser."""

    async def across(source: Any, sink: Any) -> None:
        async for message in source:
            if message.type == WSMsgType.TEXT:
                await sink.send_str(message.data)
            elif message.type == WSMsgType.BINARY:
                await sink.send_bytes(message.data)
            elif message.type in (WSMsgType.CLOSE, WSMsgType.ERROR):
                break

    tasks = [asyncio.ensure_future(across(browser, upstream)),
             asyncio.ensure_future(across(upstream, browser))]  # fmt: skip
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for t in tasks:
            t.cancel()
        for t in tasks:
            with contextlib.suppress(BaseException):
                await t
        await upstream.close()
