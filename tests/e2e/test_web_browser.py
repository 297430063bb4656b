"""`cockpit web` in a real browser: Debian's chromium, headless, driven by Playwright with that
executable (no browser download). The browser opens the secret link, sees the incident's title
and its countdown, sees a note added by the CLI appear, survives a refresh; without the key it
is refused, and so is a websocket opened by a page of another origin, cookie and all.

What the browser shows is read back from the bytes its websocket received, through a terminal
emulator (pyte): xterm.js draws on a canvas, so the page's DOM holds no text.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from cockpit.cli.main import main

pytestmark = pytest.mark.e2e

COCKPIT = Path(sys.executable).with_name("cockpit")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
STEP_MS = 50  # Playwright delivers the frames received while it waits


class BrowserScreen:
    """The terminal the browser shows, rebuilt from the frames its websocket received."""

    def __init__(self) -> None:
        import pyte

        self._pyte = pyte
        self.sockets = 0
        self.reset(80, 24)

    def reset(self, width: int, height: int) -> None:
        self.screen = self._pyte.Screen(width, height)
        self.stream = self._pyte.ByteStream(self.screen)

    def attach(self, page) -> None:
        page.on("websocket", self._opened)

    def _opened(self, ws) -> None:
        size = parse_qs(urlsplit(ws.url).query)
        self.reset(int(size.get("width", ["80"])[0]), int(size.get("height", ["24"])[0]))
        self.sockets += 1
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    def _received(self, payload) -> None:
        if isinstance(payload, bytes):  # the screen; text frames are textual-serve's meta
            self.stream.feed(payload)

    def _sent(self, payload) -> None:
        m = re.match(r'\["resize", *\{"width": *(\d+), *"height": *(\d+)', str(payload))
        if m:
            self.screen.resize(int(m[2]), int(m[1]))

    def text(self) -> str:
        return "\n".join(self.screen.display)


def wait_for(page, condition, what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        page.wait_for_timeout(STEP_MS)
    raise AssertionError(f"timed out waiting for {what}")


@contextlib.contextmanager
def stranger_site(page: str) -> Iterator[str]:
    """Another web site on this machine (another port: the same site for cookies)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802  (http.server's name)
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed; `make test` installs it via .ci/system-deps")
    sync_api = pytest.importorskip("playwright.sync_api", reason="make install brings playwright")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, list[str]]]:
    """`cockpit web INC-1` on a fresh file, its link, the file, and what it said on stderr."""
    if not COCKPIT.exists():
        pytest.skip(f"the cockpit command is not installed next to {sys.executable}")
    db = tmp_path / "cockpit.sqlite3"
    assert main(["--db", str(db), "declare", "Checkout API errors", "--severity", "SEV2"]) == 0
    proc = subprocess.Popen([str(COCKPIT), "--db", str(db), "web", "INC-1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "COLUMNS": "200"})  # fmt: skip
    said: list[str] = []
    threading.Thread(target=lambda: said.extend(proc.stderr), daemon=True).start()
    watchdog = threading.Timer(120, proc.kill)  # never outlive a hung test
    watchdog.start()
    try:
        link = proc.stdout.readline().strip()
        assert link.startswith("http://127.0.0.1:"), (link, said)
        yield link, db, said
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        watchdog.cancel()


def test_a_browser_follows_the_incident_and_strangers_are_refused(browser, served):
    link, db, said = served
    base = link.split("/?", 1)[0]
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        shown = BrowserScreen()
        shown.attach(page)
        page.goto(link)
        wait_for(page, lambda: page.url == base + "/", "the key to leave the address")
        cookie = next(c for c in context.cookies() if c["name"] == "cockpit_web")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        wait_for(page, lambda: "Checkout API errors" in shown.text(), "the incident's title")
        wait_for(page, lambda: re.search(r"in \d+:\d\d \(at \d\d:\d\d\)", shown.text()),
                 "the countdown")  # fmt: skip
        assert "WATCHING" in shown.text()

        subprocess.run([str(COCKPIT), "--db", str(db), "note", "INC-1", "rolled back deploy 42"],
                       check=True, capture_output=True, timeout=60)  # fmt: skip
        wait_for(page, lambda: "rolled back deploy 42" in shown.text(), "the CLI's note")

        page.reload()  # the cookie carries the refresh: a new session, the same incident
        wait_for(page, lambda: shown.sockets == 2 and "rolled back deploy 42" in shown.text(),
                 "the page after a refresh")  # fmt: skip

        # A page of another origin (another port of this machine: the same site, so the
        # cookie goes along) opens the websocket: refused for its Origin.
        script = ("<script>const ws = new WebSocket('" + base.replace("http", "ws") + "/ws');"
                  "ws.onopen = () => document.title = 'opened';"
                  "ws.onerror = () => document.title = 'refused';</script>")  # fmt: skip
        other = context.new_page()
        with stranger_site(script) as evil:
            other.goto(evil)
            wait_for(other, lambda: other.title() in ("opened", "refused"), "the stranger's socket")
        assert other.title() == "refused"
        wait_for(page, lambda: any(f"refused (origin {evil[:-1]})" in x for x in said),
                 "the refusal said")  # fmt: skip
    finally:
        context.close()

    stranger = browser.new_context()
    try:
        page = stranger.new_page()
        for url in (base + "/", base + "/?key=not-the-key", base + "/static/js/textual.js"):
            response = page.goto(url)
            assert response.status == 403, url
            assert "needs its link" in page.content()
    finally:
        stranger.close()
