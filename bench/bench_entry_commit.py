"""Enter to committed (issue 4): a note committed to SQLite with 100,000 entries already in the
incident. Target: p99 under 10 ms. Times what the entry bar's worker does on Enter: read the
typed text, build the event, append it in one committed transaction."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC
from pathlib import Path

from _common import finish, pct, report, synthetic

from cockpit.core.clock import SystemClock
from cockpit.core.compose import new_event
from cockpit.core.entry_input import read_entry
from cockpit.store import Store

N = 100_000
SAMPLES = 1_000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.sqlite3", create=True)
        events = synthetic("bench", N)
        store.declare(events[0])
        store.append_many(events[1:], origin="local")
        clock = SystemClock()
        times = []
        for i in range(SAMPLES):
            t = time.perf_counter()
            typed = read_entry(f"-1m checked the pool #db {i}", "note", clock.now(), UTC)
            store.append(new_event("bench", "bob", typed.body, clock, at=typed.at))
            times.append((time.perf_counter() - t) * 1000)
        store.close()
    print(f"info  {SAMPLES} notes appended to an incident of {N:,} entries")
    report("Enter to committed, p50", pct(times, 50), 10, "ms")
    report("Enter to committed, p99", pct(times, 99), 10, "ms")
    finish()


if __name__ == "__main__":
    main()
