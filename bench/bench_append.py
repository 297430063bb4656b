"""Append latency: one committed event through `Store.append`, against a bare sqlite3
INSERT + COMMIT of the same row, same file settings (WAL, synchronous=NORMAL), same run.

Target: Store.append p99 within 2x of the bare insert's p99 (the absolute p99 is printed for
information). Prints each figure beside its target and a PASS/MISS line; exits 1 on a
miss only with --strict.

    python bench/bench_append.py [--n 4000] [--rounds 5] [--strict]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.ids import uuid7
from cockpit.store import Store
from cockpit.store.store import stamp

RATIO_TARGET = 2.0
ABS_TARGET_MS = 10.0


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def make_events(incident: str, clock: FakeClock, n: int) -> list:
    out = []
    for i in range(n):
        clock.advance(0.01)
        body = {"kind": "note", "text": f"note {i}: rolled back deploy 42 on eu-west, errors down"}
        out.append(new_event(incident, "bench", body, clock))
    return out


def bare_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4000, help="appends per round and side")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock()
        store_path, bare_path = Path(tmp) / "store.sqlite3", Path(tmp) / "bare.sqlite3"
        stores = {}
        for path in (store_path, bare_path):
            s = Store.open(path, create=True)
            declared = new_event(uuid7(clock.now()), "bench",
                                 {"kind": "incident_declared", "title": "bench"}, clock)  # fmt: skip
            s.declare(declared)
            stores[path] = (s, declared.incident)
        store, incident = stores[store_path]
        bare_store, bare_incident = stores[bare_path]
        bare_store.close()
        bare = bare_connection(bare_path)
        sql = ("INSERT INTO events (id, incident, kind, author, at, hlc, origin, json) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")  # fmt: skip

        t_store: list[float] = []
        t_bare: list[float] = []
        perf = time.perf_counter
        for _ in range(args.rounds):
            events = make_events(incident, clock, args.n)
            rows = [
                (
                    e.id,
                    bare_incident,
                    e.kind,
                    e.author,
                    stamp(e.at),
                    e.hlc,
                    "local",
                    e.model_dump_json(),
                )  # fmt: skip
                for e in make_events(bare_incident, clock, args.n)
            ]
            for e in events[:50]:  # warm up both sides each round
                store.append(e)
            for r in rows[:50]:
                bare.execute("BEGIN IMMEDIATE")
                bare.execute(sql, r)
                bare.execute("COMMIT")
            for e, r in zip(events[50:], rows[50:], strict=True):  # interleaved: same conditions
                t0 = perf()
                store.append(e)
                t1 = perf()
                bare.execute("BEGIN IMMEDIATE")
                bare.execute(sql, r)
                bare.execute("COMMIT")
                t2 = perf()
                t_store.append((t1 - t0) * 1000)
                t_bare.append((t2 - t1) * 1000)
        store.close()
        bare.close()

    s50, s99 = pct(t_store, 50), pct(t_store, 99)
    b50, b99 = pct(t_bare, 50), pct(t_bare, 99)
    ratio99 = s99 / b99
    print(f"appends measured: {len(t_store)} per side (WAL, synchronous=NORMAL)")
    print(f"bare sqlite3 insert+commit   p50 {b50:7.3f} ms   p99 {b99:7.3f} ms   "
          f"max {max(t_bare):7.2f} ms")  # fmt: skip
    print(f"Store.append                 p50 {s50:7.3f} ms   p99 {s99:7.3f} ms   "
          f"max {max(t_store):7.2f} ms   mean {statistics.fmean(t_store):.3f} ms")  # fmt: skip
    print(f"p50 ratio {s50 / b50:5.2f}x (information)")
    ok_ratio = ratio99 <= RATIO_TARGET
    print(f"p99 ratio {ratio99:5.2f}x   target <= {RATIO_TARGET:.1f}x   "
          f"{'PASS' if ok_ratio else 'MISS'}")  # fmt: skip
    print(f"p99       {s99:5.2f} ms  (information; the Enter-to-committed budget of "
          f"{ABS_TARGET_MS:.0f} ms is judged by bench_entry_commit.py)")  # fmt: skip
    ok = ok_ratio
    print("PASS" if ok else "MISS")
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
