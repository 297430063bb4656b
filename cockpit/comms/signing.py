"""The generic webhook's signature, for the sender and for whoever receives it.

    Cockpit-Signature: t=1732370400,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd

`v1` is the hex HMAC-SHA256, keyed with the destination's `secret`, of `{t}.{body}`: the
timestamp and the exact bytes of the body, as Stripe and Slack sign theirs. A receiver
recomputes it over the raw body, compares in constant time, and refuses a timestamp more than
five minutes from its clock (a replay); the `Idempotency-Key` header (the update and the
destination, the same on every retry) lets it drop a retry it already has. `verify` does all
of it for a Python receiver.
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "Cockpit-Signature"
KEY_HEADER = "Idempotency-Key"
TOLERANCE = 300  # seconds between the signature's time and the receiver's clock


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
