"""A server that is down, slow, rude or lying gets a one-line status, never a crash; and each
row of the error table in SYNC.md does what it says."""

from __future__ import annotations

import json

import httpx
import pytest

from cockpit.store.outbox import SyncBook
from cockpit.sync.status import State
from tests.sync.helpers import Terminal, until

URL = "http://fake.test"


class Fake:
    """A scripted server: `pull`/`push` hooks return an httpx.Response or None for the default."""

    def __init__(self, incident: str) -> None:
        self.incident = incident
        self.calls: list[tuple[str, str]] = []
        self.pushed: list[list[dict]] = []
        self.seq = 0
        self.pull_hook = None
        self.push_hook = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append((request.method, request.url.path))
        if request.method == "PUT":
            return httpx.Response(201, json={"id": self.incident})
        if request.method == "POST":
            events = json.loads(request.content)["events"]
            if self.push_hook and (r := self.push_hook(events)) is not None:
                return r
            self.pushed.append(events)
            results = []
            for e in events:
                self.seq += 1
                results.append({"id": e["id"], "status": "created", "seq": self.seq})
            return httpx.Response(200, json={"results": results})
        if self.pull_hook and (r := self.pull_hook(request)) is not None:
            return r
        return httpx.Response(
            200, json={"epoch": "e1", "cursor": "e1:0", "last_seq": self.seq, "events": []}
        )

    def count(self, method: str) -> int:
        return sum(1 for m, _ in self.calls if m == method)


async def _start(tmp_path, hook_pull=None, hook_push=None, notes=0):
    t = Terminal(tmp_path, "alice", "tok")
    incident = t.declare()
    for k in range(notes):
        t.note(incident, f"n{k}")
    t.join(incident, URL)
    fake = Fake(incident)
    fake.pull_hook, fake.push_hook = hook_pull, hook_push
    await t.start(transport=httpx.MockTransport(fake), wait=0.05)
    return t, incident, fake


def _event_json(incident: str, t: Terminal, seq: int, *, other: bool = False) -> dict:
    e = t.note(incident, f"remote {seq}")  # a valid event, written locally first...
    data = json.loads(e.model_dump_json())
    data["id"] = data["id"][:-4] + f"{seq:04x}"  # ...then given a fresh id
    if other:
        data["incident"] = "someone-elses-incident"
    return {"seq": seq, "event": data}


RUDE = {
    "html": (
        lambda r: httpx.Response(
            200, text="<html><body>Bad gateway</body></html>", headers={"content-type": "text/html"}
        ),
        "HTML instead of JSON",
    ),  # fmt: skip
    "garbage": (lambda r: httpx.Response(200, content=b'{"epoch": "e1", "ev'), "garbage"),
    "wrong-shape": (lambda r: httpx.Response(200, json=[1, 2, 3]), "unexpected JSON"),
    "no-epoch": (lambda r: httpx.Response(200, json={"events": []}), "lacks its epoch"),
    "500": (lambda r: httpx.Response(500, text="Internal Server Error"), "failed (500)"),
    "502-html": (lambda r: httpx.Response(502, text="<h1>502</h1>"), "failed (502)"),
    "network": (
        lambda r: (_ for _ in ()).throw(httpx.ConnectError("connection refused")),
        "cannot reach",
    ),  # fmt: skip
    "timeout": (lambda r: (_ for _ in ()).throw(httpx.ReadTimeout("slow")), "did not answer"),
    "teapot": (lambda r: httpx.Response(418, json={"detail": "I am a teapot"}), "418"),
}


@pytest.mark.parametrize("kind", sorted(RUDE))
async def test_a_rude_server_gets_a_one_line_status(tmp_path, kind):
    hook, words = RUDE[kind]
    t, incident, fake = await _start(tmp_path, hook_pull=hook)
    try:
        await until(lambda: t.engine.status(incident).state is State.OFFLINE, "offline")
        line = t.engine.status(incident).line()
        assert words in line and "\n" not in line and line.startswith("sync: offline since")
        n = fake.count("GET")
        await until(lambda: fake.count("GET") >= n + 2, "retries with backoff")
        t.note(incident, "still works")  # and pushes go on while pulls fail
        await until(lambda: t.pending(incident) == 0, "the push")
    finally:
        await t.stop()


async def test_a_lying_server_is_not_believed(tmp_path):
    bad: dict = {"reply": None}
    t, incident, fake = await _start(tmp_path, hook_pull=lambda r: bad["reply"])
    try:
        before = len(t.ids(incident))
        backwards = [_event_json(incident, t, 5), _event_json(incident, t, 3)]
        bad["reply"] = httpx.Response(
            200, json={"epoch": "e1", "cursor": "e1:5", "events": backwards}
        )
        await until(lambda: "seq went backwards" in t.engine.status(incident).detail, "refused")
        assert SyncBook(t.store).link(incident).cursor == 0  # nothing of that page was taken
        # An event of another incident is set aside with its reason; the rest of its page goes on.
        elsewhere, fine = _event_json(incident, t, 1, other=True), _event_json(incident, t, 2)
        bad["reply"] = httpx.Response(
            200, json={"epoch": "e1", "cursor": "e1:2", "events": [elsewhere, fine]}
        )
        await until(lambda: t.engine.status(incident).set_aside == 1, "one set aside")
        assert fine["event"]["id"] in t.ids(incident)
        assert elsewhere["event"]["id"] not in t.ids(incident)
        assert len(t.ids(incident)) == before + 5  # four notes written here, and `fine`
        (kept,) = SyncBook(t.store).set_aside(incident)
        assert kept.event_id == elsewhere["event"]["id"] and "another" not in kept.reason
        assert kept.reason.startswith("belongs to incident someone-elses-incident")
        assert "1 set aside" in t.engine.status(incident).line()
    finally:
        await t.stop()


async def test_413_halves_the_batch_until_it_fits(tmp_path):
    sizes: list[int] = []

    def push(events):
        sizes.append(len(events))
        return httpx.Response(413, json={"detail": "too big"}) if len(events) > 3 else None

    t, incident, fake = await _start(tmp_path, hook_push=push, notes=12)
    try:
        await until(lambda: t.pending(incident) == 0, "everything pushed")
        assert sizes[:3] == [13, 6, 3]
        assert sum(len(b) for b in fake.pushed) == 13
    finally:
        await t.stop()


async def test_one_event_too_large_alone_is_rejected_and_kept(tmp_path):
    t, incident, fake = await _start(
        tmp_path, hook_push=lambda ev: httpx.Response(413, json={"detail": "too big"})
    )
    try:
        await until(lambda: t.engine.status(incident).rejected == 1, "the rejection")
        (reason,) = t.engine.rejected(incident).values()
        assert reason.startswith("too large")
        assert len(t.ids(incident)) == 1
    finally:
        await t.stop()


async def test_404_on_push_creates_the_incident_and_retries(tmp_path):
    created = {"yes": False}

    def push(events):
        return None if created["yes"] else httpx.Response(404, json={"detail": "no incident"})

    t, incident, fake = await _start(tmp_path, hook_push=push, notes=2)
    orig = fake.__call__

    def watch(request):
        if request.method == "PUT":
            created["yes"] = True
        return orig(request)

    t.engine.apis[URL].client._transport = httpx.MockTransport(watch)
    try:
        await until(lambda: t.pending(incident) == 0, "pushed after the PUT")
        assert created["yes"] and sum(len(b) for b in fake.pushed) == 3
    finally:
        await t.stop()


@pytest.mark.parametrize("status", [429, 503])
async def test_busy_server_is_retried_after_its_retry_after(tmp_path, status):
    answers = [httpx.Response(status, headers={"Retry-After": "0"}, json={"detail": "busy"})] * 3

    t, incident, fake = await _start(
        tmp_path, hook_push=lambda ev: answers.pop() if answers else None, notes=1
    )
    try:
        await until(lambda: t.pending(incident) == 0, "pushed once the server had time")
        assert any(s.state is State.OFFLINE and "busy" in s.detail for s in t.statuses)
    finally:
        await t.stop()


async def test_403_pauses_that_incident(tmp_path):
    t, incident, fake = await _start(
        tmp_path,
        hook_pull=lambda r: httpx.Response(403, json={"detail": "not your team"}),
        hook_push=lambda ev: httpx.Response(403, json={"detail": "not your team"}),
    )
    try:
        await until(lambda: t.engine.status(incident).state is State.FORBIDDEN, "paused")
        assert "not your team" in t.engine.status(incident).line()
        calls = len(fake.calls)
        t.note(incident, "typed while paused")
        await until(lambda: t.engine.status(incident).pending == 2, "pending counted")
        assert len(fake.calls) <= calls + 1  # no hammering of a forbidden incident
        assert SyncBook(t.store).link(incident).paused == "not your team"
    finally:
        await t.stop()


async def test_409_starts_over_and_pushes_everything_back(tmp_path):
    state = {"epoch": "e1", "reset": False}

    def pull(request):
        after = request.url.params["after"]
        if state["reset"] and after.startswith("e1:"):
            return httpx.Response(409, json={"detail": "restored", "epoch": "e2"})
        ep = state["epoch"]
        return httpx.Response(200, json={"epoch": ep, "cursor": f"{ep}:0", "events": []})

    t, incident, fake = await _start(tmp_path, hook_pull=pull, notes=3)
    try:
        await until(lambda: sum(len(b) for b in fake.pushed) == 4, "first push")
        await until(lambda: SyncBook(t.store).link(incident).epoch == "e1", "epoch e1")
        state.update(epoch="e2", reset=True)
        await until(lambda: sum(len(b) for b in fake.pushed) == 8, "everything pushed again")
        await until(lambda: SyncBook(t.store).link(incident).epoch == "e2", "epoch e2")
        assert len(t.ids(incident)) == 4  # local events are never deleted
    finally:
        await t.stop()
