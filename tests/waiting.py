"""Waiting on a condition in async tests, never sleeping a fixed time: `until(cond, what)`
re-checks whenever something calls `beat()` (a sync engine reporting), and at least every
20 ms, and fails with what it waited for after its deadline."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

_WAITERS: set[asyncio.Event] = set()


def beat(*_: Any) -> None:
    """Something happened (an engine reported): wake every `until`."""
    for ev in list(_WAITERS):
        ev.set()


async def until(
    cond: Callable[[], object], what: str = "the condition", timeout: float = 20.0
) -> None:
    """Wait for `cond()` to hold, re-checking whenever `beat` is called (or every 20 ms)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    ev = asyncio.Event()
    _WAITERS.add(ev)
    try:
        while not cond():
            if loop.time() > end:
                raise AssertionError(f"timed out waiting for {what}")
            ev.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(ev.wait(), 0.02)
    finally:
        _WAITERS.discard(ev)
