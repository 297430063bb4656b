"""One HTTP POST for the webhook destinations (chat, Teams, the signed JSON webhook), and how
its answer reads: 2xx sent; 408, 425, 429, 5xx and network failures worth retrying (with the
receiver's Retry-After, when it gives one); any other 4xx refused for good (a revoked or
mistyped webhook). A redirect is not followed: a webhook that moved is a config change."""

from __future__ import annotations

from typing import Any

import httpx

from cockpit import __version__
from cockpit.comms.destinations.base import Permanent, Transient
from cockpit.core.display import safe

USER_AGENT = f"cockpit/{__version__}"
RETRY_STATUSES = frozenset({408, 425, 429})
MAX_RETRY_AFTER = 600.0


class Poster:
    """An httpx client shared by the webhook destinations of one sender."""

    def __init__(self, transport: httpx.BaseTransport | None = None) -> None:
        self.client = httpx.Client(
            transport=transport, follow_redirects=False, headers={"User-Agent": USER_AGENT}
        )

    def post(self, url: str, content: bytes, headers: dict[str, str], timeout: float) -> str:
        """POST `content`; '' or a short note when it was taken, else Transient/Permanent."""
        try:
            r = self.client.post(
                url,
                content=content,
                headers={"Content-Type": "application/json", **headers},
                timeout=timeout,
            )
        except httpx.TimeoutException:
            raise Transient(f"no answer within {timeout:g} s") from None
        except httpx.ConnectError as exc:
            raise Transient(_connect_error(exc)) from None
        except httpx.TransportError as exc:
            raise Transient(f"{type(exc).__name__}: {exc}") from None
        if 200 <= r.status_code < 300:
            return ""
        said = _said(r)
        if r.status_code in RETRY_STATUSES or r.status_code >= 500:
            raise Transient(f"HTTP {r.status_code}{said}", _retry_after(r))
        if 300 <= r.status_code < 400:
            raise Permanent(f"HTTP {r.status_code}: the webhook moved; update its url")
        raise Permanent(f"HTTP {r.status_code}{said}")

    def close(self) -> None:
        self.client.close()


def _connect_error(exc: Exception) -> str:
    text = str(exc)
    if "refused" in text.lower():
        return "connection refused"
    if "name or service not known" in text.lower() or "nodename" in text.lower():
        return "host not found"
    return f"cannot connect ({text})" if text else "cannot connect"


def _said(r: httpx.Response) -> str:
    """What the receiver said, briefly (Slack: `no_service`, `invalid_token`...); nothing
    from an HTML error page (a proxy's), whose first line says nothing."""
    if "html" in r.headers.get("Content-Type", "").lower():
        return ""
    try:
        text = r.text.strip()
    except Exception:  # undecodable: the status says enough
        return ""
    first = text.splitlines()[0][:2000] if text else ""  # cut short after scrubbing, not here
    return f": {safe(first)}" if first else ""


def _retry_after(r: httpx.Response) -> float | None:
    value: Any = r.headers.get("Retry-After", "")
    try:
        seconds = float(value)
    except ValueError:
        return None
    return max(0.0, min(seconds, MAX_RETRY_AFTER))
