"""Folding events into state (issue 2): 100,000 events into an IncidentState under 1 s, one
new event applied to that state under 1 ms; the same for the Timeline (the screen's index).

The events are a heavy mix (about 30% of them set shared state, far more than a real log,
which is mostly notes and evidence): severity and phase changes, role hand-overs,
mitigations and outcomes, delegated tasks and their acknowledgements, checklist ticks and
status updates, each setting `prev` from the state its author saw, some notes backdated. Figures are the median of three folds; the one-event figures are p99 over 2,000
events applied one at a time to the full state. Prints PASS/MISS beside each target; exits 1 on
a miss only with --strict.

    python bench/bench_fold.py [--n 100000] [--strict]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

from _common import MISSES, T0, WORDS, finish, pct, report

from cockpit.core import rules
from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.events import Event
from cockpit.core.state import IncidentState, fold
from cockpit.core.timeline import Timeline
from cockpit.store import Store

PEOPLE = ("ann", "bob", "cy", "dee", "eve", "fay")
CHECK_ITEMS = [("intake", f"item {i}") for i in range(5)] + [
    ("kickoff", f"item {i}") for i in range(4)
]


def generate(incident: str, n: int, seed: int = 11) -> list[Event]:
    """A realistic incident log of `n` events (deterministic for a seed)."""
    rnd = random.Random(seed)
    clock = FakeClock(T0)
    state = IncidentState(incident)
    out: list[Event] = []

    def add(body: dict, **kw) -> Event:
        e = new_event(incident, rnd.choice(PEOPLE), body, clock, state=state, **kw)
        state.apply(e)
        out.append(e)
        return e

    add({"kind": "incident_declared", "title": "Bench", "service": "checkout"})
    tasks: list[str] = []
    mitigation: str | None = None
    while len(out) < n:
        clock.advance(rnd.uniform(0.05, 2))
        r = rnd.random()
        text = " ".join(rnd.choices(WORDS, k=8))
        if r < 0.55:
            kind = rnd.choice(("note", "note", "decision", "action", "hypothesis", "question"))
            add({"kind": kind, "text": text})
        elif r < 0.65:
            add({"kind": "evidence", "text": "\n".join(rnd.choices(WORDS, k=30))})
        elif r < 0.68:
            add({"kind": "note", "text": "backdated " + text},
                at=clock.now().replace(microsecond=0) - (clock.now() - T0) * rnd.random())  # fmt: skip
        elif r < 0.70:
            add({"kind": "severity_set", "severity": rnd.choice(("SEV1", "SEV2", "SEV3"))})
        elif r < 0.71:
            add({"kind": "phase_set", "phase": rnd.choice(("investigating", "mitigating"))})
        elif r < 0.74:
            role = rnd.choice(("ic", "scribe", "tech_lead", "sme", "comms_lead"))
            add({"kind": "role_assigned", "role": role, "person": rnd.choice(PEOPLE)})
        elif r < 0.78:
            if mitigation is None:
                mitigation = add({"kind": "mitigation_started", "what": text, "by": "bob"}).id
            else:
                add({"kind": "mitigation_outcome", "mitigation": mitigation,
                     "outcome": rnd.choice(("worked", "no_effect", "partly"))})  # fmt: skip
                mitigation = None
        elif r < 0.86:
            if tasks and rnd.random() < 0.6:
                add({"kind": "task_status", "target": tasks.pop(rnd.randrange(len(tasks))),
                     "status": rnd.choice(("acknowledged", "done", "dropped"))})  # fmt: skip
            else:
                tasks.append(add({"kind": "task_delegated", "task": text,
                                  "owner": rnd.choice(PEOPLE)}).id)  # fmt: skip
        elif r < 0.93:
            checklist, item = rnd.choice(CHECK_ITEMS)
            add({"kind": "checklist_item", "checklist": checklist, "item": item,
                 "checked": rnd.random() < 0.8})  # fmt: skip
        else:
            add({"kind": "status_update", "text": text, "next_in_minutes": 20})
    return out


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def per_event(apply, events: list[Event]) -> list[float]:
    out = []
    perf = time.perf_counter
    for e in events:
        t = perf()
        apply(e)
        out.append((perf() - t) * 1000)
    return out


def read_views(state: IncidentState) -> None:
    """What the screen reads after each event: severity, roles, mitigation, tasks, update clock."""
    _ = state.severity, state.phase, state.current_mitigation
    state.role_board()
    state.open_tasks()
    rules.next_update(state)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args(argv)
    extra = 2_000
    t = time.perf_counter()
    events = generate("bench", args.n + extra)
    base, more = events[: args.n], events[args.n :]
    print(f"info  generated {len(events):,} events in {time.perf_counter() - t:.1f} s "
          f"(kinds: {len({e.kind for e in events})})")  # fmt: skip

    secs, state = timed(lambda: fold(base))
    report(f"fold {args.n:,} events into IncidentState", secs * 1000, 1000, "ms")
    lat = per_event(state.apply, more)
    report("apply one event to that state (p99)", pct(lat, 99), 1.0, "ms")
    print(f"info  apply one event: p50 {pct(lat, 50) * 1000:.1f} us, max {max(lat):.3f} ms")
    lat = per_event(lambda e: (state.apply(e), read_views(state)), generate("bench", 1000, 5)[1:])
    print(f"info  apply one event and read the screen's views: p50 {pct(lat, 50):.3f} ms, "
          f"p99 {pct(lat, 99):.3f} ms (tasks open: {len(state.open_tasks())})")  # fmt: skip

    secs, tl = timed(lambda: _timeline(base))
    report(f"fold {args.n:,} events into Timeline", secs * 1000, 1000, "ms")
    lat = per_event(tl.apply, more)
    report("apply one event to that Timeline (p99)", pct(lat, 99), 1.0, "ms")

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.sqlite3", create=True)
        store.declare(base[0])
        store.append_many(base[1:], origin="local")
        secs, _ = timed(lambda: fold(store.events("bench")), repeat=1)
        print(f"info  read {args.n:,} events from the file and fold them: {secs * 1000:.0f} ms")
        store.close()
    print("MISS" if MISSES else "PASS")
    finish()
    return 0


def _timeline(events: list[Event]) -> Timeline:
    tl = Timeline(UTC)
    tl.apply_all(events)
    return tl


if __name__ == "__main__":
    sys.exit(main())
