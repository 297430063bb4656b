"""Issue 14: a real SMTP server on 127.0.0.1 (aiosmtpd) gets the mail; CR and LF never reach
a header; a password goes only over TLS."""

from __future__ import annotations

import random
from datetime import UTC

from cockpit.comms.sender import Sender
from cockpit.core.compose import new_event
from tests.comms.conftest import deliveries, post, settings
from tests.comms.receivers import closed_port


def mail(port: int, **more):
    return {"type": "email", "smtp_host": "127.0.0.1", "smtp_port": port, "smtp_tls": "auto",
            "from": "cockpit@example.com", "to": ["vp@example.com", "support@example.com"],
            **more}  # fmt: skip


def test_the_mail_arrives_with_its_headers_and_text(store, incident, clock, mailbox):
    store.append(new_event(incident, "alice", {"kind": "severity_set", "severity": "SEV2"}, clock))
    s = settings(mail=mail(mailbox.port))
    u = post(store, incident, clock, "Checkout recovered at 14:20.\nMonitoring for 30 min.", "mail")
    sender = Sender(store, s, clock, "alice")
    assert sender.step() is None
    sender.close()
    (msg,) = mailbox.messages
    assert mailbox.envelopes == [("cockpit@example.com", ["vp@example.com", "support@example.com"])]
    assert msg["Subject"] == "INC-1 · SEV2 · Checkout API errors — update for exec"
    assert msg["X-Cockpit-Idempotency-Key"] == f"{u.id}/mail"
    assert msg["Message-ID"].endswith("@cockpit.invalid>")
    assert msg.get_content().splitlines() == [
        "INC-1 · update for executives",
        "Checkout recovered at 14:20.",
        "Monitoring for 30 min.",
    ]
    assert [(d.status, d.attempt) for d in deliveries(store, incident)] == [("sent", 1)]


def test_cr_and_lf_never_reach_a_header(store, incident, clock, mailbox):
    title = "Outage\r\nBcc: everyone@example.com\r\nX-Evil: 1"
    store.append(new_event(incident, "mallory", {"kind": "field_set", "field": "title",
                                                 "value": title}, clock))  # fmt: skip
    s = settings(mail=mail(mailbox.port))
    post(store, incident, clock, "text\r\nwith CRLF @channel \x1b[31mred", "mail")
    sender = Sender(store, s, clock, "alice")
    sender.step()
    sender.close()
    (msg,) = mailbox.messages
    (envelope,) = mailbox.envelopes
    assert envelope[1] == ["vp@example.com", "support@example.com"]  # no Bcc slipped in
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert "␍␤Bcc: everyone@example.com" in msg["Subject"]
    body = msg.get_content()
    assert "\x1b" not in body and "␛[31m" in body and "@channel" not in body


def test_a_server_that_is_down_leaves_the_mail_queued(store, incident, clock):
    s = settings(mail=mail(closed_port()))
    post(store, incident, clock, "update", "mail")
    sender = Sender(store, s, clock, "alice", rng=random.Random(2))
    wait = sender.step()
    sender.close()
    assert wait is not None
    (d,) = deliveries(store, incident)
    assert (d.status, d.detail) == ("retrying", "connection refused")
    assert d.describe(tz=UTC) == "mail failed: connection refused, retrying"


def test_the_password_goes_only_over_tls(store, incident, clock, mailbox):
    """aiosmtpd here offers no STARTTLS: the login is refused before the password is sent,
    and the mail is not sent in the clear either."""
    s = settings(mail=mail(mailbox.port, smtp_user="ic", smtp_password="hunter2hunter2"))
    post(store, incident, clock, "update", "mail")
    sender = Sender(store, s, clock, "alice")
    assert sender.step() is None  # not retried: it needs a change of config
    sender.close()
    assert mailbox.messages == []
    (d,) = deliveries(store, incident)
    assert d.status == "failed" and "STARTTLS" in d.detail and "hunter2" not in d.detail


def test_starttls_when_offered_then_the_login(tmp_path, monkeypatch, store, incident, clock):
    """aiosmtpd offering STARTTLS (a certificate made here, trusted through SSL_CERT_FILE):
    the sender upgrades, logs in over TLS, and the mail arrives."""
    import shutil
    import ssl
    import subprocess

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from tests.comms.receivers import closed_port

    if shutil.which("openssl") is None:
        import pytest

        pytest.skip("no openssl command to make a certificate with")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)  # fmt: skip
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    got: list[tuple[bool, bool]] = []
    logins: list[tuple[bytes, bool]] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's)
            got.append((session.ssl is not None, session.authenticated))
            return "250 OK"

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"ic" and auth_data.password == b"s3cret-pw"
        logins.append((auth_data.login, session.ssl is not None))
        return AuthResult(success=ok)

    port = closed_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=server_tls,
                            require_starttls=True, authenticator=authenticate,
                            auth_require_tls=True)  # fmt: skip
    controller.start()
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        s = settings(mail=mail(port, smtp_user="ic", smtp_password="s3cret-pw"))
        post(store, incident, clock, "update", "mail")
        sender = Sender(store, s, clock, "alice")
        assert sender.step() is None
        sender.close()
    finally:
        controller.stop()
    assert got == [(True, True)]  # over TLS, logged in
    assert logins == [(b"ic", True)]  # the password went only over TLS
    assert [d.status for d in deliveries(store, incident)] == ["sent"]
