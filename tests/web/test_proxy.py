"""The rules of cockpit's proxy in front of textual-serve, on real sockets of 127.0.0.1: a fake
textual-serve behind it (a page, a file, a websocket that echoes), the proxy in front, and
aiohttp's client as the browser. The real textual-serve and a real browser are in
tests/e2e/test_web_browser.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from cockpit.web.gate import COOKIE, Gate, origin_of, origins_for
from cockpit.web.proxy import Proxy
from tests.waiting import until


def fake_textual_serve() -> web.Application:
    async def page(request: web.Request) -> web.Response:
        return web.Response(text=f"the page {request.query_string}", content_type="text/html")

    async def echo(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(f"size {request.query['width']}x{request.query['height']}")
        async for message in ws:
            await ws.send_str(f"echo {message.data}")
        return ws

    app = web.Application()
    app.router.add_get("/", page)

    async def script(request: web.Request) -> web.Response:
        return web.Response(text="js")

    app.router.add_get("/static/app.js", script)
    app.router.add_get("/ws", echo)
    return app


class Served:
    def __init__(self, proxy: Proxy, server: TestServer) -> None:
        self.proxy, self.server = proxy, server
        self.base = str(server.make_url("")).rstrip("/")
        self.origin = origin_of(self.base)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
async def served() -> AsyncIterator[Served]:
    backend = TestServer(fake_textual_serve(), host="127.0.0.1")
    await backend.start_server()
    front = TestServer(web.Application(), host="127.0.0.1")  # for its port; app set below
    await front.start_server()
    port = front.port
    await front.close()
    gate = Gate(tuple(origins_for("127.0.0.1", port, "")))
    proxy = Proxy(gate, str(backend.make_url("")).rstrip("/"), max_sessions=2, say=lambda _: None)
    server = TestServer(proxy.app(), host="127.0.0.1", port=port)
    await server.start_server()
    try:
        yield Served(proxy, server)
    finally:
        await server.close()
        await backend.close()


def browser() -> aiohttp.ClientSession:
    """A client that keeps cookies of 127.0.0.1 as a browser does (aiohttp's jar drops cookies
    of IP addresses unless told)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def signed_in(s: Served, http: aiohttp.ClientSession) -> None:
    r = await http.get(s.url(f"/?key={s.proxy.gate.secret}"))
    assert r.status == 200 and "Opening the incident" in await r.text()


async def test_nothing_without_the_key(served):
    async with browser() as http:
        for path in ("/", "/static/app.js", "/?key=wrong", "/ws"):
            r = await http.get(served.url(path), headers={"Origin": served.origin})
            assert r.status == 403, path
            assert "needs its link" in await r.text()
            assert COOKIE not in r.cookies
    assert served.proxy.refused["no key"] == 3 and served.proxy.refused["wrong key"] == 1


async def test_the_key_is_exchanged_for_a_strict_cookie_that_carries_refreshes(served):
    async with browser() as http:
        r = await http.get(served.url(f"/?key={served.proxy.gate.secret}"))
        cookie = r.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        assert served.proxy.gate.secret not in cookie  # the cookie is not the key
        assert 'http-equiv="refresh" content="0;url=/"' in await r.text()  # the key leaves
        assert (
            r.headers["Referrer-Policy"] == "no-referrer" and r.headers["X-Frame-Options"] == "DENY"
        )
        for _ in range(2):  # and again: a refresh
            page = await http.get(served.url("/?fontsize=16"))
            assert page.status == 200 and await page.text() == "the page fontsize=16"
            csp = page.headers["Content-Security-Policy"]
            assert "frame-ancestors 'none'" in csp and f"ws://{served.origin[7:]}" in csp
        assert (await http.get(served.url("/static/app.js"))).status == 200


async def test_the_websocket_needs_this_pages_origin(served):
    async with browser() as http:
        await signed_in(served, http)
        for origin in ("http://127.0.0.1:9", "http://evil.example", "null", None):
            headers = {"Origin": origin} if origin else {}
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(served.url("/ws"), headers=headers)
            assert refused.value.status == 403, origin
        async with http.ws_connect(served.url("/ws?width=120&height=40"),
                                   headers={"Origin": served.origin}) as ws:  # fmt: skip
            assert (await ws.receive_str()) == "size 120x40"
            await ws.send_str('["stdin", "n"]')
            assert (await ws.receive_str()) == 'echo ["stdin", "n"]'
    assert sum(n for why, n in served.proxy.refused.items() if why.startswith("origin")) == 4


async def test_at_most_n_sessions_at_once(served):
    async with browser() as http:
        await signed_in(served, http)
        origin = {"Origin": served.origin}
        first = await http.ws_connect(served.url("/ws"), headers=origin)
        second = await http.ws_connect(served.url("/ws"), headers=origin)
        assert served.proxy.sessions == 2
        with pytest.raises(aiohttp.WSServerHandshakeError) as full:
            await http.ws_connect(served.url("/ws"), headers=origin)
        assert full.value.status == 503
        page = await http.get(served.url("/"))
        assert page.status == 503 and "2 browsers are watching" in await page.text()
        await first.close()
        await until(lambda: served.proxy.sessions == 1, "the place given back")
        third = await http.ws_connect(served.url("/ws"), headers=origin)
        await third.close()
        await second.close()


async def test_a_request_for_another_host_is_refused(served):
    async with browser() as http:
        await signed_in(served, http)
        r = await http.get(served.url("/"), headers={"Host": "evil.example:80"})
        assert r.status == 421  # a DNS-rebinding page names its own host


def test_origins_follow_the_bind_and_the_public_url():
    assert origins_for("127.0.0.1", 8710) == [
        "http://127.0.0.1:8710", "http://localhost:8710", "http://[::1]:8710"]  # fmt: skip
    behind = Gate(tuple(origins_for("0.0.0.0", 8710, "https://Cockpit.example.com/")))
    assert behind.link().startswith("https://cockpit.example.com/?key=")
    assert (
        "Secure" in behind.set_cookie() and behind.websocket_origin() == "wss://cockpit.example.com"
    )
    assert behind.origin_ok("https://cockpit.example.com") and not behind.origin_ok(
        "http://cockpit.example.com"
    )
    assert not Gate(("http://127.0.0.1:1",)).key_ok(None)
