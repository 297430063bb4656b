"""The engine's own thread (cockpit/sync/thread.py) can neither deadlock nor orphan it: a stop
during a slow start cancels the start and stops the engine; a failed start is raised after the
engine was stopped; a stop before the run, or twice, is harmless; `stop()` never waits."""

from __future__ import annotations

import asyncio
import threading

import pytest

from cockpit.sync.thread import THREAD_NAME, EngineRunner
from tests.sync.helpers import Terminal, token

WAIT = 10.0  # a generous deadline on conditions, never a sleep


class FakeEngine:
    """Starts as slowly as told (until cancelled), and records what was asked of it."""

    def __init__(self, *, hang: bool = False, fail: Exception | None = None) -> None:
        self.hang, self.fail = hang, fail
        self.starting = threading.Event()
        self.cancelled = False
        self.stopped = threading.Event()
        self.kicked = 0

    async def start(self) -> None:
        self.starting.set()
        if self.fail is not None:
            raise self.fail
        if self.hang:
            try:
                await asyncio.Event().wait()  # a server that never answers, say
            except asyncio.CancelledError:
                self.cancelled = True
                raise

    async def stop(self) -> None:
        self.stopped.set()

    def kick(self, incident: str | None = None) -> None:
        self.kicked += 1


def _run_in_thread(runner: EngineRunner) -> tuple[threading.Thread, dict]:
    out: dict = {}

    def go() -> None:
        try:
            runner.run()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc

    t = threading.Thread(target=go)
    t.start()
    return t, out


def _engine_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name == THREAD_NAME]


def test_a_stop_during_a_slow_start_cancels_it_and_stops_the_engine():
    engine = FakeEngine(hang=True)
    runner = EngineRunner(lambda: engine)  # type: ignore[arg-type, return-value]
    t, out = _run_in_thread(runner)
    assert engine.starting.wait(WAIT)
    assert _engine_threads() == [THREAD_NAME]  # named while it runs the engine
    runner.stop()  # from another thread, in the middle of the start: returns at once
    assert runner.join(WAIT), "the engine's thread did not end"
    t.join(WAIT)
    assert engine.cancelled and engine.stopped.is_set() and not runner.started.is_set()
    assert "error" not in out and _engine_threads() == []


def test_a_failed_start_stops_the_engine_and_is_raised():
    engine = FakeEngine(fail=RuntimeError("bad URL in the file"))
    runner = EngineRunner(lambda: engine)  # type: ignore[arg-type, return-value]
    with pytest.raises(RuntimeError, match="bad URL"):
        runner.run()
    assert engine.stopped.is_set() and runner.done.is_set() and not runner.started.is_set()
    assert _engine_threads() == []

    def cannot_make():
        raise ValueError("no such file")

    runner = EngineRunner(cannot_make)
    with pytest.raises(ValueError, match="no such file"):
        runner.run()
    assert runner.done.is_set()
    runner.stop()  # after the end: harmless


def test_a_stop_before_the_run_means_it_never_starts():
    made = []
    runner = EngineRunner(lambda: made.append(1) or FakeEngine())  # type: ignore[arg-type, return-value]
    runner.stop()
    runner.stop()
    runner.run()
    assert made == [] and runner.done.is_set()


def test_a_running_engine_is_kicked_and_stopped():
    engine = FakeEngine()
    runner = EngineRunner(lambda: engine)  # type: ignore[arg-type, return-value]
    runner.kick("x")  # not running yet: nothing
    t, out = _run_in_thread(runner)
    assert runner.started.wait(WAIT)
    runner.kick("x")
    assert engine.kicked == 1
    runner.stop()
    assert runner.join(WAIT)
    t.join(WAIT)
    assert engine.stopped.is_set() and "error" not in out


async def test_a_real_engine_in_its_thread_syncs_and_ends(server, tmp_path):
    from cockpit.sync.engine import SyncEngine

    alice = Terminal(tmp_path, "alice", token(server.storage, "alice"))
    incident = alice.declare()
    alice.join(incident, server.url)
    runner = EngineRunner(lambda: SyncEngine(alice.path, token=alice.token, clock=alice.clock))
    t, out = _run_in_thread(runner)
    try:
        assert await asyncio.to_thread(runner.started.wait, WAIT)
        alice.note(incident, "pushed from the engine's thread")
        for _ in range(2000):
            if alice.pending(incident) == 0:
                break
            await asyncio.to_thread(runner.done.wait, 0.01)
        assert alice.pending(incident) == 0
    finally:
        runner.stop()
        assert await asyncio.to_thread(runner.join, WAIT)
        t.join(WAIT)
        alice.close()
    assert "error" not in out and _engine_threads() == []
