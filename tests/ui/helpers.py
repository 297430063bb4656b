"""Shared helpers for the Pilot tests: build the app on a real temp file with a fake clock,
wait for conditions (never sleep), and read the screen as text."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC

from textual import events
from textual.pilot import Pilot

from cockpit import settings
from cockpit.core.clock import FakeClock
from cockpit.store import Store
from cockpit.tui import textual_compat
from cockpit.tui.app import CockpitApp
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.screens.main import MainScreen


def make_app(store: Store, clock: FakeClock, incident: str | None = None, **kw) -> CockpitApp:
    return CockpitApp(store, clock, settings.load(), author=kw.pop("author", "alice"),
                      incident=incident, tz=UTC, **kw)  # fmt: skip


async def wait_for(pilot: Pilot, condition: Callable[[], object], what: str = "condition",
                   seconds: float = 15.0) -> None:  # fmt: skip
    """Let the app run until `condition()` holds; fail (with `what`) past a generous deadline."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"timed out waiting for {what}")


async def loaded(pilot: Pilot) -> MainScreen:
    app = pilot.app
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, MainScreen) and app.screen.session.loaded
        and app.screen.others_looked,  # the footer's `i` depends on it: snapshots raced it
        "the main screen to load",
    )  # fmt: skip
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


async def saved(pilot: Pilot, screen: MainScreen, count: int) -> None:
    """Wait until the incident holds `count` events and nothing is waiting to be written."""
    await wait_for(
        pilot,
        lambda: len(screen.session.state.ids) >= count and screen.writer.pending == 0,
        f"{count} events saved",
    )
    await pilot.pause()


def screen_text(app: CockpitApp) -> str:
    return textual_compat.screen_text(app)


def send_keys(app: CockpitApp, text: str) -> None:
    """Queue keys as a terminal would, with no waiting between them (Pilot waits ~60 ms)."""
    for ch in text:
        key = "enter" if ch == "\n" else ("space" if ch == " " else ch)
        event = events.Key(key, "\r" if ch == "\n" else ch)
        app.post_message(event)  # the app's queue, where the terminal driver puts keys


async def open_form(pilot: Pilot, key: str) -> FormScreen:
    """Press the key that opens a form, and wait for the form."""
    app = pilot.app
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), f"the form of {key!r}")
    return app.screen  # type: ignore[return-value]
