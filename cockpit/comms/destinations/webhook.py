"""A generic JSON webhook, signed: for a status page, a paging tool or a team's own bot.

    POST <url>
    Content-Type: application/json
    Idempotency-Key: <update id>/<destination>       (the same on every retry)
    Cockpit-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">

    {"type": "status_update", "idempotency_key": ..., "update_id": ..., "destination": ...,
     "incident": {"id": ..., "label": "INC-42", "title": ..., "severity": "SEV1"},
     "audience": "exec", "stage": "", "author": ..., "posted_at": "2026-...Z",
     "attempt": 1, "text": ...}

The text is the update as written, every control character made visible (JSON would carry
them, and a receiver may print them). The signature covers the timestamp and the exact body,
so a receiver can refuse a replay; `cockpit.comms.signing.verify` checks it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC

from cockpit.comms import signing
from cockpit.comms.config import Target
from cockpit.comms.destinations.base import Outgoing
from cockpit.comms.destinations.http import Poster


def body(out: Outgoing) -> dict[str, object]:
    return {
        "type": "status_update",
        "idempotency_key": out.key,
        "update_id": out.update_id,
        "destination": out.destination,
        "incident": {
            "id": out.incident_id,
            "label": out.incident,
            "title": out.title,
            "severity": out.severity,
        },  # fmt: skip
        "audience": out.audience,
        "stage": out.stage,
        "author": out.author,
        "posted_at": out.posted_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "attempt": out.attempt,
        "text": out.text,
    }


class SignedWebhook:
    def __init__(self, target: Target, poster: Poster, now: Callable[[], float]) -> None:
        self.name = target.name
        self.target = target
        self.poster = poster
        self.now = now  # seconds since the epoch, from the sender's clock

    def send(self, out: Outgoing) -> str:
        content = json.dumps(body(out), ensure_ascii=False, separators=(",", ":")).encode()
        headers = {
            signing.KEY_HEADER: out.key,
            signing.HEADER: signing.sign(self.target.secret, content, int(self.now())),
        }
        return self.poster.post(self.target.url, content, headers, self.target.settings.timeout)

    def close(self) -> None:
        pass
