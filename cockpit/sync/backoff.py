"""How long to wait before trying the server again (the waits of SYNC.md's error table).

- Nothing listens (the server is restarting, say): try again quickly, 0.1, 0.2, 0.4, 0.8 s,
  then every `refused_cap` (1.5 s): a refused connection costs the server nothing, and the
  client is back within ~2 s of the server's return.
- Any other failure (no answer in time, a 5xx, a rude reply, the local file busy): double up
  to `cap` (30 s), so that a server that is up but struggling is not hammered.
- 429 or 503 with Retry-After: wait what the server says (at most two minutes).

Every wait is jittered (between half of it and all of it) so that terminals that lost the
server together do not come back in step. A success starts the schedule over.
"""

from __future__ import annotations

import random

from cockpit.sync.api import Refused, RetryLater


class Backoff:
    def __init__(
        self,
        first: float = 0.1,
        cap: float = 30.0,
        refused_cap: float = 1.5,
        rng: random.Random | None = None,
    ) -> None:
        self.first, self.cap, self.refused_cap = first, cap, refused_cap
        self.rng = rng or random.Random()
        self.step = first  # the next wait before jitter
        self.waits: list[float] = []  # every wait given (the schedule, for tests and benches)

    def reset(self) -> None:
        self.step = self.first

    def next(self, exc: BaseException | None = None) -> float:
        """The wait after this failure (and the schedule moves on)."""
        if isinstance(exc, RetryLater) and exc.delay is not None:
            wait = exc.delay
        else:
            cap = min(self.refused_cap, self.cap) if isinstance(exc, Refused) else self.cap
            wait = min(self.step, cap) * self.rng.uniform(0.5, 1.0)
            self.step = min(self.step * 2, self.cap)
        self.waits.append(wait)
        return wait
