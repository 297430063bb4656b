"""The installed `cockpit` command in a real terminal (tmux): type a note and a severity
change, read them back from the screen and from the file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cockpit.core.vocabulary import Severity
from cockpit.store import Store

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
COCKPIT = Path(sys.executable).with_name("cockpit")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[list[str]]:
    if TMUX is None:
        pytest.skip("tmux is not installed; `make test` installs it via .ci/system-deps")
    if not COCKPIT.exists():
        pytest.skip(
            f"the cockpit command is not installed next to {sys.executable}; run make install"
        )
    base = [TMUX, "-L", f"cockpit-e2e-{os.getpid()}", "-f", "/dev/null"]
    yield base
    subprocess.run([*base, "kill-server"], capture_output=True)


def capture(base: list[str]) -> str:
    out = subprocess.run([*base, "capture-pane", "-p", "-t", "e2e"], capture_output=True, text=True)
    return out.stdout


def wait_screen(base: list[str], wanted: str, seconds: float = 20.0) -> str:
    deadline = time.monotonic() + seconds
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(base)
        if wanted in screen:
            return screen
    raise AssertionError(f"{wanted!r} never appeared on screen; last screen:\n{screen}")


def keys(base: list[str], *args: str, literal: bool = False) -> None:
    cmd = [*base, "send-keys", "-t", "e2e", *(["-l"] if literal else []), *args]
    subprocess.run(cmd, check=True)


def test_note_and_severity_typed_in_a_real_terminal(tmux, db_path, incident, store):
    store.close()
    command = f"{COCKPIT} --db {db_path} --author e2e-scribe"
    subprocess.run([*tmux, "new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", command],
                   check=True, env={**os.environ, "TERM": "xterm-256color"})  # fmt: skip
    wait_screen(tmux, "Checkout API errors")
    wait_screen(tmux, "Timeline (1)")  # loaded

    keys(tmux, "n")
    wait_screen(tmux, "Enter saves")
    keys(tmux, "rollback started from tmux", literal=True)
    wait_screen(tmux, "rollback started from tmux")
    keys(tmux, "Enter")
    wait_screen(tmux, "Timeline (2)")
    keys(tmux, "Escape")
    wait_screen(tmux, "s Severity")  # the bar closed (a key right after Esc would be alt+key)

    keys(tmux, "s")
    wait_screen(tmux, "Change severity")
    keys(tmux, "1")  # the pick, and the reason typed right behind it with no pause
    keys(tmux, "all payments failing", literal=True)
    wait_screen(tmux, "all payments failing")
    keys(tmux, "Enter")
    screen = wait_screen(tmux, "Timeline (3)")
    assert "rollback started from tmux" in screen
    assert "SEV1" in screen and "all payments failing" in screen, screen

    keys(tmux, "C-q")
    with Store.open(db_path) as check:
        events = check.events(incident)
    note = next(e for e in events if e.kind == "note")
    assert note.body.text == "rollback started from tmux" and note.author == "e2e-scribe"
    sev = next(e for e in events if e.kind == "severity_set")
    assert sev.body.severity is Severity.SEV1 and sev.body.reason == "all payments failing"


def pane_title(base: list[str]) -> str:
    out = subprocess.run([*base, "display", "-p", "-t", "e2e", "#{pane_title}"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return out.stdout.strip()


def test_a_note_with_terminal_commands_leaves_the_terminal_as_it_was(tmux, db_path, incident,
                                                                    store):  # fmt: skip
    """Issue 10: a note written by another process (a script, a teammate's sync) with an OSC
    title, a clear-screen and a colour sequence is shown inert: the pane keeps its title and
    its panes, and the text shows with `␛`."""
    store.close()
    command = f"{COCKPIT} --db {db_path} --author e2e-scribe"
    subprocess.run([*tmux, "new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", command],
                   check=True, env={**os.environ, "TERM": "xterm-256color"})  # fmt: skip
    wait_screen(tmux, "Timeline (1)")
    title = pane_title(tmux)
    attack = "x\033]0;pwned\007\033]2;pwned2\033\\\033[2J\033[H\033[31mred"
    subprocess.run([str(COCKPIT), "--db", str(db_path), "note", "INC-1", attack], check=True,
                   capture_output=True, timeout=60)  # fmt: skip
    screen = wait_screen(tmux, "Timeline (2)")
    screen = wait_screen(tmux, "x␛]0;pwned␇␛]2;pwned2␛\\␛[2J␛[H␛[31m")  # cut at the pane edge
    assert pane_title(tmux) == title and "pwned" not in title
    for pane in ("Checkout API errors", "Timeline (2)", "Roles", "Current mitigation",
                 "Next update", "Checklist", "╭", "╰"):  # fmt: skip
        assert pane in screen, (pane, screen)
    keys(tmux, "C-q")


def test_the_composer_posts_and_copies_through_the_terminal(tmux, db_path, incident, store,
                                                           clock):  # fmt: skip
    """`u`, `y`: the update reaches the terminal's clipboard as OSC 52 (tmux keeps it as its
    buffer, as it does over SSH), made safe first; ctrl+s posts it."""
    from tests.conftest import make

    store.append(make(incident, "mallory", {"kind": "field_set", "field": "impact",
                                            "value": "EU \033]0;owned\007 down"}, clock))  # fmt: skip
    store.close()
    command = f"{COCKPIT} --db {db_path} --author e2e-ic"
    subprocess.run([*tmux, "new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", command],
                   check=True, env={**os.environ, "TERM": "xterm-256color"})  # fmt: skip
    subprocess.run([*tmux, "set-option", "-g", "set-clipboard", "on"], check=True)
    wait_screen(tmux, "Timeline (2)")
    keys(tmux, "u")
    wait_screen(tmux, "Status update · INC-1")
    wait_screen(tmux, "SITUATION:")
    keys(tmux, "y")
    deadline = time.monotonic() + 20
    copied = ""
    while time.monotonic() < deadline and "update for responders" not in copied:
        copied = subprocess.run([*tmux, "show-buffer"], capture_output=True, text=True).stdout
    assert copied.startswith("INC-1 severity not set · Checkout API errors: update for")
    assert "Impact: EU ␛]0;owned␇ down" in copied and "\033" not in copied
    keys(tmux, "C-s")
    wait_screen(tmux, "ctrl+s again posts it as it is")  # the recommendation is unwritten
    keys(tmux, "C-s")
    wait_screen(tmux, "Timeline (3)")
    keys(tmux, "C-q")
    with Store.open(db_path) as check:
        (u,) = [e for e in check.events(incident) if e.kind == "status_update"]
    assert (u.author, u.body.audience, u.body.template) == ("e2e-ic", "responders", "sbar")
