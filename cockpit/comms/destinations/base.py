"""What every destination is: something that sends one `Outgoing` and says how it went.

`send` returns a short note for the `sent` delivery (often ''), or raises:
- `Transient`: worth trying again (no answer, connection refused, 5xx, 429, a full mailbox):
  the update stays queued and is retried with backoff (`retry_after`: the receiver's wish);
- `Permanent`: trying again cannot help until a person changes something (a revoked webhook,
  a refused recipient, a command not found): recorded as `failed`, not retried.

Details may quote what a library said; the sender scrubs them of secrets before recording.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Outgoing:
    """One update on its way to one destination."""

    update_id: str
    destination: str
    incident_id: str
    incident: str  # INC-n in the posting terminal's file
    title: str  # empty for an audience that must not see internal names (customers)
    severity: str
    audience: str
    author: str
    posted_at: datetime
    text: str  # rendered for this destination's type, every control made visible
    attempt: int = 1
    stage: str = ""

    @property
    def key(self) -> str:
        """The idempotency key: the same on every retry of this update to this destination."""
        from urllib.parse import quote

        return f"{self.update_id}/{quote(self.destination, safe='')}"

    @property
    def heading(self) -> str:
        """One line that says which incident this is about."""
        parts = [self.incident]
        if self.severity:
            parts.append(self.severity)
        if self.title:
            parts.append(self.title)
        head = " · ".join(parts)
        return f"{head} — update for {self.audience}" if self.audience else head


class Transient(Exception):
    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after


class Permanent(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Destination(Protocol):
    name: str

    def send(self, out: Outgoing) -> str: ...

    def close(self) -> None: ...
