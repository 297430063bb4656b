"""Starting and stopping `cockpit web`: the proxy on the public address, textual-serve behind
it on a private port of 127.0.0.1, and (for a server's incident) one pull for every browser.

The browsers' sessions are `cockpit watch` processes started by textual-serve with this
process's environment, less the sync token (they read a file; they need none). They only read:
a write-capable session would act as the host. Everything started here is in one process group,
ended when this stops (Ctrl-C, SIGTERM).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web

from cockpit.web.gate import Gate, origins_for
from cockpit.web.proxy import Proxy

BACKEND_START_SECONDS = 20.0
STOP_GRACE_SECONDS = 5.0
SECRET_ENV = ("COCKPIT_TOKEN",)  # a session reads a file: it needs no token


@dataclass
class WebOptions:
    command: list[str]  # a session's `cockpit watch ...`, as argv
    title: str  # the page's, e.g. "INC-3 Checkout API errors (cockpit, watching)"
    host: str = "127.0.0.1"
    port: int = 8710
    public_url: str = ""
    max_sessions: int = 10
    say: Callable[[str], object] = print
    ready: Callable[[str, Proxy], object] | None = None  # (link, proxy), once serving
    stop: asyncio.Event | None = field(default=None, repr=False)  # set: stop serving


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Backend:
    """textual-serve in a process (group) of its own, on a private port."""

    def __init__(self, options: WebOptions, public_url: str) -> None:
        self.options, self.public_url = options, public_url
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        for _ in range(3):  # a free port taken by someone else meanwhile: another one
            self.port = free_port()
            env = {k: v for k, v in os.environ.items() if k not in SECRET_ENV}
            command = shlex.join(self.options.command)
            self.process = subprocess.Popen(
                [sys.executable, "-m", "cockpit.web.backend", str(self.port), self.public_url,
                 self.options.title, command],
                env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                start_new_session=True,  # its sessions' processes too: ended together
            )  # fmt: skip
            if await self._listening():
                return
            self.stop()
        raise OSError("textual-serve did not start (see the lines above)")

    async def _listening(self) -> bool:
        deadline = time.monotonic() + BACKEND_START_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                await asyncio.sleep(0.02)
                continue
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
            return True
        return False

    def stop(self) -> None:
        """SIGTERM to the group (textual-serve ends its sessions), then SIGKILL after a grace."""
        p, self.process = self.process, None
        if p is None or p.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        with contextlib.suppress(ProcessLookupError):  # a session left behind
            os.killpg(p.pid, signal.SIGKILL)


def bind(host: str, port: int) -> socket.socket:
    """The proxy's listening socket, bound now: its port (0 picks one) goes into the link and
    into textual-serve's pages before anything is served. OSError: in use, or no such address."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


async def serve(options: WebOptions, sock: socket.socket | None = None) -> None:
    """Serve until `options.stop` is set (or SIGINT / SIGTERM)."""
    stop = options.stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    sock = sock or bind(options.host, options.port)
    port = int(sock.getsockname()[1])
    gate = Gate(tuple(origins_for(options.host, port, options.public_url)))
    backend = Backend(options, gate.public_origin)
    runner: web.AppRunner | None = None
    try:
        await backend.start()  # meanwhile browsers wait in the socket's queue
        proxy = Proxy(gate, backend.url, max_sessions=options.max_sessions, say=options.say)
        runner = web.AppRunner(proxy.app(), handle_signals=False, access_log=None)
        await runner.setup()
        await web.SockSite(runner, sock).start()
        if options.ready is not None:
            options.ready(gate.link(), proxy)
        await stop.wait()
    finally:
        if runner is not None:
            await runner.cleanup()
        sock.close()
        backend.stop()
