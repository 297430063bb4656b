"""PostgreSQL: two `cockpit serve` processes on one database, concurrent writers, no seq
skipped, and a pull parked on one process woken by a push to the other."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
import pytest

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.server.auth import create_token
from cockpit.server.ingest import check
from cockpit.server.storage.postgres import PostgresStorage
from tests.conftest import T0
from tests.server.test_serve_cli import _health, _poll
from tests.sync.helpers import Terminal, until
from tests.sync.test_restart import ServerProcess, free_port

pytestmark = pytest.mark.postgres
INC = "inc-pg"


def _events(author: str, n: int, clock: FakeClock) -> list[dict]:
    out = []
    for k in range(n):
        clock.advance(0.001)
        e = new_event(INC, author, {"kind": "note", "text": f"{author} {k}"}, clock)
        out.append(json.loads(e.model_dump_json()))
    return out


@pytest.fixture
def two_servers(pg_url):
    storage = PostgresStorage(pg_url)
    tokens = {p: create_token(storage, person=p, team="sre", incident=None, now=0,
                              expires_at=None)[1] for p in ("alice", "bob", "carol", "dave")}  # fmt: skip
    storage.put_incident(INC, "sre", "alice", 0)
    storage.close()
    servers = [ServerProcess(pg_url, free_port()).start() for _ in range(2)]
    try:
        for s in servers:
            _poll(s.up, "a server to start")
        yield servers, tokens
    finally:
        for s in servers:
            s.terminate()


def test_storage_semantics_match_sqlite(pg_url):
    storage = PostgresStorage(pg_url)
    try:
        storage.put_incident(INC, "sre", "alice", 0)
        clock = FakeClock(T0)
        raw = _events("alice", 3, clock)
        prepared = [check(r, INC, "alice", T0) for r in raw]
        res = storage.push(INC, prepared + prepared[:1])
        assert [(r.status, r.seq) for r in res] == [
            ("created", 1), ("created", 2), ("created", 3), ("duplicate", 1),
        ]  # fmt: skip
        changed = check({**raw[0], "body": {"kind": "note", "text": "other"}}, INC, "alice", T0)
        assert storage.push(INC, [changed])[0].reason == "same id with different content"
        epoch, last, rows, after_id = storage.pull(INC, 1, 10)
        assert last == 3 and [s for s, _, _ in rows] == [2, 3] and epoch == storage.epoch()
        assert after_id == raw[0]["id"] and {by for _, _, by in rows} == {"alice"}
        storage.set_epoch("new")
        assert storage.pull(INC, 0, 1)[0] == "new"
    finally:
        storage.close()


def test_concurrent_writers_on_two_processes_skip_no_seq(two_servers, pg_url):
    servers, tokens = two_servers
    clock = FakeClock(T0)
    batches = []
    for person in tokens:
        evs = _events(person, 300, clock)
        batches += [(person, evs[i : i + 50]) for i in range(0, 300, 50)]

    def push(job: tuple[int, tuple[str, list[dict]]]) -> list[str]:
        i, (person, evs) = job
        url = servers[i % 2].url
        r = httpx.post(f"{url}/v1/incidents/{INC}/events", json={"events": evs},
                       headers={"Authorization": f"Bearer {tokens[person]}"}, timeout=30)  # fmt: skip
        r.raise_for_status()
        return [x["status"] for x in r.json()["results"]]

    with ThreadPoolExecutor(8) as pool:
        statuses = [s for batch in pool.map(push, enumerate(batches)) for s in batch]
        # and every batch once more, racing: all duplicates, nothing doubled
        again = [s for batch in pool.map(push, enumerate(reversed(batches))) for s in batch]
    assert statuses == ["created"] * 1200 and again == ["duplicate"] * 1200
    with psycopg.connect(pg_url) as c:
        seqs = [r[0] for r in c.execute("SELECT seq FROM events WHERE incident = %s ORDER BY seq",
                                        (INC,))]  # fmt: skip
        (last,) = c.execute("SELECT last_seq FROM incidents WHERE id = %s", (INC,)).fetchone()
    assert seqs == list(range(1, 1201)) and last == 1200
    # a reader that followed the cursor on the other process saw every event exactly once
    seen, after = [], "0"
    while True:
        page = httpx.get(f"{servers[1].url}/v1/incidents/{INC}/events",
                         params={"after": after, "limit": 333},
                         headers={"Authorization": f"Bearer {tokens['alice']}"}).json()  # fmt: skip
        if not page["events"]:
            break
        seen += [x["event"]["id"] for x in page["events"]]
        after = page["cursor"]
    assert len(seen) == len(set(seen)) == 1200


def test_a_pull_parked_on_one_process_is_woken_by_a_push_to_the_other(two_servers, pg_url):
    (a, b), tokens = two_servers
    headers = {"Authorization": f"Bearer {tokens['bob']}"}
    result: dict = {}

    def pull() -> None:
        # waits up to 25 s on the server; the client gives up at 15: only a wake-up answers
        result["r"] = httpx.get(f"{a.url}/v1/incidents/{INC}/events", params={"wait": 25},
                                headers=headers, timeout=15)  # fmt: skip

    def parked_pull() -> threading.Thread:
        t = threading.Thread(target=pull)
        t.start()
        _poll(lambda: _health(a)["parked"] == 1, "the pull to park on process A")
        return t

    t = parked_pull()
    (event,) = _events("alice", 1, FakeClock(T0))
    r = httpx.post(f"{b.url}/v1/incidents/{INC}/events", json={"events": [event]},
                   headers={"Authorization": f"Bearer {tokens['alice']}"})  # fmt: skip
    assert r.json()["results"][0]["status"] == "created"
    t.join(20)
    assert [x["event"]["id"] for x in result["r"].json()["events"]] == [event["id"]]

    # the listening connection drops: parked pulls are released, the listener comes back
    after = result["r"].json()["cursor"]
    headers_after = {"params": {"wait": 25, "after": after}}

    def pull_after() -> None:
        result["r2"] = httpx.get(f"{a.url}/v1/incidents/{INC}/events", headers=headers,
                                 timeout=15, **headers_after)  # fmt: skip

    t2 = threading.Thread(target=pull_after)
    t2.start()
    _poll(lambda: _health(a)["parked"] == 1, "the second pull to park")
    with psycopg.connect(pg_url, autocommit=True) as c:
        c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  "WHERE application_name = 'cockpit-listen'")  # fmt: skip
    _poll(lambda: _listeners(pg_url) == 2, "both listeners to reconnect")
    (event2,) = _events("carol", 1, FakeClock(T0))
    httpx.post(f"{b.url}/v1/incidents/{INC}/events", json={"events": [event2]},
               headers={"Authorization": f"Bearer {tokens['carol']}"})  # fmt: skip
    t2.join(20)
    assert [x["event"]["id"] for x in result["r2"].json()["events"]] == [event2["id"]]


def _listeners(pg_url: str) -> int:
    with psycopg.connect(pg_url, autocommit=True) as c:
        return c.execute("SELECT count(*) FROM pg_stat_activity "
                         "WHERE application_name = 'cockpit-listen'").fetchone()[0]  # fmt: skip


async def test_terminals_on_two_processes_converge(two_servers, tmp_path):
    (a, b), tokens = two_servers
    alice = Terminal(tmp_path, "alice", tokens["alice"])
    bob = Terminal(tmp_path, "bob", tokens["bob"], minutes=1)
    incident = alice.declare()
    alice.join(incident, a.url)  # behind a load balancer each could land anywhere
    bob.join(incident, b.url)
    await alice.start()
    await bob.start()
    try:
        for k in range(20):
            alice.note(incident, f"alice {k}")
            bob.note(incident, f"bob {k}")
        bob.write(incident, {"kind": "severity_set", "severity": "SEV1"})
        await until(lambda: len(alice.ids(incident)) == len(bob.ids(incident)) == 42, "42 each")
        assert alice.snapshot(incident) == bob.snapshot(incident)
    finally:
        await alice.stop()
        await bob.stop()
