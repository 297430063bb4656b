"""The stakeholder view (issue 14) on a long incident: 100,000 notes, 60 status updates, 40
stakeholders' questions (half of them answered), served by the real server on 127.0.0.1 over
SQLite. The view reads only the kinds it is made of (an index on incident and kind), so its time
follows the updates and questions, not the notes. Target: p50 < 50 ms, p99 < 150 ms per
request (an `ask` token, the view a stakeholder's `cockpit ask --wait` long-polls). Exits 1 on
a miss only with --strict.

    python bench/bench_stakeholder_view.py [--notes 100000] [--requests 200] [--strict]
"""

from __future__ import annotations

import argparse
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
from cockpit.server.ingest import check  # noqa: E402
from cockpit.server.run import ServerThread  # noqa: E402
from cockpit.server.storage.sqlite import SQLiteStorage  # noqa: E402

INC = "0196e1a4-0000-7000-8000-0000000be7c4"


def seed(storage: SQLiteStorage, notes: int) -> None:
    clock = FakeClock(T0)
    storage.put_incident(INC, "sre", "alice", 0)
    declared = {"kind": "incident_declared", "title": "Checkout down", "severity": "SEV1",
                "impact": "EU card payments fail"}  # fmt: skip
    batch = [new_event(INC, "alice", declared, clock)]
    questions = []
    for i in range(notes):
        clock.advance(0.05)
        body: dict = {"kind": "note", "text": f"checked node {i}, still 502s"}
        if i % (notes // 60 or 1) == 0:
            body = {"kind": "status_update", "text": f"update {i}", "audience": "exec",
                    "next_in_minutes": 20}  # fmt: skip
        elif i % (notes // 40 or 1) == 1:
            body = {"kind": "question_asked", "from": "VP Sales", "text": f"question {i}?"}
        e = new_event(INC, "vp" if body["kind"] == "question_asked" else "alice", body, clock)
        if body["kind"] == "question_asked":
            questions.append(e.id)
        elif questions and i % 97 == 0:
            target = questions.pop(0)
            e = new_event(INC, "alice", {"kind": "question_settled", "target": target,
                                         "how": "answered", "text": "yes"}, clock)  # fmt: skip
        batch.append(e)
        if len(batch) == 500:
            push(storage, batch, clock)
            batch = []
    if batch:
        push(storage, batch, clock)


def push(storage: SQLiteStorage, batch: list, clock: FakeClock) -> None:
    prepared = [check(e.model_dump(mode="json"), INC, e.author, clock.now()) for e in batch]
    storage.push(INC, prepared)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        storage = SQLiteStorage(Path(tmp) / "server.sqlite3")
        seed(storage, args.notes)
        _, token = create_token(storage, person="vp", team="sre", incident=None, now=0,
                                expires_at=None, permission="ask")  # fmt: skip
        server = ServerThread(storage).start()
        try:
            with httpx.Client(base_url=server.url,
                              headers={"Authorization": f"Bearer {token}"}) as http:  # fmt: skip
                url = f"/v1/incidents/{INC}/stakeholder"
                view = http.get(url).json()
                times = []
                for _ in range(args.requests):
                    start = time.perf_counter()
                    http.get(url).raise_for_status()
                    times.append((time.perf_counter() - start) * 1000)
        finally:
            server.stop()
    print(f"{args.notes} events: {len(view['updates'])} updates and "
          f"{len(view['questions'])} questions in the view")  # fmt: skip
    report("stakeholder view, p50", pct(times, 50), 50, "ms")
    report("stakeholder view, p99", pct(times, 99), 150, "ms")
    finish()


if __name__ == "__main__":
    main()
