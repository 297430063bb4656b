"""After the first frame, in a real terminal: the app on a pseudo-terminal (Textual's own
driver, not the headless one of the Pilot tests) runs the hook the CLI gives it to put back
the GC it paused for start-up. Asked from the app's on_mount, the hook went to the screen
Textual starts with, which the incident's screen covered before it ever refreshed: it never
ran, and the GC stayed off for the whole session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cockpit.store import Store
from tests.e2e.test_hangup import Pty

pytestmark = pytest.mark.e2e

SCRIPT = """
import gc, sys
from pathlib import Path
from cockpit import settings
from cockpit.core.clock import SystemClock
from cockpit.store import Store
from cockpit.tui.app import CockpitApp

gc.disable()  # as the CLI does for start-up
marker = Path(sys.argv[2])

def first_frame():
    gc.enable()  # the CLI's StartupGC.resume
    marker.write_text("drawn")
    app.exit()

app = CockpitApp(Store.open(sys.argv[1]), SystemClock(), settings.load(), author="e2e",
                 incident="INC-1", after_first_frame=first_frame)
app.run()
"""


def test_the_after_first_frame_hook_runs_in_a_real_terminal(db_path: Path, incident: str,
                                                            store: Store, tmp_path: Path,
                                                            monkeypatch) -> None:  # fmt: skip
    store.close()
    monkeypatch.setenv("COCKPIT_CONFIG_DIR", str(tmp_path / "config"))
    marker = tmp_path / "first-frame"
    term = Pty([sys.executable, "-c", SCRIPT, str(db_path), str(marker)])
    try:
        term.wait_for("Checkout API errors")  # the incident's screen is up
        assert term.wait_exit(seconds=20) == 0, "the hook never ran (the app is still up)"
    finally:
        term.close()
        if term.proc.poll() is None:
            term.proc.kill()
            term.proc.wait()
    assert marker.read_text() == "drawn"
