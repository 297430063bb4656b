"""Starting textual-serve behind the proxy, before anything else is imported: its process
(a Python that imports aiohttp, jinja2 and textual-serve: the longest part of `cockpit web`'s
start) starts while this one still reads the incident and imports the proxy's aiohttp.

textual-serve runs one `cockpit watch` per browser session with this process's environment,
less its secrets (`session_environment`): the sync token (a session reads a file: it needs
none) and the variables that hold the destinations' webhook URLs, signing secrets and SMTP
passwords (a session sends nothing). The cockpit's other settings (COCKPIT_CONFIG_DIR,
COCKPIT_TZ...) stay: the session is the same user's cockpit. It and its sessions are one
process group, ended together when `cockpit web` stops.
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
from collections.abc import Mapping

from cockpit.comms_settings import DestinationSettings, without_secrets

BACKEND_START_SECONDS = 20.0
STOP_GRACE_SECONDS = 5.0


def session_environment(
    environ: Mapping[str, str], destinations: Mapping[str, DestinationSettings]
) -> dict[str, str]:
    """The environment of textual-serve and of every session it starts: `environ`, less the
    sync token and every variable a destination's `*_env` names."""
    return without_secrets(environ, destinations)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Backend:
    """textual-serve in a process (group) of its own, on a private port."""

    def __init__(self, command: list[str], title: str, public_url: str,
                 env: Mapping[str, str]) -> None:  # fmt: skip
        """`env`: its environment and its sessions' (`session_environment`)."""
        self.command, self.title, self.public_url = command, title, public_url
        self.env = dict(env)
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.tries = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def spawn(self) -> Backend:
        """Start the process (on a free port of 127.0.0.1); `ready()` waits for it."""
        self.tries += 1
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cockpit.web.backend", str(self.port), self.public_url,
             self.title, shlex.join(self.command)],
            env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            start_new_session=True,  # its sessions' processes too: ended together
        )  # fmt: skip
        return self

    async def ready(self) -> None:
        """Wait until it listens; a free port someone took meanwhile: another one, twice."""
        while not await self._listening():
            self.stop()
            if self.tries >= 3:
                raise OSError("textual-serve did not start (see the lines above)")
            self.spawn()

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
