"""Who may open the page and drive a session: the rules of cockpit's proxy, in one place.

- A link with a secret key, made at start and printed once. Its first use exchanges it for a
  cookie (HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it), so a
  refresh keeps working and the key leaves the address bar and the history.
- The websocket, which drives a whole process, also needs its Origin to be this page's: a page
  of another site, or of another port on this machine (the same site for cookies), is refused.
- The Host header must be one this server is reached by (a DNS-rebinding page names another).
Everything compared against a secret is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

COOKIE = "cockpit_web"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def origin_of(url: str) -> str:
    """`http://127.0.0.1:8710/x?y` -> `http://127.0.0.1:8710` (lowercase, default ports kept)."""
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def origins_for(host: str, port: int, public_url: str = "") -> list[str]:
    """The origins a browser may come from: the public URL first (the link's), then the bound
    address; on a loopback bind each of its names (127.0.0.1, localhost, [::1])."""
    out = [origin_of(public_url)] if public_url else []
    names = LOOPBACK if host in LOOPBACK else (host,)
    for name in names:
        shown = f"[{name}]" if ":" in name else name
        out.append(f"http://{shown}:{port}")
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Gate:
    origins: tuple[str, ...]  # the first is the link's
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

    @property
    def public_origin(self) -> str:
        return self.origins[0]

    @property
    def secure(self) -> bool:
        """Served over TLS (a reverse proxy in front): the cookie then travels only so."""
        return self.public_origin.startswith("https://")

    def link(self) -> str:
        return f"{self.public_origin}/?key={self.secret}"

    def key_ok(self, key: str | None) -> bool:
        return key is not None and hmac.compare_digest(key.encode(), self.secret.encode())

    @property
    def cookie_value(self) -> str:
        """Derived from the secret: valid until this server stops (a new start, a new key)."""
        return hmac.new(self.secret.encode(), b"cockpit web cookie", hashlib.sha256).hexdigest()

    def cookie_ok(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.cookie_value.encode())

    def set_cookie(self) -> str:
        """The Set-Cookie header's value: no expiry (it ends with the browser session)."""
        tail = "; Secure" if self.secure else ""
        return f"{COOKIE}={self.cookie_value}; Path=/; HttpOnly; SameSite=Strict{tail}"

    def origin_ok(self, origin: str | None) -> bool:
        return origin is not None and origin_of(origin) in self.origins

    def host_ok(self, host: str | None) -> bool:
        return host is not None and host.strip().lower() in self.hosts

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset(urlsplit(o).netloc for o in self.origins)

    def websocket_origin(self) -> str:
        """Where the page's websocket goes (for the Content-Security-Policy)."""
        return "ws" + self.public_origin[len("http") :]
