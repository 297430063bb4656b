"""Real receivers on 127.0.0.1 for the sending tests: an HTTP server (the stdlib's, in a
thread) that records every request and answers as told, and an SMTP server (aiosmtpd) that
keeps every message. Nothing leaves the machine."""

from __future__ import annotations

import socket
import threading
from collections import deque
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from email.policy import SMTP as SMTP_POLICY
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Answer:
    status: int = 200
    body: bytes = b"ok"
    headers: dict[str, str] = field(default_factory=dict)
    hold: threading.Event | None = None  # answer only once this is set (a slow receiver)


class Receiver:
    """An HTTP receiver: `answers` are used in order, then 200 ok for everything."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.answers: deque[Answer] = deque()
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver.arrived:
                    receiver.requests.append(Request(self.path, dict(self.headers), body))
                    answer = receiver.answers.popleft() if receiver.answers else Answer()
                    receiver.arrived.notify_all()
                if answer.hold is not None:
                    answer.hold.wait(30)
                try:
                    self.send_response(answer.status)
                    for k, v in answer.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except OSError:  # the sender gave up waiting and went
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def start(self) -> Receiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str = "/hook/T0001/B0002/s3cr3tT0k3nXYZ") -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def answer(self, *answers: Answer | int) -> None:
        for a in answers:
            self.answers.append(a if isinstance(a, Answer) else Answer(status=a))

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Request]:
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.requests) >= count, timeout):
                raise AssertionError(f"{len(self.requests)} request(s), expected {count}")
            return list(self.requests)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connection refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class MailBox:
    """aiosmtpd on 127.0.0.1: every message it accepted, parsed."""

    def __init__(self, *, starttls: bool = False) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        box = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's)
                box.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
                box.messages.append(message_from_bytes(envelope.content, policy=SMTP_POLICY))
                return "250 OK"

        self.port = closed_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def start(self) -> MailBox:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
