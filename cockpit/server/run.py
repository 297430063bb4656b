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
from cockpit.server.storage import Storage, open_storage


def configure_logging(level: str = "info") -> None:
    logger = logging.getLogger("cockpit.server")
    if not logger.handlers:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
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


def _config(app: Any, host: str, port: int, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(
        app, host=host, port=port, log_level=log_level, access_log=False,
        timeout_graceful_shutdown=10, lifespan="on", server_header=False,
    )  # fmt: skip


def serve(database: str, host: str, port: int, *, log_level: str = "info") -> None:
    """Run until SIGINT/SIGTERM. Raises StorageError if the database cannot be used."""
    configure_logging(log_level)
    storage = open_storage(database)
    app = create_app(storage)
    server = _Server(_config(app, host, port, "warning"), app)
    logging.getLogger("cockpit.server").info(
        "cockpit serve on http://%s:%d, database %s", host, port, _redact(database)
    )
    try:
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
    """The real server on 127.0.0.1 in a thread, on a socket bound before it starts."""

    def __init__(
        self, storage: Storage | str, *, clock: Clock | None = None, port: int = 0
    ) -> None:
        self.storage = open_storage(storage) if isinstance(storage, str) else storage
        self.app = create_app(self.storage, clock)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = _Server(_config(self.app, "127.0.0.1", self.port, "warning"), self.app)
        self.thread = threading.Thread(
            target=lambda: self.server.run(sockets=[self.sock]), name="cockpit-serve", daemon=True
        )

    def start(self, timeout: float = 10.0) -> ServerThread:
        self.thread.start()
        ready = threading.Event()

        def poll() -> None:
            while not self.server.started and self.thread.is_alive():
                ready.wait(0.01)
            ready.set()

        threading.Thread(target=poll, daemon=True).start()
        if not ready.wait(timeout) or not self.server.started:
            raise RuntimeError("the server did not start")
        return self

    def stop(self, *, close_storage: bool = True) -> None:
        self.app.state.begin_shutdown()
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()
        if close_storage:
            self.storage.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
