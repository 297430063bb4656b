"""The end of an incident on the screen: `p` to resolved inside the monitoring window asks the
criteria and why now; `p` to closed with loose ends lists them and asks why close anyway; `A`
posts the final update through the composer and stands the team down; `O` reopens with a
reason; the header counts the monitoring window down."""

from __future__ import annotations

from datetime import timedelta

from cockpit import settings
from cockpit.core.compose import new_event
from cockpit.store import Store
from cockpit.tui.screens.composer import ComposerScreen
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.screens.resolve_dialog import ResolveScreen
from cockpit.tui.widgets.incident_bar import IncidentBar
from cockpit.tui.widgets.role_board import RoleBoard
from tests.ui.helpers import loaded, make_app, open_form, saved, screen_text, wait_for


def write(store: Store, incident: str, clock, body: dict, at=None) -> None:
    clock.advance(1)
    store.append(new_event(incident, "alice", body, clock, at=at))


def kinds(store: Store, incident: str) -> list[str]:
    return [e.kind for e in store.events(incident)]


async def test_resolving_early_asks_why_and_records_the_criteria(store, clock, incident):
    write(store, incident, clock, {"kind": "milestone", "name": "mitigated"},
          at=clock.now() - timedelta(minutes=5))  # fmt: skip
    write(store, incident, clock, {"kind": "checklist_item", "checklist": "resolution",
                                   "item": "Customer impact ended", "checked": True})  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        before = len(screen.session.state.ids)
        await open_form(pilot, "p")
        await pilot.press("5", "enter", "enter")  # resolved; the Enter behind the digit confirms
        await wait_for(pilot, lambda: isinstance(app.screen, ResolveScreen), "the resolve dialog")
        text = screen_text(app)
        assert "15-minute monitoring window ends at" in text and "Say why resolved now" in text
        dialog = app.screen
        assert dialog.criteria.selected == ["Customer impact ended"]  # ticked while monitoring
        await pilot.press("space", "enter")  # the first criterion too; on to the reason
        await pilot.press("enter")  # no reason: kept open, said why
        await wait_for(pilot, lambda: "say why resolve now" in screen_text(app), "the error")
        assert app.screen is dialog
        await pilot.press(*"graphs flat for 10 min", "enter")
        await saved(pilot, screen, before + 2)
        assert "Resolution criteria: 2 of 4 met" in screen_text(app)
    phase, checked = store.events(incident)[-2:]
    assert (phase.kind, phase.body.phase.value, phase.body.reason) == (
        "phase_set", "resolved", "graphs flat for 10 min")  # fmt: skip
    assert checked.body.met == ("Affected services restored", "Customer impact ended")
    assert checked.body.phase_event == phase.id and 200 < checked.body.early_by <= 600


async def test_resolving_after_the_window_asks_no_reason(store, clock, incident):
    write(store, incident, clock, {"kind": "milestone", "name": "mitigated"},
          at=clock.now() - timedelta(minutes=15))  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        before = len(screen.session.state.ids)
        await open_form(pilot, "p")
        await pilot.press("5", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResolveScreen), "the resolve dialog")
        assert "monitoring window" not in screen_text(app)
        await pilot.press("ctrl+s")
        await saved(pilot, screen, before + 2)
    assert kinds(store, incident)[-2:] == ["phase_set", "criteria_checked"]


async def test_closing_with_loose_ends_lists_them_and_records_the_override(store, clock, incident):
    write(store, incident, clock, {"kind": "mitigation_started", "what": "Roll back \x1b[2J4812",
                                   "by": "dev"})  # fmt: skip
    write(store, incident, clock, {"kind": "phase_set", "phase": "resolved"})
    app = make_app(store, clock, incident="INC-1")  # resolved: opened by name
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        before = len(screen.session.state.ids)
        await open_form(pilot, "p")
        await pilot.press("6", "enter", "enter")  # closed
        await wait_for(pilot, lambda: "Still open" in screen_text(app), "the loose ends")
        text = screen_text(app)
        assert "Close INC-1 with 6 loose ends?" in text
        assert "mitigation in flight: Roll back ␛[2J4812 (by dev)" in text  # shown safe
        assert "recovery not done: Postmortem scheduled" in text
        await pilot.press("escape")  # not now: nothing recorded
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), "the form closed")
        assert len(screen.session.state.ids) == before
        await open_form(pilot, "p")
        await pilot.press("6", "enter", "enter")
        await wait_for(pilot, lambda: "Still open" in screen_text(app), "the loose ends")
        await pilot.press(*"rollback continues as INC-2", "enter")
        await saved(pilot, screen, before + 2)
    phase, over = store.events(incident)[-2:]
    assert phase.body.phase.value == "closed" and over.kind == "close_overridden"
    assert over.body.phase_event == phase.id and over.body.reason == "rollback continues as INC-2"
    assert len(over.body.open) == 6


async def test_all_clear_posts_the_final_update_and_stands_the_team_down(store, clock, incident):
    for role, person in (("ic", "alice"), ("scribe", "sam")):
        write(store, incident, clock, {"kind": "role_assigned", "role": role, "person": person})
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("A")  # open: not offered, nothing opens
        await pilot.pause()
        assert not isinstance(app.screen, ComposerScreen)
        assert not screen.check_action("all_clear", ())
        screen.save({"kind": "phase_set", "phase": "resolved"})
        await wait_for(pilot, lambda: screen.check_action("all_clear", ()), "resolved")
        before = len(screen.session.state.ids)
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposerScreen), "the composer")
        c = app.screen
        assert c.draft.template == "all_clear" and c.draft.audience.value == "responders"
        assert "all clear, final update" in c.draft.text
        await pilot.press("ctrl+s")  # a prompt not written: said; ctrl+s again posts it
        await wait_for(pilot, lambda: "still to write" in c.warning, "the warning")
        await pilot.press("ctrl+s")
        await saved(pilot, screen, before + 4)  # update, two releases, the stand-down
        assert not screen.check_action("all_clear", ())  # stood down: not again
        board = screen.query_one(RoleBoard).build().plain
        assert "stood down" in board and "empty" not in board
    events = store.events(incident)[-4:]
    assert [e.kind for e in events] == ["status_update", "role_released", "role_released",
                                        "stood_down"]  # fmt: skip
    assert {e.body.note for e in events[1:3]} == {"stood down"}
    assert events[-1].body.update == events[0].id and events[-1].body.released == 2


async def test_reopen_asks_why_and_goes_back_to_investigating(store, clock, incident):
    write(store, incident, clock, {"kind": "phase_set", "phase": "monitoring"})
    write(store, incident, clock, {"kind": "phase_set", "phase": "resolved"})
    app = make_app(store, clock, incident="INC-1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        before = len(screen.session.state.ids)
        await open_form(pilot, "O")
        assert "Reopen INC-1" in screen_text(app) and "2. monitoring" in screen_text(app)
        await pilot.press(*"5xx are back", "enter", "1")  # investigating: the digit saves
        await saved(pilot, screen, before + 1)
        assert not screen.check_action("reopen", ())  # open again
    e = store.events(incident)[-1]
    assert (e.body.phase.value, e.body.reason) == ("investigating", "5xx are back")


async def test_the_header_counts_the_monitoring_window_down(store, clock, demo):
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[closing]\nmonitor_minutes = {SEV1 = 30}\n")  # the demo is SEV1 by then
    app = make_app(store, clock, incident=demo, remember_theme=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        bar = screen.query_one(IncidentBar)
        # the demo was mitigated 19 minutes before its end: 11 of 30 minutes left
        assert "monitoring 11:00 left" in bar.build().plain
        clock.advance(minutes=11, seconds=-1)
        screen.tick()
        assert "monitoring 0:01 left" in bar.build().plain
        clock.advance(1)
        screen.tick()
        assert "monitoring" not in bar.build().plain  # over (the demo is mitigating)
