"""The generic webhook's signature, for the sender and for whoever receives it.

    Cockpit-Signature: t=1732370400,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd

`v1` is the hex HMAC-SHA256, keyed with the destination's `secret`, of `{t}.{body}`: the
timestamp and the exact bytes of the body, as Stripe and Slack sign theirs. A receiver:

1. recomputes it over the raw body, compares in constant time, and refuses a timestamp more
   than five minutes from its clock: `verify` does this much;
2. drops a request whose `Idempotency-Key` (the update and the destination, the same on every
   retry) it has taken already. `verify` cannot: a request copied off the wire verifies again
   for five minutes, and a retry (after a timeout whose answer was lost) verifies with a new
   timestamp. The receiver must keep the keys it took, at least for the five minutes (a
   replay) and best for as long as the sender retries (`give_up_after`, 60 minutes by
   default; up to a day). `SeenKeys` keeps them in memory, for one process; a receiver with
   several keeps them in its database (a unique key).

    seen = SeenKeys()
    verify(headers["Cockpit-Signature"], body, secret, time.time())   # BadSignature: 401
    if not seen.first(headers["Idempotency-Key"], time.time()):
        return 200                                                     # had it: nothing to do
"""

from __future__ import annotations

import hashlib
import hmac
from collections import OrderedDict

HEADER = "Cockpit-Signature"
KEY_HEADER = "Idempotency-Key"
TOLERANCE = 300  # seconds between the signature's time and the receiver's clock
KEEP = 24 * 3600 + TOLERANCE  # the longest a sender retries (give_up_after), and a replay's


class BadSignature(ValueError):
    """A signature that does not verify; str() says why."""


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(header: str, body: bytes, secret: str, now: float, tolerance: int = TOLERANCE) -> int:
    """Check a signature header against the raw body; returns its timestamp or raises."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        fields.setdefault(key, []).append(value)
    try:
        timestamp = int(fields["t"][0])
    except (KeyError, ValueError):
        raise BadSignature("no timestamp") from None
    if abs(now - timestamp) > tolerance:
        raise BadSignature("timestamp outside the tolerance (a replay?)")
    expected = sign(secret, body, timestamp).rsplit("v1=", 1)[1]
    if not any(hmac.compare_digest(expected, v) for v in fields.get("v1", [])):
        raise BadSignature("no matching v1 signature")
    return timestamp


class SeenKeys:
    """The Idempotency-Keys a receiver took in the last `keep` seconds, in this process's
    memory (oldest dropped first; `now` in seconds, from the receiver's clock)."""

    def __init__(self, keep: float = KEEP) -> None:
        self.keep = keep
        self._taken: OrderedDict[str, float] = OrderedDict()

    def first(self, key: str, now: float) -> bool:
        """True the first time `key` comes within `keep` seconds (take the request), False
        for a duplicate or a replay (answer 2xx, do nothing)."""
        while self._taken and next(iter(self._taken.values())) <= now - self.keep:
            self._taken.popitem(last=False)
        if key in self._taken:
            return False
        self._taken[key] = now
        return True

    def __len__(self) -> int:
        return len(self._taken)
