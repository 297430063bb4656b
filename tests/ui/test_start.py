"""What the app shows first: a declare form when no incident is open, a picker when several
are, the incident itself when one is."""

from __future__ import annotations

from cockpit.core.vocabulary import Role, Severity
from cockpit.store import Store
from cockpit.store.errors import StoreError
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


async def test_a_failed_declare_keeps_the_form_and_a_retry_declares_once(store, clock,
                                                                          monkeypatch):  # fmt: skip
    real_declare, calls = store.declare, []

    def declare_failing_once(*events):
        calls.append(events)
        if len(calls) == 1:
            raise StoreError("the file is locked; retry in a moment")
        return real_declare(*events)

    monkeypatch.setattr(store, "declare", declare_failing_once)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        await pilot.press(*"Checkout errors", "enter", "enter", "1", "enter", "enter", "enter")
        await wait_for(pilot, lambda: "the file is locked" in screen_text(app), "the reason")
        assert isinstance(app.screen, FormScreen)  # the form again, with the reason in it
        assert "Checkout errors" in screen_text(app)  # what was typed is kept
        await pilot.press("ctrl+s")
        screen = await loaded(pilot)
        await wait_for(pilot, lambda: screen.session.state.holders(Role.IC), "the IC to load")
    assert [i.label for i in store.incidents()] == ["INC-1"]
    assert [e.kind for e in store.events(store.incidents()[0].id)] == [
        "incident_declared", "role_assigned"]  # fmt: skip


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
        await wait_for(pilot, lambda: "Search is slow" in screen_text(app), "the picker drawn")
        # Textual's footer shows its keys a refresh after it mounts
        await wait_for(pilot, lambda: "esc " in screen_text(app), "the picker's footer")
        text = screen_text(app)
        assert "Checkout API errors" in text
        assert "Old one" not in text  # closed incidents are not offered
        assert "esc Quit" in text  # nothing behind it yet
        await pilot.press("down", "enter")
        screen = await loaded(pilot)
        assert screen.session.incident_id == second.incident
        assert screen.session.label == "INC-2"
        await pilot.press("i")  # switch incidents: Esc goes back to this one, not out
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), "the picker again")
        await wait_for(pilot, lambda: "esc Back" in screen_text(app), "the picker drawn")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "back to INC-2")
        assert app.is_running
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), "the picker again")
        await pilot.press("n")  # declare a new one... no: Esc on its form is back to the picker
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), "the picker back")


async def test_open_by_label(store, clock, incident):
    app = make_app(store, clock, incident="INC-1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        assert screen.session.state.title == "Checkout API errors"


def test_the_start_read_finds_the_incident_and_its_first_screen(store, clock, incident):
    from cockpit.tui.start_read import read_start

    store.append(make(incident, "bob", {"kind": "note", "text": "first look"}, clock))
    one = read_start(store, None)
    assert one.ref is not None and one.ref.id == incident and one.ref.label == "INC-1"
    assert one.first is not None and one.first.complete
    assert [i.kind for i in one.first.items] == ["incident_declared", "note"]
    asked = read_start(store, "INC-1")
    assert asked.ref.label == one.ref.label and asked.data_version is not None
    store.declare(make("0196e1a4-0000-7000-8000-0000000000b2", "bob",
                       {"kind": "incident_declared", "title": "Search is slow"}, clock))  # fmt: skip
    several = read_start(store, None)
    assert several.ref is None and several.first is None and len(several.found) == 2


async def test_what_is_written_after_the_start_read_still_shows(store, clock, incident):
    """The first screen is read while the app starts; a note written after that read (by a
    script, say) comes in through the screen's poll like any other."""
    app = make_app(store, clock)  # the start read runs from here
    app.start_read.result()
    with Store.open(store.path) as script:  # another connection, as another process has
        late = script.append(make(incident, "bot", {"kind": "note", "text": "written late"},
                                  clock))  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, lambda: late.id in screen.session.state.ids, "the late note")
        await wait_for(pilot, lambda: "written late" in screen_text(app), "the late note shown")


async def test_a_damaged_row_is_reported_on_the_screen_not_a_crash(store, clock, incident):
    """A row this version cannot read (damaged, or written by a newer one) found while the app
    starts: the screen opens and says what is wrong, as it does when it reads the rows itself."""
    import sqlite3

    from cockpit.tui.screens.main import MainScreen

    with sqlite3.connect(store.path) as raw:
        raw.execute(
            "INSERT INTO events (id, incident, kind, author, at, hlc, json) VALUES "
            "('bad-1', ?, 'severity_set', 'x', '2026-11-23T14:00:00Z', '0', '{\"body\": 1}')",
            (incident,),
        )
    app = make_app(store, clock, incident="INC-1")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the screen")
        said = lambda: [m for m in app.said if "cannot read" in m]  # noqa: E731
        await wait_for(pilot, said, "the word")
        assert "cannot read the incident" in said()[0] and app.is_running


async def test_esc_on_the_first_declare_form_leaves_with_a_word(store, clock):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not app.is_running, "the app to end")
    assert app.return_code == 0
    assert app.return_value.startswith("No incident declared")  # `cockpit` prints it


async def test_an_incident_that_cannot_be_opened_ends_with_why(store, clock, incident):
    app = make_app(store, clock, incident="INC-9")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: not app.is_running, "the app to end")
    assert app.return_code == 1  # the error itself, which `cockpit` says in one line
    assert isinstance(app.return_value, StoreError)
    assert "no incident 'INC-9'" in str(app.return_value) and "cockpit list" in str(
        app.return_value
    )


async def test_the_declare_form_fits_at_80x24(store, clock):
    # With bordered fields it opened scrolled down: no heading, no title label.
    app = make_app(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        await pilot.pause()
        text = screen_text(app)
        assert "Declare an incident" in text and "Enter: next / save" in text
        assert "Title" in text and "Incident Commander" in text


async def test_when_the_only_incident_is_resolved_the_declare_form_says_so(store, clock, incident):
    """Bare `cockpit` after INC-1 was resolved opened the declare form as if there were none."""
    store.append(make(incident, "alice", {"kind": "phase_set", "phase": "resolved"}, clock))
    app = make_app(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        await pilot.pause()
        text = screen_text(app)
        assert "INC-1 “Checkout API errors” is resolved: Esc opens it anyway." in text
        assert "Title" in text  # still fits at 80x24
        await pilot.press("escape")
        screen = await loaded(pilot)
        assert screen.session.incident_id == incident and app.is_running


async def test_several_past_incidents_are_listed_to_open_one_anyway(store, clock, incident):
    old = make("0196e1a4-0000-7000-8000-0000000000b3", "bob",
               {"kind": "incident_declared", "title": "Old one"}, clock)  # fmt: skip
    store.declare(old)
    for inc, phase in ((incident, "resolved"), (old.incident, "closed")):
        store.append(make(inc, "bob", {"kind": "phase_set", "phase": phase}, clock))
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        await wait_for(pilot, lambda: "Esc lists" in screen_text(app), "the form drawn")
        assert app.screen.form.intro.endswith(
            "\nNo incident is open: INC-2 “Old one” is closed, "
            "and 1 more; Esc lists them to open one anyway."
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), "the picker")
        await wait_for(pilot, lambda: "Checkout API errors" in screen_text(app), "drawn")
        assert "No incident is open; resolved and closed" in screen_text(app)
        await pilot.press("down", "enter")  # the newest first: INC-2, then INC-1
        screen = await loaded(pilot)
        assert screen.session.incident_id == incident
