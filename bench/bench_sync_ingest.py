"""Server ingest (issue 5): pushed batches of 500 events, events per second for one
`cockpit serve` process, on SQLite and on PostgreSQL (a throwaway cluster this script starts;
skipped when PostgreSQL is not installed). Two clients push at once to one incident each, as
terminals do. Target: at least 2,000 events/s per process on each. Exits 1 on a miss only
with --strict.

    python bench/bench_sync_ingest.py [--events 20000] [--strict]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from _common import T0, finish, report  # noqa: E402

from cockpit.core.clock import FakeClock  # noqa: E402
from cockpit.core.compose import new_event  # noqa: E402
from cockpit.server.auth import create_token  # noqa: E402
from cockpit.server.storage import open_storage  # noqa: E402

PEOPLE = ("ann", "bob")


def payloads(incident: str, person: str, n: int) -> list[bytes]:
    clock = FakeClock(T0)
    events = []
    for i in range(n):
        clock.advance(0.01)
        body = {"kind": "note", "text": f"{person} checked the pool size on node {i}, still 502s"}
        events.append(new_event(incident, person, body, clock).model_dump_json())
    return [
        ('{"events":[' + ",".join(events[i : i + 500]) + "]}").encode() for i in range(0, n, 500)
    ]


def serve(database: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "cockpit.cli.main", "serve", "--port", str(port),
         "--database", database, "--log-level", "warning"],
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.05)
    raise SystemExit("the server did not start")


def measure(database: str, n: int) -> float:
    storage = open_storage(database)
    toks = {}
    for p in PEOPLE:
        toks[p] = create_token(storage, person=p, team="sre", incident=None, now=0,
                               expires_at=None)[1]  # fmt: skip
        storage.put_incident(f"inc-{p}", "sre", p, 0)
    storage.close()
    bodies = {p: payloads(f"inc-{p}", p, n // len(PEOPLE)) for p in PEOPLE}
    proc, url = serve(database)

    def push(person: str) -> int:
        created = 0
        headers = {"Authorization": f"Bearer {toks[person]}", "content-type": "application/json"}
        with httpx.Client(base_url=url, headers=headers, timeout=60) as c:
            for body in bodies[person]:
                r = c.post(f"/v1/incidents/inc-{person}/events", content=body)
                r.raise_for_status()
                created += sum(1 for x in r.json()["results"] if x["status"] == "created")
        return created

    try:
        t0 = time.perf_counter()
        with ThreadPoolExecutor(len(PEOPLE)) as pool:
            created = sum(pool.map(push, PEOPLE))
        elapsed = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait()
    assert created == n, f"only {created} of {n} created"
    return n / elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=20_000)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rate = measure(str(Path(tmp) / "server.sqlite3"), args.events)
    report("server ingest, SQLite", rate, 2000, "ev/s", lower_is_better=False)
    try:
        from tests.server.pgcluster import Cluster

        cluster = Cluster().start()
    except Exception as exc:  # no PostgreSQL here
        print(f"SKIP  server ingest, PostgreSQL: {exc}")
    else:
        try:
            rate = measure(cluster.database("bench"), args.events)
            report("server ingest, PostgreSQL", rate, 2000, "ev/s", lower_is_better=False)
        finally:
            cluster.stop()
    finish()


if __name__ == "__main__":
    main()
