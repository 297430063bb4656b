"""Property tests: the fold ignores order and duplicates; any schedule of pushes, pulls, lost
replies, server restarts and epoch resets converges once everyone syncs."""

from __future__ import annotations

import asyncio
import json
import random
import tempfile
from pathlib import Path

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.state import IncidentState, fold
from cockpit.server.app import create_app
from cockpit.server.auth import create_token
from cockpit.server.storage.sqlite import SQLiteStorage
from cockpit.store import Store
from cockpit.store.outbox import SyncBook
from cockpit.sync import api as A
from cockpit.sync.engine import SyncEngine
from tests.conftest import T0

INC = "0196e1a4-0000-7000-8000-00000000c0de"
PEOPLE = ("alice", "bob", "carol")
BODIES = [
    {"kind": "note", "text": "a note"},
    {"kind": "severity_set", "severity": "SEV1"},
    {"kind": "severity_set", "severity": "SEV3"},
    {"kind": "phase_set", "phase": "mitigating"},
    {"kind": "role_assigned", "role": "ic", "person": "alice"},
    {"kind": "role_assigned", "role": "ic", "person": "bob"},
    {"kind": "checklist_item", "checklist": "triage", "item": "page owner", "checked": True},
    {"kind": "checklist_item", "checklist": "triage", "item": "page owner", "checked": False},
    {"kind": "field_set", "field": "title", "value": "Checkout down"},
    {"kind": "decision", "text": "roll back"},
]


def build(steps: list[tuple[int, int, int, bool]]) -> list:
    """Events by several authors, each seeing some of what came before (so some conflict)."""
    clocks = [FakeClock(T0) for _ in PEOPLE]
    made: list = []
    decl = new_event(INC, "alice", {"kind": "incident_declared", "title": "t"}, clocks[0])
    made.append(decl)
    for who, body, skew, sees in steps:
        clocks[who].advance(seconds=1 + skew)
        seen = fold(made[: len(made) // 2 if not sees else len(made)], INC)
        latest = max(e.hlc for e in made) if sees else None
        made.append(new_event(INC, PEOPLE[who], BODIES[body], clocks[who], state=seen,
                              latest_hlc=latest))  # fmt: skip
    return made


STEPS = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, len(BODIES) - 1), st.integers(0, 90),
              st.booleans()),  # fmt: skip
    min_size=1, max_size=25,
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(steps=STEPS, data=st.data())
def test_any_shuffle_or_duplication_folds_to_the_same_state(steps, data):
    events = build(steps)
    reference = fold(events, INC).snapshot()
    shuffled = data.draw(st.permutations(events))
    extra = data.draw(st.lists(st.sampled_from(events), max_size=10))
    mixed = data.draw(st.permutations(shuffled + extra))
    state = IncidentState(INC)
    for e in mixed:
        state.apply(e)
    assert state.snapshot() == reference


class Flaky(httpx.AsyncBaseTransport):
    """The in-process app, with replies that can be lost after the server acted."""

    def __init__(self, app) -> None:
        self.app = app
        self.lose_next = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        resp = await httpx.ASGITransport(app=self.app).handle_async_request(request)
        await resp.aread()
        if self.lose_next:
            self.lose_next = False
            raise httpx.ReadError("connection reset after the server answered")
        return resp


OPS = st.lists(
    st.tuples(st.sampled_from(["write", "write", "push", "pull", "lose", "restart", "epoch"]),
              st.integers(0, 2), st.integers(0, len(BODIES) - 1)),  # fmt: skip
    min_size=5, max_size=40,
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=OPS, seed=st.integers(0, 2**16))
def test_any_schedule_of_pushes_pulls_lost_replies_and_restarts_converges(ops, seed):
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(_schedule(Path(tmp), ops, random.Random(seed)))


async def _schedule(root: Path, ops, rnd: random.Random) -> None:
    storage = SQLiteStorage(root / "server.sqlite3")
    clock = FakeClock(T0)
    transport = Flaky(create_app(storage, clock))
    stores, engines, clocks = [], [], []
    for i, person in enumerate(PEOPLE):
        store = Store.open(root / f"{person}.sqlite3", create=True)
        if i == 0:
            store.declare(
                new_event(INC, person, {"kind": "incident_declared", "title": "t"}, clock)
            )
        else:
            store.ensure_incident(INC, T0)
        SyncBook(store).join(INC, "http://app.test")
        _, tok = create_token(storage, person=person, team="sre", incident=None, now=0,
                              expires_at=None)  # fmt: skip
        engine = SyncEngine(store, token=tok, transport=transport, clock=clock)
        await engine._load()
        stores.append(store)
        engines.append(engine)
        clocks.append(FakeClock(T0))
    try:
        for op, who, body in ops:
            w = engines[who].syncs[INC]
            try:
                if op == "write":
                    clocks[who].advance(seconds=rnd.randint(1, 30))
                    st_ = stores[who].state(INC) if rnd.random() < 0.7 else None
                    stores[who].append(new_event(INC, PEOPLE[who], BODIES[body], clocks[who],
                                                 state=st_))  # fmt: skip
                elif op == "push":
                    await w.push_step()
                elif op == "pull":
                    await w.pull_step(0)
                elif op == "lose":
                    transport.lose_next = True
                    await (w.push_step() if rnd.random() < 0.5 else w.pull_step(0))
                elif op == "restart":
                    transport.app = create_app(storage, clock)
                elif op == "epoch":
                    storage.set_epoch(f"e{rnd.randint(0, 10**6)}")
            except A.SyncError:
                pass
            finally:
                transport.lose_next = False
        # everyone comes back online and syncs until nothing moves
        for _ in range(4):
            for e in engines:
                await e.sync_once(timeout=10)
        ids = [{x.id for x in s.events(INC)} for s in stores]
        assert ids[0] == ids[1] == ids[2]
        assert all(SyncBook(s).pending_count(INC) == 0 for s in stores)
        snaps = [s.state(INC).snapshot() for s in stores]
        assert snaps[0] == snaps[1] == snaps[2]
        _, last, rows, _ = storage.pull(INC, 0, 100_000)
        assert [s for s, _, _ in rows] == list(range(1, last + 1))
        assert {json.loads(js)["id"] for _, js, _ in rows} == ids[0]  # each event once
    finally:
        for e in engines:
            await e.stop()
        for s in stores:
            s.close()
        storage.close()
