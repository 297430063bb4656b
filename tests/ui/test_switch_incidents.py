"""Switching incidents from the screen (`i`): every path through the picker lands on a live
screen, never a crash (a screen being switched out still ran its checks on widgets already gone)."""

from __future__ import annotations

from cockpit.tui.screens.form import FormScreen
from cockpit.tui.screens.main import MainScreen
from cockpit.tui.screens.picker import PickerScreen
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, screen_text, wait_for

SECOND = "0196e1a4-0000-7000-8000-0000000000b2"


def two_open(store, clock) -> None:
    store.declare(make(SECOND, "bob", {"kind": "incident_declared", "title": "Search is slow"},
                       clock))  # fmt: skip


async def picker(pilot) -> PickerScreen:
    app = pilot.app
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), "the picker")
    await wait_for(pilot, lambda: "Search is slow" in screen_text(app), "the picker drawn")
    return app.screen  # type: ignore[return-value]


async def test_switching_to_another_incident_and_back(store, clock, incident):
    two_open(store, clock)
    app = make_app(store, clock, incident="INC-1")
    async with app.run_test(size=(120, 40)) as pilot:
        first = await loaded(pilot)
        await picker(pilot)
        await pilot.press("down", "enter")  # INC-2
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen)
                       and app.screen is not first, "the second incident")  # fmt: skip
        second = await loaded(pilot)
        assert second.session.incident_id == SECOND
        await wait_for(pilot, lambda: "Search is slow" in screen_text(app), "INC-2 drawn")
        await picker(pilot)
        await pilot.press("enter")  # INC-1 again, the first in the list
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen)
                       and app.screen is not second, "the first incident again")  # fmt: skip
        back = await loaded(pilot)
        assert back.session.incident_id == incident
        await pilot.press("n", *"still here", "enter")
        await wait_for(pilot, lambda: "still here" in screen_text(app), "a note on it")
        assert app.is_running


async def test_switching_to_the_same_incident(store, clock, incident):
    two_open(store, clock)
    app = make_app(store, clock, incident="INC-1")
    async with app.run_test(size=(120, 40)) as pilot:
        first = await loaded(pilot)
        await picker(pilot)
        await pilot.press("enter")  # INC-1, the one already open
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen)
                       and app.screen is not first, "INC-1 reopened")  # fmt: skip
        again = await loaded(pilot)
        assert again.session.incident_id == incident
        await pilot.press("up")  # the selection keys, the footer: all still live
        await pilot.pause()
        assert app.is_running


async def test_esc_from_the_picker_and_declaring_from_it(store, clock, incident):
    two_open(store, clock)
    app = make_app(store, clock, incident="INC-1")
    async with app.run_test(size=(120, 40)) as pilot:
        first = await loaded(pilot)
        await picker(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is first, "back to INC-1")
        await pilot.press("up", "down")
        await picker(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        await pilot.press(*"Queue backlog", "enter", "enter", "2", "enter", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen)
                       and app.screen is not first, "the new incident")  # fmt: skip
        third = await loaded(pilot)
        await wait_for(pilot, lambda: third.session.state.title == "Queue backlog", "its title")
        assert third.session.label == "INC-3"
        await pilot.press("up")
        await pilot.pause()
        assert app.is_running
