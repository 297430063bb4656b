"""Fixtures for the screen tests: a small incident, and the demo incident at a fixed time."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import UTC
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from cockpit.core.clock import FakeClock
from cockpit.demo import seed_demo
from cockpit.store import Store

DEMO_ID = "0196e1a4-0000-7000-8000-00000000de70"


@pytest.fixture
def demo(store: Store, clock: FakeClock) -> str:
    """The demo incident, ending at the fake clock's now; returns its label."""
    return seed_demo(store, clock.now(), entries=120, seed=7, incident_id=DEMO_ID, tz=UTC).label


def steady_cursors(app: App) -> None:
    """Every text cursor on every screen stops blinking, shown: a blinking cursor is drawn or
    not depending on the instant the picture is taken (Posting's snapshots do the same)."""
    for screen in app.screen_stack:
        for widget in [*screen.query(Input), *screen.query(TextArea)]:
            widget.cursor_blink = False


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's `snap_compare`, with the cursors steady before the picture."""

    def compare(app: App, *, run_before: Callable[[Pilot], Any] | None = None,
                **kw: Any) -> bool:  # fmt: skip
        async def steady_first(pilot: Pilot) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            steady_cursors(pilot.app)

        return snap_compare(app, run_before=steady_first, **kw)

    return compare
