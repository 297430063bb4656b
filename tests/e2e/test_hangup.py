"""The terminal going away: the installed `cockpit` on a real pseudo-terminal, with text typed
in the entry bar and not yet saved, then the terminal closed (SIGHUP), the process killed
politely (SIGTERM), or the terminal's other end closed with no signal at all. Each time the
app ends by itself, with the shell's 128 + signal code, and the typed text is in the file."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cockpit.store import Store
from cockpit.tui import hangup
from cockpit.tui.drafts import SLOT, decode

pytestmark = pytest.mark.e2e

COCKPIT = Path(sys.executable).with_name("cockpit")
ANSI = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-B]|[=>78])")


class Pty:
    """`cockpit` on a pty of its own, in a new session: the pty is not its controlling
    terminal, so closing our end sends it no SIGHUP (as when its parent program dies)."""

    def __init__(self, argv: list[str], ignore: tuple[int, ...] = ()) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}

        def ignored() -> None:  # as `nohup` leaves SIGHUP, in the child only
            for sig in ignore:
                signal.signal(sig, signal.SIG_IGN)

        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, preexec_fn=ignored)  # fmt: skip
        os.close(slave)
        self.seen = b""

    def wait_for(self, text: str, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if select.select([self.master], [], [], 0.1)[0]:
                self.seen += os.read(self.master, 65536)
                if text.encode() in ANSI.sub(b"", self.seen[-100_000:]):
                    return
        raise AssertionError(f"{text!r} never appeared; the screen ended with {self.seen[-500:]!r}")

    def wait_exit(self, seconds: float = 30.0) -> int:
        """The exit code, reading the screen meanwhile as a terminal does (a full pty would
        block the app's last writes, and so its exit)."""
        deadline = time.monotonic() + seconds
        while self.proc.poll() is None and time.monotonic() < deadline:
            if self.master >= 0 and select.select([self.master], [], [], 0.1)[0]:
                try:
                    os.read(self.master, 65536)
                except OSError:  # the app closed its side
                    self.close()
            elif self.master < 0:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(0.1)
        return self.proc.wait(timeout=0.1)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


@pytest.fixture
def cockpit_pty(db_path: Path, incident: str, store: Store) -> Iterator[Pty]:
    if not COCKPIT.exists():
        pytest.skip(f"the cockpit command is not installed next to {sys.executable}")
    store.close()
    term = Pty([str(COCKPIT), "--db", str(db_path), "--author", "e2e"])
    yield term
    term.close()
    if term.proc.poll() is None:
        term.proc.kill()
    term.proc.wait()


def type_half_a_thought(term: Pty) -> None:
    term.wait_for("Timeline (1)")
    term.type("n")
    term.wait_for("Enter saves")
    term.type("db-7 replica lag at 40 s")  # well inside the draft's 0.4 s: only leaving keeps it
    term.wait_for("db-7 replica lag at 40 s")


def kept_draft(db_path: Path, incident: str) -> tuple[str, str]:
    with Store.open(db_path) as check:
        return decode(check.draft(incident, SLOT))


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_a_signal_ends_the_app_and_keeps_what_was_typed(cockpit_pty, db_path, incident, signum):
    type_half_a_thought(cockpit_pty)
    cockpit_pty.proc.send_signal(signum)
    assert cockpit_pty.wait_exit() == 128 + signum
    assert kept_draft(db_path, incident) == ("note", "db-7 replica lag at 40 s")


def test_a_terminal_gone_without_a_signal_ends_the_app(cockpit_pty, db_path, incident):
    # Without the hang-up check, Textual's input thread read end-of-file forever at 100% CPU.
    type_half_a_thought(cockpit_pty)
    cockpit_pty.close()
    assert cockpit_pty.proc.wait(timeout=30) == 128 + signal.SIGHUP
    assert kept_draft(db_path, incident) == ("note", "db-7 replica lag at 40 s")


def test_hung_up_tells_a_closed_terminal_from_a_quiet_one():
    master, slave = pty.openpty()
    try:
        assert not hangup.hung_up(slave)
        os.write(master, b"x\n")  # input waiting is not a hang-up
        assert select.select([slave], [], [], 5)[0] and not hangup.hung_up(slave)
        os.close(master)
        master = -1
        assert hangup.hung_up(slave)
    finally:
        os.close(slave)
        if master >= 0:
            os.close(master)


def test_a_hangup_ignored_by_nohup_stays_ignored(db_path, incident, store):
    # Started with SIGHUP ignored (as `nohup` does), the cockpit must not turn it into a quit.
    store.close()
    term = Pty([str(COCKPIT), "--db", str(db_path)], ignore=(signal.SIGHUP,))
    try:
        term.wait_for("Timeline (1)")
        term.proc.send_signal(signal.SIGHUP)
        term.proc.send_signal(signal.SIGTERM)  # while this one is caught as usual
        assert term.wait_exit() == 128 + signal.SIGTERM
    finally:
        term.close()
        if term.proc.poll() is None:
            term.proc.kill()
