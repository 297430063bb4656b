"""Running the app: `serve()` for `cockpit serve`, `ServerThread` for tests and benchmarks.

Graceful shutdown: on SIGINT/SIGTERM uvicorn stops accepting connections, parked pulls are
released at once (they answer with an empty list, and clients simply pull again), requests in
flight finish, then the database is closed.
"""

from __future__ import annotations

import logging
import socket
import sys
import threading
from typing import Any

import uvicorn

from cockpit.core.clock import Clock
from cockpit.server.app import create_app
from cockpit.server.log_text import SafeFormatter, guard
from cockpit.server.slow_clients import READ_TIMEOUT, with_read_timeout
from cockpit.server.storage import Storage, open_storage


class StderrHandler(logging.StreamHandler):
    """Writes to `sys.stderr` as it is when a line is logged, not as it was when the handler
    was made: a server run inside another program (the tests run it in a thread) outlives
    the stream that program had then, and writing to a closed one is an error per line."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass  # always the current sys.stderr


def configure_logging(level: str = "info") -> None:
    logger = logging.getLogger("cockpit.server")
    if not logger.handlers:
        h = StderrHandler()
        # What clients sent (paths, names, reasons) is logged safe: no forged line, no escape.
        h.setFormatter(SafeFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s")))
        logger.addHandler(h)
    logger.setLevel(level.upper())
    logger.propagate = False


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, app: Any) -> None:
        super().__init__(config)
        self._cockpit_app = app

    def handle_exit(self, sig: int, frame: Any) -> None:
        self._cockpit_app.state.begin_shutdown()
        super().handle_exit(sig, frame)


def _config(app: Any, host: str, port: int, log_level: str, read_timeout: float) -> uvicorn.Config:
    config = uvicorn.Config(
        app, host=host, port=port, log_level=log_level, access_log=False,
        timeout_graceful_shutdown=10, lifespan="on", server_header=False,
        http=with_read_timeout(read_timeout),
    )  # fmt: skip
    guard("uvicorn", "uvicorn.error", "uvicorn.access")  # set up by the line above
    return config


class ServeError(Exception):
    """`cockpit serve` cannot start; str() is the one line that says what to do."""


def check_listen(host: str, port: int) -> None:
    """Bind the address once, as uvicorn will, so that a port in use or an unknown host is
    one line before anything else happens (and before the "serve on" line)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            probe.bind(address)
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise ServeError(f"cannot listen on {host}:{port} ({why.lower()}); pick another --port, "
                         "or stop the program that uses it, or check --host") from None  # fmt: skip


def serve(
    database: str, host: str, port: int, *, log_level: str = "info",
    read_timeout: float = READ_TIMEOUT,
) -> None:  # fmt: skip
    """Run until SIGINT/SIGTERM. Raises ServeError if the address cannot be listened on, and
    StorageError if the database cannot be used, each before anything is logged."""
    configure_logging(log_level)
    check_listen(host, port)
    storage = open_storage(database)
    try:
        app = create_app(storage)
        server = _Server(_config(app, host, port, "warning", read_timeout), app)
        logging.getLogger("cockpit.server").info(
            "cockpit serve on http://%s:%d, database %s", host, port, _redact(database)
        )
        server.run()
    finally:
        storage.close()


def _redact(database: str) -> str:
    if "://" in database and "@" in database:
        scheme, rest = database.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return database


class ServerThread:
    """The real server on 127.0.0.1 in a thread, on a free port (or the one given).

    (uvicorn is given the port, not a pre-bound socket: with a socket passed in, each
    request here took ~45 ms longer.)"""

    def __init__(
        self, storage: Storage | str, *, clock: Clock | None = None, port: int = 0,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:  # fmt: skip
        self.storage = open_storage(storage) if isinstance(storage, str) else storage
        self.app = create_app(self.storage, clock)
        if not port:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
        self.port = port
        self.url = f"http://127.0.0.1:{self.port}"
        config = _config(self.app, "127.0.0.1", self.port, "warning", read_timeout)
        self.server = _Server(config, self.app)
        self.thread = threading.Thread(target=self.server.run, name="cockpit-serve", daemon=True)

    def start(self, timeout: float = 10.0) -> ServerThread:
        self.thread.start()
        ready = threading.Event()
        while not self.server.started and self.thread.is_alive() and timeout > 0:
            ready.wait(0.01)
            timeout -= 0.01
        if not self.server.started:
            raise RuntimeError(f"the server did not start on 127.0.0.1:{self.port}")
        return self

    def stop(self, *, close_storage: bool = True) -> None:
        self.app.state.begin_shutdown()
        self.server.should_exit = True
        self.thread.join(timeout=15)
        if close_storage:
            self.storage.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
