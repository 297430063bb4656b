"""The Incident Commander's workflows, driven from the keyboard on a real file."""

from __future__ import annotations

from datetime import timedelta

from cockpit.core.vocabulary import Outcome, Role, Severity, TaskStatus
from cockpit.store import Store
from cockpit.tui.screens.composer import ComposerScreen
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.widgets.attention_banner import AttentionBanner
from cockpit.tui.widgets.entry_bar import EntryBar
from cockpit.tui.widgets.update_countdown import UpdateCountdown
from tests.conftest import make
from tests.ui.helpers import (
    loaded,
    make_app,
    open_form,
    saved,
    screen_text,
    send_keys,
    wait_for,
)


async def post_update(pilot, text: str) -> None:
    """`u`, the text, posted (ctrl+s twice: a text of one's own says no next time)."""
    app = pilot.app
    await pilot.press("u")
    await wait_for(pilot, lambda: isinstance(app.screen, ComposerScreen), "the composer")
    app.screen.text_area.load_text(text)
    await pilot.pause()
    await pilot.press("ctrl+s", "ctrl+s")


def stored(store: Store, incident: str, kind: str) -> list:
    return [e for e in store.events(incident) if e.kind == kind]


def fill_roles(store: Store, incident: str, clock) -> None:
    """An IC and a scribe: an empty role is the most urgent nudge, and would be shown first."""
    for role, person in (("ic", "alice"), ("scribe", "sam")):
        store.append(make(incident, "alice", {"kind": "role_assigned", "role": role,
                                              "person": person}, clock))  # fmt: skip


def break_writes(screen, db_path) -> None:
    """Every write of the screen's writer fails from now on (a closed connection)."""
    broken = Store.open(db_path)
    broken.close()
    screen.writer.store = broken


async def test_assign_ic_then_hand_over_with_a_briefing(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        assert "empty" in screen_text(app)  # IC and scribe are empty and say so
        await pilot.press("a", "1", *"bob", "enter", "enter")  # role IC, bob, no note
        await saved(pilot, screen, 2)
        assert screen.session.state.holders(Role.IC)[0].person == "bob"
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the handover form")
        assert "Current IC: bob" in screen_text(app)
        await pilot.press(*"carol", "enter", "enter")  # the briefing is prefilled
        await saved(pilot, screen, 3)
        assert screen.session.state.holders(Role.IC)[0].person == "carol"
    handover = stored(store, incident, "role_assigned")[-1]
    assert handover.body.person == "carol"
    assert "nothing in flight" in handover.body.note  # the prefilled briefing was recorded


async def test_handover_to_the_same_ic_is_refused(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("a", "1", *"bob", "enter", "enter")
        await saved(pilot, screen, 2)
        await pilot.press("h", *"bob", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form again")
        # the reason stays in the form, where the eyes are (a toast is gone in 5 s)
        await wait_for(pilot, lambda: "bob is already IC" in screen_text(app), "the reason")
        assert len(store.events(incident)) == 2


async def test_severity_in_one_key_with_a_reason(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("s", "1", *"all payments failing", "enter")
        await saved(pilot, screen, 2)
        assert screen.session.state.severity is Severity.SEV1
        assert " SEV1 " in screen_text(app)
    (e,) = stored(store, incident, "severity_set")
    assert e.body.reason == "all payments failing"


async def test_severity_needs_a_reason(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("s", "2", "enter", "enter")  # the first Enter confirms the 2
        assert "Reason: needed" in screen_text(app)
    assert stored(store, incident, "severity_set") == []


async def test_one_mitigation_at_a_time_then_override_then_outcome(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("m", *"roll back 4812", "enter", "enter")  # by: alice (prefilled)
        await saved(pilot, screen, 2)
        assert "roll back 4812" in screen_text(app)
        await pilot.press("m")  # a second one is blocked: outcome first, or override
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the blocking question")
        assert "One mitigating action at a time" in screen_text(app)
        await pilot.press("3")  # cancel
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), "the form to close")
        assert len(screen.session.state.mitigations_in_flight()) == 1
        await pilot.press("m", "2")  # override
        await pilot.press(*"fail over", "enter", "enter", *"rollback too slow", "enter")
        await saved(pilot, screen, 3)
        assert len(screen.session.state.mitigations_in_flight()) == 2
        await pilot.press("o", "2", "1", *"errors down", "enter")  # the newest one: worked
        await saved(pilot, screen, 4)
        (left,) = screen.session.state.mitigations_in_flight()
        assert left.what == "roll back 4812"
    started = stored(store, incident, "mitigation_started")
    assert [m.body.override for m in started] == ["", "rollback too slow"]
    (outcome,) = stored(store, incident, "mitigation_outcome")
    assert outcome.body.outcome is Outcome.WORKED and outcome.body.mitigation == started[1].id


async def test_outcome_first_from_the_blocking_question(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("m", *"restart pods", "enter", "enter")
        await saved(pilot, screen, 2)
        await pilot.press("m", "1", "3", "enter", "enter")  # outcome first: no effect
        await saved(pilot, screen, 3)
        assert screen.session.state.mitigations_in_flight() == []
        # and straight on to the next one, which is what m was pressed for
        await wait_for(pilot, lambda: "Start a mitigating action" in screen_text(app), "form")
        await pilot.press(*"fail over to eu-west", "enter", "enter")
        await saved(pilot, screen, 4)
        (flying,) = screen.session.state.mitigations_in_flight()
        assert flying.what == "fail over to eu-west" and not flying.override


async def test_overdue_alarm_rings_once_and_an_update_resets_the_countdown(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("s", "2", *"checkout broken", "enter")  # SEV2: every 30 minutes
        await saved(pilot, screen, 2)
        countdown = screen.query_one(UpdateCountdown)
        assert not countdown.overdue and "in 30:00" in screen_text(app)
        clock.advance(minutes=31)
        screen.tick()
        await pilot.pause()
        assert countdown.overdue and countdown.has_class("-overdue")
        assert "OVERDUE" in screen_text(app)
        screen.tick()
        assert screen.bells == 1  # the bell rings once, not every second
        await post_update(pilot, "still investigating")
        await saved(pilot, screen, 3)
        assert not countdown.overdue
        assert screen.session.update_clock().remaining(clock.now()) == timedelta(minutes=30)
    (update,) = stored(store, incident, "status_update")
    assert update.body.next_in_minutes == 30


async def test_tick_a_checklist_item(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        assert "☐ Customer impact known" in screen_text(app)
        await pilot.press("c", "down", "space")
        await saved(pilot, screen, 2)
        assert screen.session.state.checked("intake", "Blast radius known")
        assert "☑ Blast radius known" in screen_text(app)
        await pilot.press("space")  # untick
        await saved(pilot, screen, 3)
        assert not screen.session.state.checked("intake", "Blast radius known")


async def test_the_checklist_shows_what_the_record_already_says(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("I", "enter", "enter", *"EU card payments fail", "ctrl+s")
        await saved(pilot, screen, 2)
        text = screen_text(app)
        assert "Checklist: Intake 2/5" in text  # impact and blast radius: one intake answer
        assert "☑ Customer impact known" in text and "☐ When it started known" in text
        await pilot.press("c", "space")  # ticking it changes nothing: it says so, writes nothing
        await wait_for(pilot, lambda: [m for m in app.said if "done already" in m],
                       "why nothing changed")  # fmt: skip
        await pilot.pause()
        assert len(store.events(incident)) == 2


async def test_space_twice_at_once_ticks_and_unticks_without_a_conflict(store, clock, incident):
    """The second press comes before the first is saved: it sees that write all the same."""
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("c", "down")
        send_keys(app, "  ")  # both queued at once, as a fast double press
        await saved(pilot, screen, 3)
        assert not screen.session.state.checked("intake", "Blast radius known")
        assert not screen.session.state.conflicts()
        assert not screen.session.pending
    first, second = stored(store, incident, "checklist_item")
    assert (first.body.checked, second.body.checked) == (True, False)
    assert first.id in second.prev  # the untick saw the tick


async def test_a_users_own_checklist_is_one_arrow_away_and_tickable(store, clock, incident):
    from cockpit import settings

    folder = settings.user_checklists_dir()
    folder.mkdir(parents=True)
    (folder / "high-cpu-api.toml").write_text(
        'title = "High CPU on API server"\nitems = ["Check top processes", "Scale out"]\n'
    )
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("c", "left")  # from the phase's list (intake) back to the last: ours
        await pilot.pause()
        assert "High CPU on API server" in screen_text(app)
        await pilot.press("down", "space")
        await saved(pilot, screen, 2)
        assert screen.session.state.checked("high-cpu-api", "Scale out")
        await pilot.press("right")  # round to the first built-in list
        await pilot.pause()
        assert "Checklist: Intake" in screen_text(app)


async def test_unacknowledged_task_stands_out_until_acked(store, clock, incident):
    fill_roles(store, incident, clock)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        banner = screen.query_one(AttentionBanner)
        await pilot.press("t", *"check the pool", "enter", *"dev", "enter", "enter", "enter")
        await saved(pilot, screen, 4)
        screen.tick()
        assert not banner.unacked  # just delegated: give them a moment
        clock.advance(minutes=4)
        screen.tick()
        await pilot.pause()
        assert banner.unacked and banner.display
        assert "Not acknowledged" in screen_text(app) and "dev: check the pool" in screen_text(app)
        await pilot.press("k", "1", "1", "enter", "enter")
        await saved(pilot, screen, 5)
        screen.tick()
        assert not banner.unacked
        (task,) = screen.session.state.open_tasks()
        assert task.status is TaskStatus.ACKNOWLEDGED


async def test_idle_banner_when_nothing_is_in_progress(store, clock, incident):
    fill_roles(store, incident, clock)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        banner = screen.query_one(AttentionBanner)
        screen.tick()
        assert not banner.idle
        clock.advance(minutes=6)
        screen.tick()
        await pilot.pause()
        assert (
            banner.idle
            and "Nothing in progress for 6 min: no mitigation in flight, no acknowledged task"
            in screen_text(app)
        )
        await pilot.press("m", *"scale up", "enter", "enter")
        await saved(pilot, screen, 4)
        screen.tick()
        assert not banner.idle


async def test_entry_bar_saves_clears_and_stays_open(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        bar = screen.query_one(EntryBar)
        await pilot.press("n", *"first note", "enter", *"second", "enter")
        await saved(pilot, screen, 3)
        assert bar.is_open and bar.input.value == ""
        await pilot.press("ctrl+o", *"-5m ship it", "enter")  # kind switched to decision
        await saved(pilot, screen, 4)
        assert "first note" in screen_text(app) and "ship it" in screen_text(app)
        await pilot.press("escape")
        assert not bar.is_open
    entries = [e for e in store.events(incident) if e.kind in ("note", "decision")]
    assert [(e.kind, e.body.text) for e in entries] == [
        ("note", "first note"), ("note", "second"), ("decision", "ship it")
    ]  # fmt: skip
    decision = next(e for e in entries if e.kind == "decision")
    assert decision.at == clock.now() - timedelta(minutes=5)


async def test_failed_save_keeps_the_text(store, clock, incident, db_path):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        break_writes(screen, db_path)
        bar = screen.query_one(EntryBar)
        await pilot.press("n", *"do not lose me", "enter")
        await wait_for(pilot, lambda: bar.input.value == "do not lose me", "the text to come back")
        assert "not saved" in screen_text(app)
        screen.writer.store = store
        await pilot.press("enter")
        await saved(pilot, screen, 2)
        assert bar.input.value == ""
    assert stored(store, incident, "note")[0].body.text == "do not lose me"


async def test_a_reason_typed_right_after_picking_a_severity_keeps_every_key(
    store, clock, incident
):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the severity form")
        send_keys(app, "1all payments failing\n")  # a pick and a reason, no pause between
        await saved(pilot, screen, 2)
    (sev,) = stored(store, incident, "severity_set")
    assert (sev.body.severity, sev.body.reason) == (Severity.SEV1, "all payments failing")


async def test_typing_over_a_filled_in_field_replaces_it(store, clock, incident):
    app = make_app(store, clock)  # the author is alice; "by" starts filled in with her name
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("m", *"restart payment pods", "enter", *"kim", "enter")
        await saved(pilot, screen, 2)
    (m,) = stored(store, incident, "mitigation_started")
    assert (m.body.what, m.body.by) == ("restart payment pods", "kim")


async def test_intake_answers_are_kept_and_only_changes_are_recorded(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await open_form(pilot, "I")
        assert "Checkout API errors" in screen_text(app)  # what is known is filled in
        await pilot.press("enter", "enter")  # title and summary as they are
        await pilot.press(*"EU card payments fail", "enter", *"13:52", "enter", "enter", "enter")
        await pilot.press("enter")  # service: checkout, as declared
        await saved(pilot, screen, 3)
        state = screen.session.state
        assert (state.field("impact"), state.field("started")) == ("EU card payments fail", "13:52")
        assert state.field("service") == "checkout"
        await open_form(pilot, "I")
        assert "EU card payments fail" in screen_text(app)
        await pilot.press("ctrl+s")  # nothing changed: nothing recorded
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), "the form to go")
    fields = [(e.body.field, e.body.value()) for e in stored(store, incident, "field_set")]
    assert fields == [("impact", "EU card payments fail"), ("started", "13:52")]


async def test_a_form_whose_saves_fail_comes_back_once_with_the_reason(store, clock, incident,
                                                                       db_path):  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        break_writes(screen, db_path)
        await pilot.press("I", "enter", "enter", *"EU card payments", "enter", *"13:52", "enter")
        await pilot.press("ctrl+s")  # two changes, two failed saves
        await wait_for(pilot, lambda: "not saved" in screen_text(app), "the reason in the form")
        assert len(app.screen_stack) == 3  # the main screen's, and the form once
        assert "EU card payments" in screen_text(app)
        screen.writer.store = store
        await pilot.press("ctrl+s")
        await saved(pilot, screen, 3)
    assert len(stored(store, incident, "field_set")) == 2


async def test_keys_typed_right_behind_an_enter_land_in_the_next_field(store, clock, demo):
    # The app hands each key to the field focused when it reads the key: a burst (a fast
    # typist, tmux, a script) used to put everything in the first field, Enter after Enter.
    app = make_app(store, clock, incident=demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        before = screen.session.state
        title, summary = before.field("title"), before.field("summary")
        await open_form(pilot, "I")
        send_keys(app, "\n\nEU only\n07:26\n\n\n\n")  # no pause anywhere
        await wait_for(pilot, lambda: screen.session.state.field("started") == "07:26", "saved")
        state = screen.session.state
        assert (state.field("impact"), state.field("title")) == ("EU only", title)
        assert state.field("summary") == summary


async def test_brackets_typed_anywhere_show_as_typed(store, clock, incident):
    # Textual reads `[...]` in a label as markup: `[/]` raised, `[b]` vanished.
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("j", *"[/]", "enter")  # not a time: the form says so, quoting it
        await wait_for(pilot, lambda: "'[/]'" in screen_text(app), "the reason, as typed")
        await pilot.press("escape")
        await pilot.press("a", "1", *"[b]kim", "enter", "enter")
        await saved(pilot, screen, 2)
        assert "[b]kim" in screen_text(app)  # on the role board
        await pilot.press("h", *"[b]kim", "enter", "enter")  # already IC
        await wait_for(pilot, lambda: "[b]kim is already IC" in screen_text(app), "the reason")


async def test_a_bad_value_brings_the_form_back_in_that_field(store, clock, incident):
    # The form came back in its first field with its text selected: typing the fix replaced
    # the whole task.
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("t", *"check the replicas", "enter", *"dev", "enter")
        await pilot.press("ctrl+a", "ctrl+k", *"soon", "enter", "enter")  # due "soon"; no report
        await wait_for(pilot, lambda: "type a whole number" in screen_text(app), "the reason")
        assert app.screen.focused.id == "field-due"
        await pilot.press(*"15", "enter", "enter")
        await saved(pilot, screen, 2)
    (t,) = stored(store, incident, "task_delegated")
    assert (t.body.task, t.body.owner) == ("check the replicas", "dev")
    assert t.body.due == t.at + timedelta(minutes=15)


async def test_a_second_enter_on_a_forms_last_field_does_not_close_the_screen(
    store, clock, incident
):
    # Each Enter queued a submit: the second dismissed again and popped the main screen.
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await open_form(pilot, "m")
        send_keys(app, "restart pods\n\n\n")
        await saved(pilot, screen, 2)
        await pilot.pause()
        assert app.screen is screen


async def test_an_outcome_that_fails_to_save_does_not_go_on_to_the_next_start(
    store, clock, incident, db_path
):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("m", *"restart pods", "enter", "enter")
        await saved(pilot, screen, 2)
        break_writes(screen, db_path)
        await pilot.press("m", "1", "3", "enter", "enter")  # outcome first: no effect, not saved
        await wait_for(pilot, lambda: "not saved" in screen_text(app), "the outcome form back")
        assert "Outcome of: restart pods" in screen_text(app)
        assert "Start a mitigating action" not in screen_text(app)
        assert len(app.screen_stack) == 3  # main, and the outcome form once
