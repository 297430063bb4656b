"""The incident's shape on the screen: `M` records a milestone (prefilled with the time the
picker opened, any time the one parser reads), `N` shows the numbers live, a backdated
declaration moves T+ and the update countdown, and the team's words show in the forms."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cockpit import settings
from cockpit.core.compose import new_event
from cockpit.store import Store
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.screens.metrics_view import MetricsScreen
from cockpit.tui.widgets.incident_bar import IncidentBar
from cockpit.tui.widgets.update_countdown import UpdateCountdown
from tests.ui.conftest import DEMO_ID
from tests.ui.helpers import loaded, make_app, open_form, saved, screen_text, wait_for


def milestones(store: Store, incident: str) -> list:
    return [e for e in store.events(incident) if e.kind == "milestone"]


def field_value(app, name: str) -> str:
    return app.screen.query_one(f"#field-{name}").value


async def test_a_milestone_now_in_a_few_keys(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        opened = clock.now()
        await open_form(pilot, "M")
        await pilot.press("3")  # Detected: the details form follows, its time prefilled
        await wait_for(pilot, lambda: "How" in screen_text(app), "the detected form")
        assert field_value(app, "at") == opened.strftime("%H:%M:%S")
        clock.advance(90)  # saved later than the picker opened: still the time it showed
        # the Enter right behind the digit confirms the pick (habit); the next moves on, and
        # the last field's digit picks and saves
        await pilot.press("enter", "enter", *"pager fired", "enter", "1")
        await saved(pilot, screen, 2)
    (e,) = milestones(store, incident)
    assert e.body.name.value == "detected" and e.body.how.value == "monitoring"
    assert e.body.text == "pager fired"
    assert e.at == opened.replace(microsecond=0) and e.at_offset == 0


async def test_a_backdated_impact_with_component_and_level(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await open_form(pilot, "M")
        await pilot.press("1")
        await wait_for(pilot, lambda: "Component" in screen_text(app), "the impact form")
        await pilot.press(*"-25m", "enter", "enter", *"checkout", "enter", "1", "enter")
        await saved(pilot, screen, 2)
        assert "IMPACT" in screen_text(app)  # the timeline names the milestone
    (e,) = milestones(store, incident)
    assert e.at == clock.now() - timedelta(minutes=25) and e.at_offset is None
    assert (e.body.component, e.body.level.value) == ("checkout", "outage")


async def test_an_unreadable_time_brings_the_form_back_with_the_reason(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await open_form(pilot, "M")
        await pilot.press("4")  # cause identified
        await wait_for(pilot, lambda: "Cause identified" in screen_text(app), "the form")
        await pilot.press(*"after lunch", "enter", *"DNS", "enter")
        await wait_for(pilot, lambda: "cannot read the time" in screen_text(app), "the reason")
        assert isinstance(app.screen, FormScreen)
        assert field_value(app, "at") == "after lunch" and field_value(app, "text") == "DNS"
        await pilot.press(*"-2m", "ctrl+s")  # the time is selected again: typing replaces it
        await wait_for(pilot, lambda: milestones(store, incident), "the milestone saved")
    (e,) = milestones(store, incident)
    assert e.body.name.value == "cause_identified" and e.body.text == "DNS"


async def test_a_page_answered_pairs_with_the_page(store, clock, incident):
    clock.advance(1)
    page = new_event(incident, "alice", {"kind": "person_paged", "person": "bob"}, clock)
    store.append(page)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await open_form(pilot, "M")
        await pilot.press("6")  # page answered: bob, who was paged, is offered
        await wait_for(pilot, lambda: "Who answered" in screen_text(app), "the form")
        await pilot.press("enter", "enter", *"phone", "enter", "1")
        await saved(pilot, screen, 3)
    ack = store.events(incident)[-1]
    assert ack.kind == "page_acknowledged" and ack.body.page == page.id and ack.body.via == "phone"


async def test_an_answer_before_its_page_is_refused_on_the_field_with_what_was_typed(
    store, clock, incident
):
    clock.advance(52)
    page = new_event(incident, "alice", {"kind": "person_paged", "person": "bob"}, clock)
    store.append(page)
    too_early = (page.at - timedelta(minutes=10)).strftime("%H:%M")
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await open_form(pilot, "M")
        await pilot.press("6")
        await wait_for(pilot, lambda: "Who answered" in screen_text(app), "the form")
        await pilot.press(*too_early, "enter", *"phone", "enter", "1")
        await wait_for(pilot, lambda: "would come before" in screen_text(app), "the reason")
        assert isinstance(app.screen, FormScreen)
        assert field_value(app, "at") == too_early and field_value(app, "via") == "phone"
        assert f"sent at {page.at:%H:%M:%S}" in screen_text(app)
        assert [e.kind for e in store.events(incident)][-1] == "person_paged"  # nothing saved
        await pilot.press(*page.at.strftime("%H:%M:%S"), "ctrl+s")
        await wait_for(pilot, lambda: store.events(incident)[-1].kind == "page_acknowledged",
                       "the answer saved")  # fmt: skip
    assert store.events(incident)[-1].body.page == page.id


async def test_an_impact_end_before_its_start_is_refused_on_the_field(store, clock, incident):
    clock.advance(1)
    store.append(new_event(incident, "alice", {"kind": "milestone", "name": "impact_started"},
                           clock, at=clock.now() - timedelta(minutes=5)))  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await open_form(pilot, "M")
        await pilot.press("2")  # impact ended
        await wait_for(pilot, lambda: "Impact ended" in screen_text(app), "the form")
        await pilot.press(*"-20m", "enter", "enter", *"fixed", "enter")  # when, component, note
        await wait_for(pilot, lambda: "would come before" in screen_text(app), "the reason")
        assert isinstance(app.screen, FormScreen) and field_value(app, "text") == "fixed"
        assert len(milestones(store, incident)) == 1


async def test_the_metrics_view_is_live_and_shows_the_definitions(store, clock, demo, db_path):
    app = make_app(store, clock, incident=demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("N")
        await wait_for(pilot, lambda: isinstance(app.screen, MetricsScreen), "the metrics view")
        text = screen_text(app)
        assert "Time to detect" in text and "2m 00s" in text
        assert "From the first impact start (any component)" in text  # its definition
        assert "not resolved" in text
        # resolved elsewhere (another terminal): the view follows
        clock.advance(5)
        with Store.open(db_path) as other:
            other.append(new_event(DEMO_ID, "maria", {"kind": "phase_set", "phase": "resolved"},
                                   clock, state=screen.session.state))  # fmt: skip
        await wait_for(pilot, lambda: "not resolved" not in screen_text(app), "the resolution")
        await pilot.press("tab")  # across every incident in the file, read in a thread
        await wait_for(pilot, lambda: "By severity" in screen_text(app), "the stats")
        assert "Pages: 2" in screen_text(app)
        assert "Follow-ups on time: — (no follow-up is due or done yet); beside: 3 not yet due" in (
            screen_text(app))  # fmt: skip
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, MetricsScreen), "closed")


async def test_a_backdated_declaration_moves_t_plus_and_the_countdown(store, clock):
    declared = new_event("0196e1a4-0000-7000-8000-0000000000b1", "alice",
                         {"kind": "incident_declared", "title": "Payments down",
                          "severity": "SEV1"}, clock, at=clock.now() - timedelta(minutes=45))  # fmt: skip
    store.declare(declared)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        bar = screen.query_one(IncidentBar)
        assert "T+45:00" in bar.build().plain
        countdown = screen.query_one(UpdateCountdown)
        assert countdown.overdue and "OVERDUE by 25:00" in countdown.build().plain


async def test_the_teams_words_show_beside_the_cockpits_in_the_forms(store, clock, incident):
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[aliases.severity]\nP0 = "SEV1"\n[aliases.role]\n"incident coordinator" = '
                    '"ic"\n', encoding="utf-8")  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await open_form(pilot, "s")
        assert "SEV1 (P0)" in screen_text(app)
        await pilot.press("escape")
        await open_form(pilot, "a")
        assert "Incident Commander (incident coordinator)" in screen_text(app)


@pytest.mark.parametrize("size", ((120, 40), (80, 24)), ids=lambda s: f"{s[0]}x{s[1]}")
def test_metrics_view_snapshot(snap_compare, store, clock, demo, size):
    """The demo's numbers, each beside its definition, at both sizes (layout matters here)."""
    app = make_app(store, clock, incident=demo, remember_theme=False)

    async def ready(pilot) -> None:
        await loaded(pilot)
        await pilot.press("N")
        await wait_for(pilot, lambda: isinstance(app.screen, MetricsScreen), "the metrics view")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)
