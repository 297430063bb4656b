"""Email through SMTP (the standard library's smtplib; nothing to install).

- TLS: `smtp_tls = "auto"` (the default) upgrades with STARTTLS whenever the server offers it,
  and sends a password only over TLS; `"ssl"` connects with TLS from the start (port 465);
  `"off"` never uses TLS (a trusted local relay).
- Headers are built from one-line, safe text: a CR or LF in a title or a name can never start
  a header of its own (and EmailMessage would refuse one anyway).
- `Message-ID` is made from the idempotency key, so a retry that reaches a mailbox twice is the
  same message to a mail client; the key is also in `X-Cockpit-Idempotency-Key`.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from cockpit.comms import mentions
from cockpit.comms.config import Target
from cockpit.comms.destinations.base import Outgoing, Permanent, Transient
from cockpit.core.display import safe

MAX_SUBJECT = 150


def header(text: str, limit: int = MAX_SUBJECT) -> str:
    """One line for a mail header: controls (CR and LF first) made visible, never raw."""
    line = " ".join(safe(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def message(target: Target, out: Outgoing) -> EmailMessage:
    d = target.settings
    msg = EmailMessage(policy=SMTP)
    # The title in the heading is escaped already: its zero-width spaces out, else safe() shows
    # them as `\u200b`; escaped again after.
    msg["Subject"] = mentions.neutral(header(out.heading.replace(mentions.ZWSP, "")))
    msg["From"] = header(d.from_, 254)
    msg["To"] = ", ".join(header(a, 254) for a in d.to)
    msg["Date"] = format_datetime(out.posted_at)
    digest = hashlib.sha256(out.key.encode()).hexdigest()[:32]
    msg["Message-ID"] = f"<{digest}@cockpit.invalid>"
    msg["X-Cockpit-Idempotency-Key"] = header(out.key, 200)
    msg.set_content(out.text + "\n")
    return msg


class Email:
    def __init__(self, target: Target) -> None:
        self.name = target.name
        self.target = target

    def send(self, out: Outgoing) -> str:
        d, msg = self.target.settings, message(self.target, out)
        port = d.smtp_port or (465 if d.smtp_tls == "ssl" else 587)
        try:
            refused = self._deliver(msg, d.smtp_host.strip(), port, d.timeout)
        except smtplib.SMTPAuthenticationError as exc:
            raise Permanent(
                f"login refused ({exc.smtp_code}); check smtp_user and its password"
            ) from None
        except smtplib.SMTPRecipientsRefused as exc:
            raise Permanent(f"every recipient refused ({_codes(exc.recipients)})") from None
        except smtplib.SMTPSenderRefused as exc:
            raise Permanent(f"sender {exc.sender!r} refused ({exc.smtp_code})") from None
        except smtplib.SMTPResponseException as exc:
            said = (
                exc.smtp_error.decode(errors="replace")
                if isinstance(exc.smtp_error, bytes)
                else str(exc.smtp_error)
            )
            detail = f"SMTP {exc.smtp_code}: {said}"
            if 400 <= exc.smtp_code < 500:
                raise Transient(detail) from None
            raise Permanent(detail) from None
        except ssl.SSLCertVerificationError as exc:
            raise Permanent(f"TLS certificate not trusted ({exc.verify_message})") from None
        except TimeoutError:
            raise Transient(f"no answer within {d.timeout:g} s") from None
        except ConnectionRefusedError:
            raise Transient("connection refused") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise Transient(f"{type(exc).__name__}: {exc}") from None
        if refused:
            return f"refused by {', '.join(sorted(refused))}"
        return ""

    def _deliver(
        self, msg: EmailMessage, host: str, port: int, timeout: float
    ) -> dict[str, tuple[int, bytes]]:
        d, tls = self.target.settings, self.target.settings.smtp_tls
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if tls == "ssl":
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            smtp.ehlo()
            secure = tls == "ssl"
            if tls == "auto" and smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
                secure = True
            if d.smtp_user:
                if not secure and tls != "off":
                    raise Permanent(
                        "the server offers no STARTTLS, and the password goes only over TLS "
                        '(smtp_tls = "ssl" for port 465, or "off" for a trusted local relay)'
                    )
                smtp.login(d.smtp_user, self.target.password)
            return smtp.send_message(msg)

    def close(self) -> None:
        pass


def _codes(recipients: dict[str, tuple[int, bytes]]) -> str:
    return ", ".join(f"{addr}: {code}" for addr, (code, _) in list(recipients.items())[:3])
