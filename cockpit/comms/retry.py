"""When to try a destination again (the ideas of cockpit/sync/backoff.py, for receivers that
are people's chat and mail rather than our own server):

- after the first failure 5 s, then doubling: 10, 20, 40 s... up to `CAP` (5 minutes): a chat
  service that is down is rarely back in a second, and a stakeholder reads the update minutes
  later anyway; retrying every 5 minutes past the first few keeps the receiver unhammered;
- a receiver's Retry-After (429, 503) is waited as given (up to 10 minutes);
- every wait is jittered (between half of it and all of it), so that terminals that lost a
  receiver together do not come back in step;
- an update is retried for the destination's `give_up_after` minutes from when it was posted
  (or asked again); then it is recorded as not sent: news that old misleads more than it helps,
  and the IC sees it in the timeline and posts a fresh one.
"""

from __future__ import annotations

import random

FIRST = 5.0
CAP = 300.0


def wait(attempt: int, rng: random.Random | None = None, retry_after: float | None = None) -> float:
    """Seconds to wait after failed attempt number `attempt` (1 for the first)."""
    if retry_after is not None:
        return retry_after
    step = min(FIRST * 2 ** min(max(attempt - 1, 0), 16), CAP)
    return step * (rng or random).uniform(0.5, 1.0)
