"""Building many small objects at once (a 100,000-event load) is twice as fast with Python's
cyclic garbage collector paused: it otherwise rescans the growing heap again and again.
Events, rows and states hold no reference cycles, so nothing is left for it to find."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
