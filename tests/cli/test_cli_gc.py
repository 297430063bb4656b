"""The cyclic GC is paused while a command starts, and only then: importing cockpit leaves it
alone, a command hands it back as it found it, the screen resumes it after its first frame,
and a chunked history load never leaves it off between chunks. A long-running `cockpit serve`
or `tail` with the GC off would never collect a cycle, and a library user importing cockpit
must not find their process changed.

Each test that turns the GC off puts it back even when it fails (`gc_state`)."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from cockpit.cli.main import main
from cockpit.core.bulk import StartupGC, paused_gc
from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.store import Store, screen_load


@pytest.fixture
def gc_state() -> Iterator[None]:
    """Whatever a test does to the GC, it is on again afterwards, as pytest runs with it."""
    try:
        yield
    finally:
        gc.enable()


def test_importing_the_cli_leaves_the_gc_alone():
    code = (
        "import gc\n"
        "import cockpit.cli, cockpit.cli.main, cockpit.store.screen_load, cockpit.tui.app\n"
        "print(gc.isenabled())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)  # fmt: skip
    assert out.stdout.split() == ["True"]


def test_the_cockpit_command_runs_its_work_with_the_gc_on(tmp_path):
    """The installed entry point (cockpit.cli.run) pauses it for start-up, not for the work:
    the command runs with the GC on, and it is on when the process ends."""
    code = (
        "import gc, sys\n"
        "import cockpit.cli, cockpit.cli.declare_cmds as m\n"
        "real = m.declare\n"
        "def spy(ctx, args):\n"
        "    print('during', gc.isenabled())\n"
        "    return real(ctx, args)\n"
        "m.declare = spy\n"
        "sys.argv = ['cockpit', '--db', sys.argv[1], 'declare', 'x']\n"
        "code = cockpit.cli.run()\n"
        "print('after', code, gc.isenabled())\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "c.sqlite3")],
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "during True" in out.stdout and "after 0 True" in out.stdout, out.stdout


@pytest.mark.parametrize("before", [True, False])
def test_main_hands_the_gc_back_as_it_found_it(tmp_path, gc_state, before):
    (gc.enable if before else gc.disable)()
    assert main(["--db", str(tmp_path / "c.sqlite3"), "declare", "x"]) == 0
    assert gc.isenabled() is before


def test_a_failing_command_hands_it_back_too(tmp_path, gc_state):
    assert main(["--db", str(tmp_path / "missing" / "c.sqlite3"), "note", "INC-9", "x"]) != 0
    assert gc.isenabled()


def test_startup_gc_resumes_once_to_the_state_it_found(gc_state):
    with StartupGC() as startup:
        assert not gc.isenabled()
        startup.resume()
        assert gc.isenabled()
        with StartupGC() as inner:  # a nested pause restores on its own
            assert not gc.isenabled()
        assert gc.isenabled() and inner is not startup
        gc.disable()
        startup.resume()  # already resumed: does nothing
        assert not gc.isenabled()
    assert not gc.isenabled()  # not turned on behind the back of whoever turned it off
    gc.enable()
    with pytest.raises(RuntimeError), StartupGC():
        raise RuntimeError("a failed start")
    assert gc.isenabled()


def test_the_screen_resumes_the_startup_pause_after_its_first_frame(store, clock, incident,
                                                                    gc_state):  # fmt: skip
    from tests.ui.helpers import loaded, make_app

    async def run(startup: StartupGC | None) -> bool:
        resume = startup.resume if startup is not None else None
        async with make_app(store, clock, after_first_frame=resume).run_test(
            size=(100, 30)
        ) as pilot:
            await loaded(pilot)
            await pilot.pause()
            return gc.isenabled()

    with StartupGC() as startup:
        assert asyncio.run(run(startup))
    gc.disable()  # an app started without a pause does not turn the GC on by itself
    assert not asyncio.run(run(None))


def test_a_chunked_history_load_never_leaves_the_gc_off(tmp_path, gc_state):
    clock = FakeClock()
    with Store.open(tmp_path / "c.sqlite3", create=True) as store:
        declared = new_event("inc", "a", {"kind": "incident_declared", "title": "t"}, clock)
        store.declare(declared)
        for i in range(50):
            clock.advance(1)
            store.append(new_event(declared.incident, "a", {"kind": "note", "text": f"n{i}"},
                                   clock))  # fmt: skip
        first = screen_load.first_screen(store, declared.incident, tail=5)
        chunks = screen_load.history(store, declared.incident, first.cursor, chunk=10)
        seen = []
        for chunk in chunks:  # the consumer holds each chunk with the GC on
            seen.append(len(chunk))
            assert gc.isenabled()
            if len(seen) == 2:
                break  # a consumer that stops early (a closed screen) leaves it on too
        assert seen == [10, 10] and gc.isenabled()
        del chunks
        assert gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert gc.isenabled()
