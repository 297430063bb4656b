"""A client must send its whole request in time: half a request, then nothing, is cut off.

uvicorn (0.54) closes a keep-alive connection that stays idle between requests, but nothing
bounds the time a client takes to send a request: a connection that sends half a request
line or half its headers (or announces a body and never sends it), then stalls, holds a
socket and a file descriptor for ever, and a few hundred of them ("slowloris") exhaust the
server.

`with_read_timeout(seconds)` gives the HTTP protocol that closes such a connection: from the
moment the connection is ready for a request (when it opens, and after each response), the
whole request (line, headers and body) must have arrived within `seconds`. Data trickling in
does not restart the clock. Once a request has arrived the clock stops, so answering may take
as long as it takes: the 25 s long-poll of a pull is a complete request waiting for its answer
and is never cut.

It is uvicorn's h11 protocol (chosen explicitly, so that installing httptools changes
nothing), told where a request stands by h11's own state machine (`their_state`): IDLE (no
request yet, or part of its head) and SEND_BODY (the body is still coming) are "still
receiving"; DONE and after are "received". tests/server/test_slow_clients.py holds it to that
with raw sockets, so an uvicorn or h11 upgrade that changes it fails there loudly.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("cockpit.server")

READ_TIMEOUT = 30.0  # seconds for a whole request to arrive (1 MiB at 35 kB/s)
_RECEIVING = (h11.IDLE, h11.SEND_BODY)


class ReadTimeoutH11Protocol(H11Protocol):
    """H11Protocol that closes a connection whose request does not arrive in time."""

    read_timeout: float = READ_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._follow_request()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow_request()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow_request()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_clock()
        super().connection_lost(exc)

    def _follow_request(self) -> None:
        """Start the clock when the connection waits for (the rest of) a request; stop it
        once the request is in."""
        if self.transport is None or self.transport.is_closing():
            self._stop_clock()
        elif self.conn.their_state in _RECEIVING:
            if self.read_deadline is None:
                self.read_deadline = self.loop.call_later(self.read_timeout, self._too_slow)
        else:
            self._stop_clock()

    def _stop_clock(self) -> None:
        if self.read_deadline is not None:
            self.read_deadline.cancel()
            self.read_deadline = None

    def _too_slow(self) -> None:
        self.read_deadline = None
        if self.transport.is_closing() or self.conn.their_state not in _RECEIVING:
            return
        client = self.client[0] if self.client else "-"
        log.info("%s closed: no complete request within %g s", client, self.read_timeout)
        self.transport.close()


def with_read_timeout(seconds: float) -> type[ReadTimeoutH11Protocol]:
    """The protocol class for uvicorn's `http=`, with this read timeout."""
    if seconds <= 0:
        raise ValueError("the read timeout must be more than 0 seconds")
    return type("ReadTimeoutH11Protocol", (ReadTimeoutH11Protocol,), {"read_timeout": seconds})
