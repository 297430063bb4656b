"""Start-up runs with the cyclic GC off (cockpit/cli/__init__.py); no command may leave it off,
or a long-running `cockpit serve` or `tail` would never collect a cycle."""

import gc
import subprocess
import sys


def test_a_command_runs_with_the_gc_back_on(tmp_path):
    code = (
        "import gc, sys\n"
        "import cockpit.cli.main as m\n"
        "assert not gc.isenabled()\n"  # start-up
        "m.main(['--db', sys.argv[1], 'declare', 'x'])\n"
        "print(gc.isenabled())\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "c.sqlite3")],
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert out.stdout.split()[-1] == "True"


def test_the_screen_turns_it_back_on_after_its_first_frame(store, clock, incident):
    import asyncio

    from tests.ui.helpers import loaded, make_app

    async def run() -> bool:
        gc.disable()
        async with make_app(store, clock).run_test(size=(100, 30)) as pilot:
            await loaded(pilot)
            await pilot.pause()
            return gc.isenabled()

    assert asyncio.run(run())
