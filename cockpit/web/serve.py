"""Serving `cockpit web`: the proxy on the public address (its socket bound and textual-serve
started by launch.py first), until Ctrl-C or SIGTERM; then both stop.

The browsers' sessions are `cockpit watch` processes: they only read. A write-capable session
would act as the host.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web

from cockpit.web.gate import Gate
from cockpit.web.launch import Backend
from cockpit.web.proxy import Proxy


@dataclass
class WebOptions:
    max_sessions: int = 10
    say: Callable[[str], object] = print
    ready: Callable[[str, Proxy], object] | None = None  # (link, proxy), once serving
    stop: asyncio.Event | None = field(default=None, repr=False)  # set: stop serving


async def serve(options: WebOptions, sock: socket.socket, gate: Gate, backend: Backend) -> None:
    """Serve until `options.stop` is set (or SIGINT / SIGTERM), once `backend` (spawned) is
    ready; meanwhile browsers wait in the socket's queue."""
    stop = options.stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    runner: web.AppRunner | None = None
    try:
        await backend.ready()
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
