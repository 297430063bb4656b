"""What the app shows first: a declare form when no incident is open, a picker when several
are, the incident itself when one is."""

from __future__ import annotations

from cockpit.core.vocabulary import Role, Severity
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.screens.picker import PickerScreen
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, screen_text, wait_for


async def test_declare_form_when_no_incident(store, clock):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        await pilot.press(*"Checkout errors", "enter")  # title
        await pilot.press(*"checkout", "enter")  # service
        await pilot.press("1")  # SEV1
        await pilot.press(*"all card payments", "enter")  # impact
        await pilot.press("enter")  # IC: alice, prefilled
        screen = await loaded(pilot)
        await wait_for(pilot, lambda: screen.session.state.holders(Role.IC), "the IC to load")
        state = screen.session.state
        assert state.title == "Checkout errors"
        assert state.severity is Severity.SEV1
        assert state.holders(Role.IC)[0].person == "alice"
        assert "Checkout errors" in screen_text(app)
    assert [i.label for i in store.incidents()] == ["INC-1"]


async def test_declare_form_needs_a_title(store, clock):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        await pilot.press("ctrl+s")
        assert "Title: needed" in screen_text(app)
        assert isinstance(app.screen, FormScreen)
    assert store.incidents() == []


async def test_one_open_incident_opens_directly(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        assert screen.session.incident_id == incident


async def test_picker_when_several_are_open(store, clock, incident):
    second = make("0196e1a4-0000-7000-8000-0000000000b2", "bob",
                  {"kind": "incident_declared", "title": "Search is slow"}, clock)  # fmt: skip
    store.declare(second)
    closed = make("0196e1a4-0000-7000-8000-0000000000b3", "bob",
                  {"kind": "incident_declared", "title": "Old one"}, clock)  # fmt: skip
    store.declare(closed)
    store.append(make(closed.incident, "bob", {"kind": "phase_set", "phase": "closed"}, clock))
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), "the picker")
        text = screen_text(app)
        assert "Search is slow" in text and "Checkout API errors" in text
        assert "Old one" not in text  # closed incidents are not offered
        await pilot.press("down", "enter")
        screen = await loaded(pilot)
        assert screen.session.incident_id == second.incident
        assert screen.session.label == "INC-2"


async def test_open_by_label(store, clock, incident):
    app = make_app(store, clock, incident="INC-1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        assert screen.session.state.title == "Checkout API errors"
