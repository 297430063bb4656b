"""Hybrid logical clock values as sortable strings: 15 digits of milliseconds, a dot, 6 of counter.

Comparing two values as strings compares them as clocks. A new local value is always later than
every value already seen (local or remote), so an event that saw another sorts after it.
"""

from __future__ import annotations

from datetime import datetime

from cockpit.core.clock import to_ms

ZERO = "000000000000000.000000"


def make(ms: int, counter: int = 0) -> str:
    return f"{ms:015d}.{counter:06d}"


def parse(value: str) -> tuple[int, int]:
    ms, _, counter = value.partition(".")
    return int(ms), int(counter or 0)


def next_after(latest_seen: str | None, now: datetime) -> str:
    """The next clock value: wall time if it moved on, else the latest seen plus one tick."""
    now_ms = to_ms(now)
    if not latest_seen:
        return make(now_ms)
    seen_ms, seen_counter = parse(latest_seen)
    if now_ms > seen_ms:
        return make(now_ms)
    return make(seen_ms, seen_counter + 1)


def cap(value: str, now: datetime, max_ahead_ms: int = 60_000) -> str:
    """Cap a clock value that runs too far ahead of `now` (a client with a wrong clock)."""
    ms, counter = parse(value)
    limit = to_ms(now) + max_ahead_ms
    return value if ms <= limit else make(limit, counter)
