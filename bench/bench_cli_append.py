"""A script's append, a whole process (issue 12): `cockpit note INC-1 text` against a Python
process that opens the same file and inserts one row with `sqlite3`, interleaved in the same
run. Target: the median of the cockpit's at most 5x the bare process's (a bot posting deploy
events pays this per call). Prints both and the ratio; exit 0 unless --strict.

    python bench/bench_cli_append.py [--runs 15] [--strict]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tui_startup import make_file  # noqa: E402

COCKPIT = Path(sys.executable).with_name("cockpit")
TARGET = 5.0

# What the baseline does: start Python, open the file as the store does (WAL, a busy timeout),
# insert one row and commit. A table of its own, so the incident's log is not touched.
BARE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA busy_timeout = 5000")
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("PRAGMA synchronous = NORMAL")
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO bench_rows (text) VALUES (?)", (sys.argv[2],))
conn.execute("COMMIT")
"""


def timed(argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{argv[:3]}... failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--entries", type=int, default=1000, help="entries already in the file")
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = make_file(folder, args.entries)
        import sqlite3

        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, text TEXT)")
        env = {**os.environ, "COCKPIT_CONFIG_DIR": str(folder / "config"), "COCKPIT_NAME": "bot"}
        bare_argv = [sys.executable, "-c", BARE, str(path)]
        ours_argv = [str(COCKPIT), "--db", str(path), "note", "INC-1"]
        for i in range(2):  # warm the page cache and the bytecode of both
            timed([*bare_argv, f"warm {i}"], env)
            timed([*ours_argv, f"warm {i}"], env)
        bases, ours = [], []
        for i in range(args.runs):  # interleaved: the machine's drift falls on both
            bases.append(timed([*bare_argv, f"row {i}"], env))
            ours.append(timed([*ours_argv, f"deploy {i} of checkout to eu-west"], env))
    base, mine = statistics.median(bases), statistics.median(ours)
    ratio = mine / base
    good = ratio <= TARGET
    print(f"a script's append (`cockpit note`, a whole process): {mine * 1000:.0f} ms vs bare "
          f"sqlite3 process {base * 1000:.0f} ms = {ratio:.2f}x (target <= {TARGET}x) "
          f"{'ok' if good else 'MISSED'}")  # fmt: skip
    print(f"  info: cockpit note min {min(ours) * 1000:.0f} ms, max {max(ours) * 1000:.0f} ms; "
          f"bare min {min(bases) * 1000:.0f} ms")  # fmt: skip
    return 1 if args.strict and not good else 0


if __name__ == "__main__":
    raise SystemExit(main())
