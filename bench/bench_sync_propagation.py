"""Sync propagation (issue 5): an event appended in one terminal's file to its arrival in
another terminal's file, through the real server on 127.0.0.1 (`cockpit serve` over SQLite, its own process).

Two SyncEngines each with their own SQLite file; the receiving one is parked in a long-poll,
as in real use. Each sample appends one note in A (the screen's own connection, then a
kick, as the screen does) and stops the clock when B's on_events callback reports it (it is
then committed in B's file). Targets: p50 < 100 ms, p99 < 300 ms. Exits 1 on a miss only with
--strict.

    python bench/bench_sync_propagation.py [--n 300] [--strict]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from _common import T0, finish, pct, report  # noqa: E402

from cockpit.core.clock import FakeClock  # noqa: E402
from cockpit.core.compose import new_event  # noqa: E402
from cockpit.server.auth import create_token  # noqa: E402
from cockpit.server.storage.sqlite import SQLiteStorage  # noqa: E402
from cockpit.store import Store  # noqa: E402
from cockpit.store.outbox import SyncBook  # noqa: E402
from cockpit.sync.engine import SyncEngine  # noqa: E402


def start_server(root: Path) -> tuple[subprocess.Popen, str, dict[str, str]]:
    """`cockpit serve` in its own process, as in real use."""
    db = root / "server.sqlite3"
    storage = SQLiteStorage(db)
    toks = {p: create_token(storage, person=p, team="sre", incident=None, now=0,
                            expires_at=None)[1] for p in ("ann", "bob")}  # fmt: skip
    storage.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "cockpit.cli.main", "serve", "--port", str(port),
         "--database", str(db), "--log-level", "warning"],
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                return proc, url, toks
        except httpx.HTTPError:
            time.sleep(0.05)
    raise SystemExit("the server did not start")


async def run(n: int, root: Path) -> list[float]:
    proc, url, toks = start_server(root)
    clock = FakeClock(T0)
    a_store = Store.open(root / "a.sqlite3", create=True)
    decl = new_event("inc-bench", "ann", {"kind": "incident_declared", "title": "Bench"}, clock)
    a_store.declare(decl)
    SyncBook(a_store).join("inc-bench", url)
    b_store = Store.open(root / "b.sqlite3", create=True)
    b_store.ensure_incident("inc-bench", T0)
    SyncBook(b_store).join("inc-bench", url)
    b_store.close()

    arrived: dict[str, float] = {}
    signal = asyncio.Event()

    def on_events(incident: str, events: list) -> None:
        now = time.perf_counter()
        for e in events:
            arrived[e.id] = now
        signal.set()

    a = SyncEngine(root / "a.sqlite3", token=toks["ann"])
    b = SyncEngine(root / "b.sqlite3", token=toks["bob"], on_events=on_events)
    await a.start()
    await b.start()
    samples: list[float] = []
    try:
        while decl.id not in arrived:  # warm up: B has the declaration
            signal.clear()
            await asyncio.wait_for(signal.wait(), 10)
        for i in range(n):
            clock.advance(1)
            e = new_event("inc-bench", "ann", {"kind": "note", "text": f"note {i}"}, clock)
            t0 = time.perf_counter()
            await asyncio.to_thread(a_store.append, e)
            a.kick()
            while e.id not in arrived:
                signal.clear()
                await asyncio.wait_for(signal.wait(), 10)
            samples.append((arrived[e.id] - t0) * 1000)
    finally:
        await a.stop()
        await b.stop()
        a_store.close()
        proc.terminate()
        proc.wait()
    return samples


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        samples = asyncio.run(run(args.n, Path(tmp)))
    print(f"{len(samples)} notes from A to B via the server on 127.0.0.1")
    report("sync propagation p50", pct(samples, 50), 100, "ms")
    report("sync propagation p99", pct(samples, 99), 300, "ms")
    finish()


if __name__ == "__main__":
    main()
