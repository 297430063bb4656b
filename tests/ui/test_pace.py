"""People and pace on the screen (issue 15): the roster with a break due, the IC-rotation
prompt and its handover, snoozing the most urgent nudge, the list of all of them, the
check-in, paging, and the late-night question about downgrading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cockpit.core.vocabulary import Role, Severity
from cockpit.store import Store
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.widgets.attention_banner import AttentionBanner
from cockpit.tui.widgets.entry_bar import EntryBar
from cockpit.tui.widgets.role_board import RoleBoard
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, open_form, saved, screen_text, wait_for


def put(store: Store, incident: str, clock, body: dict, author: str = "alice"):
    return store.append(make(incident, author, body, clock))


def staffed(store: Store, incident: str, clock) -> None:
    """An IC, a scribe and a mitigation in flight run by someone else: none of the nudges
    about roles or idleness come first."""
    put(store, incident, clock, {"kind": "role_assigned", "role": "ic", "person": "alice"})
    put(store, incident, clock, {"kind": "role_assigned", "role": "scribe", "person": "sam"})
    put(store, incident, clock, {"kind": "mitigation_started", "what": "fail over", "by": "kim"},
        author="kim")  # fmt: skip


def events(store: Store, incident: str, kind: str) -> list:
    return [e for e in store.events(incident) if e.kind == kind]


async def tick(pilot, screen) -> None:
    screen.tick()
    await pilot.pause()


async def test_the_roster_with_a_break_due_and_a_break_recorded_in_one_key(store, clock,
                                                                          incident):  # fmt: skip
    staffed(store, incident, clock)
    put(store, incident, clock, {"kind": "person_joined", "person": "priya"})
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        board, banner = screen.query_one(RoleBoard), screen.query_one(AttentionBanner)
        await pilot.press("r")  # the role board shows the roster
        await wait_for(pilot, lambda: "On the call" in screen_text(app), "the roster")
        assert "priya" in screen_text(app) and "no break yet" in screen_text(app)
        clock.advance(timedelta(hours=2))
        await tick(pilot, screen)
        assert banner.due("break_due")
        text = board.build().plain
        assert "2h00m break due" in text
        assert "Break due: alice, 2h00m on duty without a break · B break" in screen_text(app)
        assert " B Break" in screen_text(app)  # and the footer offers the key
        form = await open_form(pilot, "B")  # prefilled with the person whose break is due
        assert form.values()["person"] == "alice"
        # priya, a break (the Enter behind the digit confirms it), back in 15m
        await pilot.press("ctrl+u", *"priya", "enter", "1", "enter", "enter")
        await saved(pilot, screen, 6)
        (brk,) = events(store, incident, "break_taken")
        assert brk.body.person == "priya" and brk.body.until == clock.now() + timedelta(minutes=15)
        await tick(pilot, screen)
        assert f"away →{brk.body.until:%H:%M}" in board.build().plain
        assert "break_due:priya" not in {n.id for n in banner.active}
        await pilot.press("r")  # back to the roles
        await wait_for(pilot, lambda: "Roles" in screen_text(app) and board.roster is False,
                       "the roles again")  # fmt: skip


async def test_the_ic_rotation_prompt_and_a_handover_that_records_the_time_on_duty(
    store, clock, incident
):
    staffed(store, incident, clock)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        banner = screen.query_one(AttentionBanner)
        since = screen.session.state.holders(Role.IC)[0].since
        clock.set(since + timedelta(hours=3) - timedelta(seconds=1))
        await tick(pilot, screen)
        assert not banner.due("ic_rotation")  # one second before
        clock.advance(timedelta(seconds=1))
        await tick(pilot, screen)
        assert banner.top is not None and banner.top.rule == "ic_rotation"
        assert ("Rotate the IC: alice has been IC for 3h00m; hand over with a briefing · "
                "h handover") in screen_text(app)  # fmt: skip
        form = await open_form(pilot, "h")
        briefing = form.values()["note"]
        assert briefing.startswith("outgoing IC alice: 3h00m on duty, 3h00m as IC, no break; ")
        await pilot.press(*"bob", "enter", "enter")
        await saved(pilot, screen, 5)
        assert screen.session.state.holders(Role.IC)[0].person == "bob"
        await tick(pilot, screen)
        assert not banner.due("ic_rotation")
    handover = events(store, incident, "role_assigned")[-1]
    assert handover.body.note.startswith("outgoing IC alice: 3h00m on duty, 3h00m as IC")


async def test_snooze_the_most_urgent_with_a_reason_and_see_it_in_the_list(store, clock,
                                                                         incident):  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        banner = screen.query_one(AttentionBanner)
        clock.advance(minutes=6)
        await tick(pilot, screen)
        assert [n.rule for n in banner.active] == ["role_empty", "role_empty", "idle"]
        assert screen_text(app).count("[1/3] No Incident Commander for 6 min") == 1
        form = await open_form(pilot, "S")
        assert "Snooze: role empty" in screen_text(app)
        assert form.values()["until"] == "30m"
        await pilot.press("enter", *"maria joins at 14:30", "enter")
        await saved(pilot, screen, 2)
        (s,) = events(store, incident, "nudge_snoozed")
        assert s.body.nudge == "role_empty:ic" and s.body.reason == "maria joins at 14:30"
        assert s.body.until == clock.now() + timedelta(minutes=30)
        await tick(pilot, screen)
        assert banner.top is not None and banner.top.id == "role_empty:scribe"
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: "Needs attention, most urgent first" in screen_text(app),
                       "the list")  # fmt: skip
        text = screen_text(app)
        assert "No Scribe for 6 min: nobody keeps the record" in text
        assert "snoozed until 14:36 by alice: maria joins at 14:30" in text
        await pilot.press("down", "down", "s")  # snooze the idle one from the list, too long
        form = await wait_for_form(pilot)
        await pilot.press("ctrl+u", *"5h", "enter", *"vendor call", "enter")
        await wait_for(pilot, lambda: "never silenced for good" in screen_text(app), "refused")
        await pilot.press("ctrl+u", *"1h", "enter", "enter")
        await saved(pilot, screen, 3)
        assert [e.body.nudge for e in events(store, incident, "nudge_snoozed")] == [
            "role_empty:ic", "idle"]  # fmt: skip


async def wait_for_form(pilot) -> FormScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "a form")
    return app.screen


async def test_enter_in_the_list_opens_what_the_nudge_asks_for(store, clock, incident):
    staffed(store, incident, clock)
    t = put(store, incident, clock, {"kind": "task_delegated", "task": "DB pool", "owner": "priya"})
    put(store, incident, clock, {"kind": "task_delegated", "task": "cache", "owner": "dev"})
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        clock.advance(minutes=4)
        await tick(pilot, screen)
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: "Not acknowledged: dev: cache" in screen_text(app), "list")
        await pilot.press("down", "enter")  # the second: dev's task; the status form opens on it
        form = await wait_for_form(pilot)
        assert "Task status" in screen_text(app)
        assert form.values()["task"] != t.id  # dev's, not the first one
        await pilot.press("escape")


async def test_check_in_prefilled_and_posted_as_a_note(store, clock, incident):
    staffed(store, incident, clock)
    put(store, incident, clock, {"kind": "field_set", "field": "impact",
                                 "value": "card payments fail in the EU"})  # fmt: skip
    due = (clock.now() + timedelta(minutes=30)).isoformat()
    t = put(store, incident, clock, {"kind": "task_delegated", "task": "DB pool",
                                     "owner": "priya", "due": due})  # fmt: skip
    put(store, incident, clock, {"kind": "task_status", "target": t.id, "status": "acknowledged"})
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        clock.advance(minutes=15)
        await tick(pilot, screen)
        assert screen.query_one(AttentionBanner).top.rule == "check_in"
        assert "Quiet for 15 min: check in: restate the impact" in screen_text(app)
        assert " C Check-in" in screen_text(app)  # the footer offers it too
        await pilot.press("C")
        bar = screen.query_one(EntryBar)
        await wait_for(pilot, lambda: bar.is_open and "Check-in." in bar.text, "the check-in")
        assert bar.text == (
            "Check-in. Impact: card payments fail in the EU. In progress: fail over (kim, since "
            "14:00, no expected time); DB pool (priya, due 14:30)."
        )  # no severity yet: no update due to name
        await pilot.press("enter")
        await saved(pilot, screen, 8)
        note = events(store, incident, "note")[-1]
        assert note.body.text.startswith("Check-in. Impact: card payments fail in the EU.")
        await tick(pilot, screen)
        assert not screen.query_one(AttentionBanner).due("check_in")


async def test_page_someone_with_their_name_completed(store, clock, incident):
    put(store, incident, clock, {"kind": "note", "text": "ask @bob-dba about the pool"})
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await open_form(pilot, "G")
        await pilot.press(*"bo", "right", "enter", "ctrl+u", *"phone", "enter")  # → completes
        await saved(pilot, screen, 3)
    (page,) = events(store, incident, "person_paged")
    assert (page.body.person, page.body.via, page.author) == ("bob-dba", "phone", "alice")


async def test_late_at_night_s_asks_to_downgrade_or_keep_and_records_it(store, incident):
    from cockpit.core.clock import FakeClock

    clock = FakeClock(datetime(2026, 11, 23, 21, 0, tzinfo=UTC))  # 7h into the incident
    staffed(store, incident, clock)
    put(store, incident, clock, {"kind": "severity_set", "severity": "SEV2", "reason": "EU"})
    clock.set(datetime(2026, 11, 23, 23, 0, tzinfo=UTC))
    put(store, incident, clock, {"kind": "note", "text": "still failing over"})
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await tick(pilot, screen)
        banner = screen.query_one(AttentionBanner)
        assert banner.due("downgrade")
        while banner.top is not None and banner.top.rule != "downgrade":  # the others first
            count = len(screen.session.state.ids)
            await pilot.press("S", "enter", *"later", "enter")
            await saved(pilot, screen, count + 1)
            await tick(pilot, screen)
        assert "S decide" in screen_text(app)
        await open_form(pilot, "S")
        assert "Late at night: downgrade so the team can rest?" in screen_text(app)
        await pilot.press("2", *"customers still fail", "enter")  # keep SEV2
        await wait_for(pilot, lambda: events(store, incident, "decision"), "the decision")
        await saved(pilot, screen, len(store.events(incident)))
        await tick(pilot, screen)
        assert not banner.due("downgrade")
    decision = events(store, incident, "decision")[-1]
    assert decision.body.text == "Keep SEV2 through the night: customers still fail"
    kept = events(store, incident, "nudge_snoozed")[-1]
    assert kept.body.nudge == "downgrade"
    assert kept.body.until == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    assert screen.session.state.severity is Severity.SEV2


async def test_page_offers_the_services_on_call_from_the_catalog(store, clock, incident):
    from cockpit import settings

    folder = settings.user_catalog_dir()
    folder.mkdir(parents=True)
    (folder / "checkout.toml").write_text(
        '[services.checkout]\nowner = "team-payments"\noncall = ["rosa.dba"]\n'
        '[teams.team-payments]\nmembers = ["marek"]\n'
    )
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, lambda: app.catalog, "the catalog, read in the background")
        form = await open_form(pilot, "G")
        assert form.values()["person"] == "rosa.dba"  # the on-call of the incident's service
        assert "On call: rosa.dba." in screen_text(app)
        await pilot.press(*"mar", "right", "enter", "enter")  # a catalog person, completed
        await saved(pilot, screen, 2)
    (page,) = events(store, incident, "person_paged")
    assert (page.body.person, page.body.via) == ("marek", "pager")


async def test_handing_ic_to_someone_on_a_break_asks_first_and_the_briefing_counts_breaks(
    store, clock, incident
):
    staffed(store, incident, clock)
    put(store, incident, clock, {"kind": "person_joined", "person": "bob"})
    clock.advance(minutes=60)
    put(store, incident, clock, {"kind": "break_taken", "person": "alice", "minutes": 15})
    put(store, incident, clock, {"kind": "break_taken", "person": "bob", "minutes": 30})
    clock.advance(minutes=5)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        banner = screen.query_one(AttentionBanner)
        await tick(pilot, screen)
        assert banner.top is not None and banner.top.id == "role_away:ic:alice"
        assert ("The IC, alice, is on a break until 15:15: hand over IC or name a deputy · "
                "h handover") in screen_text(app)  # fmt: skip
        form = await open_form(pilot, "h")
        assert form.values()["note"].startswith(
            "outgoing IC alice: 1h00m on duty (1h05m on the call, 5 min on breaks), 1h05m as IC, "
            "on a break now, back in 9 min; ")  # fmt: skip
        await pilot.press(*"bob", "enter", "enter")
        await wait_for(pilot, lambda: "bob is on a break until 15:30: no IC until they are "
                       "back" in screen_text(app), "the warning")  # fmt: skip
        assert screen.session.state.holders(Role.IC)[0].person == "alice"  # nothing saved yet
        await pilot.press("enter", "enter")  # the same name again: confirmed
        await saved(pilot, screen, 8)
        assert screen.session.state.holders(Role.IC)[0].person == "bob"


async def test_the_list_of_nudges_never_says_nothing_while_an_update_is_overdue(store, clock,
                                                                                incident):  # fmt: skip
    staffed(store, incident, clock)
    put(store, incident, clock, {"kind": "severity_set", "severity": "SEV2", "reason": "EU"})
    clock.advance(minutes=31)
    put(store, incident, clock, {"kind": "note", "text": "still failing over"})
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        assert screen.session.nudges(clock.now()) == []
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: "Needs attention, most urgent first" in screen_text(app),
                       "the list")  # fmt: skip
        text = screen_text(app)
        assert "Nothing needs attention" not in text
        assert "No nudge now, but the update to responders is overdue (u posts one)." in text


async def test_a_snooze_from_the_screen_records_what_it_snoozed_in_words(store, clock, incident):
    staffed(store, incident, clock)
    put(store, incident, clock, {"kind": "task_delegated", "task": "Check DB pool", "owner": "dev"})
    clock.advance(minutes=4)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await tick(pilot, screen)
        await open_form(pilot, "S")
        await pilot.press("enter", *"dev is on the bridge", "enter")
        await saved(pilot, screen, 6)
    (s,) = events(store, incident, "nudge_snoozed")
    assert s.body.what == "dev has not acknowledged: Check DB pool"
    assert s.body.describe(tz=UTC).startswith(
        'Snoozed "dev has not acknowledged: Check DB pool" until '
    )
