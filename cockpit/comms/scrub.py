"""Secrets out of every message before it is recorded or shown.

A webhook's URL is its password (Slack's `/services/T…/B…/…`, a Teams Workflows URL's `sig=`),
and libraries quote it in their errors (`... for url 'https://hooks...'`). So every detail the
sender records goes through `scrub`: each known secret is cut out (as typed, URL-quoted, and
each long piece of a secret URL: its path segments, its query values, its user and password),
then whatever URL is left is cut to its scheme and host, then the text is made one safe line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from cockpit.core.delivery import MAX_DETAIL
from cockpit.core.display import safe

HIDDEN = "[secret]"
MIN_PIECE = 6  # a path segment this long may be a token; shorter ones (`v1`, `hooks`) are not
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,15}://[^\s'\"<>`]+")


def pieces(secret: str) -> set[str]:
    """A secret and the parts of it that are secret on their own, in the forms they appear."""
    found = {secret}
    if "://" in secret:
        parts = urlsplit(secret)
        found.update(p for p in parts.path.split("/") if len(p) >= MIN_PIECE)
        found.update(v for _, v in parse_qsl(parts.query) if len(v) >= MIN_PIECE)
        found.update(p for p in (parts.username, parts.password) if p and len(p) >= 4)
        tail = parts.path + (f"?{parts.query}" if parts.query else "")
        if len(tail) >= MIN_PIECE:
            found.add(tail)
    more = set()
    for p in found:
        more.update({quote(p, safe=""), quote(p), unquote(p)})
    return {p for p in found | more if len(p) >= 4}


def host_only(url: str) -> str:
    """`https://hooks.slack.com/…`: where it went, not the token in its path."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "[a URL]"
    if not host:
        return "[a URL]"
    rest = "/…" if (parts.path not in ("", "/") or parts.query) else ""
    return f"{parts.scheme}://{host}{port}{rest}"


def scrub(text: str, secrets: Iterable[str] = (), limit: int = MAX_DETAIL) -> str:
    """`text` with no secret, no full URL and no control character, on one line."""
    out = text
    hidden = sorted({p for s in secrets if s for p in pieces(s)}, key=len, reverse=True)
    for piece in hidden:
        out = out.replace(piece, HIDDEN)
    for piece in hidden:  # a message someone cut short may end in the start of a secret
        for n in range(len(piece) - 1, MIN_PIECE - 1, -1):
            if out.endswith(piece[:n]):
                out = out[:-n] + HIDDEN
                break
    out = _URL.sub(lambda m: host_only(m[0]), out)
    out = " ".join(safe(out).split())
    return out if len(out) <= limit else out[: limit - 1] + "…"
