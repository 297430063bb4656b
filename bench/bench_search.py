"""Filter and search a 100,000-entry timeline (issue 4): target under 100 ms each.

Twice: with the entries as the screen reads them (light records, which the timeline holds in
its compact columns and searches there), and as full events (the CLI's, every row an object).
The timeline's search caches are filled once after load (as the app does in a worker); the
figures are the median of five runs of each query.
"""

from __future__ import annotations

import time
from datetime import UTC

from _common import finish, median, report, synthetic

from cockpit.core import query
from cockpit.core.kinds import PLAIN_KINDS
from cockpit.core.light import Item, LightEntry
from cockpit.core.timeline import Timeline

N = 100_000


def main() -> None:
    events = synthetic("bench", N)
    light: list[Item] = [LightEntry.from_event(e) if e.kind in PLAIN_KINDS else e for e in events]
    for label, items in (("light", light), ("full events", events)):
        run_cases(label, items)
    finish()


def run_cases(label: str, items: list) -> None:
    tl = Timeline(UTC)
    tl.apply_all(items)
    t = time.perf_counter()
    tl.warm()
    print(f"info  {label}: warm search caches for {N:,} entries: "
          f"{(time.perf_counter() - t) * 1000:.0f} ms")  # fmt: skip
    cases = {
        "search text 'rollback'": query.Query(text="rollback"),
        "search text, no match": query.Query(text="zzz-not-there"),
        "filter kind = decision (decision log)": query.Query(kinds=query.DECISION_LOG),
        "filter author = bob": query.Query(authors=frozenset({"bob"})),
        "filter tag #db": query.Query(tags=frozenset({"db"})),
        "author + kind + text": query.Query(
            authors=frozenset({"bob"}), kinds=frozenset({"note"}), text="kafka"
        ),
    }
    for name, q in cases.items():
        times = []
        for _ in range(5):
            t = time.perf_counter()
            query.run(tl, q)
            times.append((time.perf_counter() - t) * 1000)
        report(f"{name} ({N:,} {label})", median(times), 100, "ms")


if __name__ == "__main__":
    main()
