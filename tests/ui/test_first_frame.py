"""The first frame: what it shows, and what runs once it is drawn."""

from __future__ import annotations

from cockpit.tui.screens.form import FormScreen
from cockpit.tui.screens.picker import PickerScreen
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, screen_text, wait_for


async def test_the_first_frame_is_the_incident_whole(store, clock, incident):
    """The CLI pauses the GC for start-up and asks for it back after the first frame: the hook
    runs once the incident's screen is drawn, and once only (a switch draws another screen).
    That first frame has the incident in it (read while the app started, shown before the
    screen's first layout), not a `loading` frame drawn for nothing."""
    store.append(make(incident, "bob", {"kind": "note", "text": "first look at the graphs"},
                      clock))  # fmt: skip
    frames: list[str] = []
    app = make_app(store, clock, incident="INC-1",
                   after_first_frame=lambda: frames.append(screen_text(app)))  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: frames, "the after-first-frame hook")
        assert app.first_frame_shown
        first = frames[0]
        assert "Timeline (2)" in first and "loading" not in first
        assert "Checkout API errors" in first and "first look at the graphs" in first
        await pilot.press("i")  # the picker, drawn: not a first frame any more
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), "the picker")
        await pilot.pause()
    assert len(frames) == 1


async def test_the_hook_runs_under_a_picker_and_a_declare_form_too(store, clock, incident):
    store.declare(make("0196e1a4-0000-7000-8000-0000000000b2", "bob",
                       {"kind": "incident_declared", "title": "Search is slow"}, clock))  # fmt: skip
    calls: list[bool] = []
    app = make_app(store, clock, after_first_frame=lambda: calls.append(True))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), "the picker")
        await wait_for(pilot, lambda: calls, "the hook under the picker")


async def test_the_hook_runs_under_the_first_declare_form(store, clock):
    calls: list[bool] = []
    app = make_app(store, clock, after_first_frame=lambda: calls.append(True))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        await wait_for(pilot, lambda: calls, "the hook under the form")
