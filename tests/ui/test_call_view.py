"""The call view (V): the main screen laid out to share on a video call. It switches on and
back, mounts only when first asked for, stays live (a poll, a save, the tick), keeps every key
(a note typed in it is saved and shows), says OVERDUE in words, wraps long facts whole, and a
follower has it too."""

from __future__ import annotations

from pathlib import Path

from cockpit.core.compose import new_event
from cockpit.store import Store
from cockpit.store.read_only import ReadOnlyStore
from cockpit.tui.commands import CockpitCommands
from cockpit.tui.screens.call_actions import CALL
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.screens.help import HelpScreen
from cockpit.tui.watching import Watching
from cockpit.tui.widgets.call_countdown import WIDTH, digits_value
from cockpit.tui.widgets.call_view import CallView
from cockpit.tui.widgets.key_hints import KeyHints
from cockpit.tui.widgets.search_bar import SearchBar
from cockpit.tui.widgets.timeline_view import TimelineView
from tests.ui.conftest import DEMO_ID
from tests.ui.helpers import loaded, make_app, saved, screen_text, wait_for

LONG = ("Keep eu-central drained until the PSP confirms in writing that the intermediate "
        "certificate rotation is complete on every endpoint, then re-enable it region by "
        "region with a five minute soak between each and the rollback runbook open")  # fmt: skip


def call_text(app) -> str:
    """The screen as text, with wrapped lines joined back (to find a sentence whole)."""
    return " ".join(" ".join(screen_text(app).split()).split())


async def test_v_switches_to_the_call_view_and_back(store, clock, demo):
    app = make_app(store, clock, demo, remember_theme=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await loaded(pilot)
        assert not screen.query(CallView), "mounted before it was asked for (first frame)"
        await pilot.press("V")
        await wait_for(pilot, lambda: screen.call_view is not None and screen.call_view.ready)
        await pilot.pause()
        assert screen.has_class(CALL)
        assert not screen.query_one("#body").display and screen.query_one(CallView).display
        text = screen_text(app)
        for fact in (
            "MITIGATING",
            "CRITICAL",
            "Fail over payments to eu-west",
            "for 23m",
            "Next update",
            "Last decisions",
            "Open questions (6)",
            "Latest",
        ):
            assert fact in text, fact
        assert screen.focused is screen.call_view.facts  # the timeline is out of sight
        assert "V Call view" in screen.query_one(KeyHints).render().plain  # the way back
        await pilot.press("V")
        await pilot.pause()
        assert not screen.has_class(CALL)
        assert screen.query_one("#body").display and not screen.query_one(CallView).display
        assert isinstance(screen.focused, TimelineView)
        assert "Last decisions" not in screen_text(app)
        await pilot.press("V")  # and again: the same widgets, shown again
        await pilot.pause()
        assert screen.has_class(CALL) and len(screen.query(CallView)) == 1


async def test_the_call_view_follows_the_file_at_the_next_poll(store, clock, demo, db_path):
    app = make_app(store, clock, demo, remember_theme=False)
    other = Store.open(db_path)  # another terminal writing the same file
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await loaded(pilot)
            await pilot.press("V")
            await wait_for(pilot, lambda: screen.call_view is not None and screen.call_view.ready)
            clock.advance(minutes=1)
            other.append(new_event(DEMO_ID, "priya", {"kind": "decision",
                                   "text": "Retry the failed payments tonight"}, clock))  # fmt: skip
            other.append(new_event(DEMO_ID, "priya", {"kind": "mitigation_started",
                                   "what": "Drain eu-central", "by": "priya",
                                   "override": "both at once"}, clock))  # fmt: skip
            screen.poll()  # what the half-second timer does
            await wait_for(pilot, lambda: "Retry the failed payments tonight" in call_text(app),
                           "the decision in the call view")  # fmt: skip
            text = call_text(app)
            assert "Drain eu-central" in text  # the mitigation in flight, now this one
            assert screen.has_class(CALL)
            before = screen.call_view.countdown.digits.value
            clock.advance(seconds=30)
            screen.tick()  # the countdown follows the (fake) clock each second
            assert screen.call_view.countdown.digits.value != before
    finally:
        other.close()


async def test_a_note_typed_in_the_call_view_is_saved_and_shows(store, clock, demo):
    app = make_app(store, clock, demo, remember_theme=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await loaded(pilot)
        count = len(screen.session.state.ids)
        await pilot.press("V")
        await wait_for(pilot, lambda: screen.call_view is not None and screen.call_view.ready)
        await pilot.press("n", *"PSP on the bridge now", "enter")
        await saved(pilot, screen, count + 1)
        await wait_for(pilot, lambda: "PSP on the bridge now" in screen_text(app), "the note")
        assert screen.has_class(CALL)  # still in the call view
        await pilot.press("escape")  # the bar closes: the keys go to the call view, not to
        await pilot.pause()  # the timeline out of sight
        assert screen.has_class(CALL) and screen.focused is screen.call_view.facts
        await pilot.press("d", *"Page the PSP account manager", "enter")
        await saved(pilot, screen, count + 2)
        await wait_for(pilot, lambda: "Page the PSP account manager" in call_text(app))
    kinds = [
        (e.kind, e.body.text) for e in store.events(DEMO_ID) if e.kind in ("note", "decision")
    ][-2:]
    assert kinds == [
        ("note", "PSP on the bridge now"),
        ("decision", "Page the PSP account manager"),
    ]


async def test_overdue_says_so_in_words_not_only_colour(store, clock, demo):
    app = make_app(store, clock, demo, remember_theme=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("V")
        await wait_for(pilot, lambda: screen.call_view is not None and screen.call_view.ready)
        assert "OVERDUE" not in screen_text(app)
        clock.advance(minutes=5)  # the responders' update was due at 14:02
        screen.tick()
        await pilot.pause()
        text = screen_text(app)
        assert "▲ OVERDUE — responders, due at 14:02" in text
        assert "press u" in text
        assert screen.call_view.countdown.has_class("-overdue")
        assert screen.call_view.countdown.digits.value.strip() == "+3:00"


def test_the_digits_keep_their_width_as_they_count(clock):
    """A repaint each second, never a layout: the value never changes length."""
    from cockpit.core.cadence import UpdateClock

    start = clock.now()
    due = UpdateClock(due=start.replace(hour=15), last=None, cadence_minutes=60)
    values = {digits_value(due, start.replace(minute=m, second=s))
              for m in (0, 5, 50, 59) for s in (0, 9, 59)}  # fmt: skip
    values |= {digits_value(due, start.replace(hour=16, minute=m)) for m in (0, 30)}  # overdue
    values.add(digits_value(UpdateClock(due=None, last=None, cadence_minutes=None), start))
    assert {len(v) for v in values} == {WIDTH}, values


async def test_long_facts_wrap_whole_never_cut(store, clock, demo):
    app = make_app(store, clock, demo, remember_theme=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await loaded(pilot)
        count = len(screen.session.state.ids)
        await pilot.press("V")
        await wait_for(pilot, lambda: screen.call_view is not None and screen.call_view.ready)
        # Arriving while shown: three decisions before, three after (as many lines), but the
        # new one needs more rows: the pane grows to show each.
        screen.save({"kind": "decision", "text": LONG})
        await saved(pilot, screen, count + 1)
        await pilot.pause()
        decisions = screen.call_view.decisions
        shown = decisions.render()
        assert LONG in " ".join(shown.plain.split())
        rows = shown.wrap(app.console, decisions.content_size.width)
        assert len(rows) > 3 and decisions.content_size.height >= len(rows)  # each row shown
        assert "…" not in shown.plain
        # A long mitigation, too: the one in flight, whole.
        what = "Shift " + LONG.lower()
        screen.save({"kind": "mitigation_started", "what": what, "by": "kim",
                     "override": "the failover stays while we shift"})  # fmt: skip
        await saved(pilot, screen, count + 2)
        pane = screen.call_view.mitigation
        await wait_for(pilot, lambda: what in " ".join(pane.render().plain.split()), "it whole")
        await pilot.pause()
        rows = pane.render().wrap(app.console, pane.content_size.width)
        assert pane.content_size.height >= len(rows) > 3


async def test_keys_for_the_full_view_bring_it_back_and_forms_keep_the_call_view(
        store, clock, demo):  # fmt: skip
    app = make_app(store, clock, demo, remember_theme=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("V")
        await wait_for(pilot, lambda: screen.call_view is not None and screen.call_view.ready)
        await pilot.press("s")  # a form over the call view: Esc comes back to it
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the severity form")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "the main screen again")
        await pilot.pause()
        assert screen.has_class(CALL), screen.focused
        await pilot.press("slash")  # search works on the timeline: the full view comes back
        await pilot.pause()
        assert not screen.has_class(CALL)
        assert screen.query_one(SearchBar).has_class("-open")
        await pilot.press("escape", "V", "l")  # and going to the timeline does too
        await pilot.pause()
        assert not screen.has_class(CALL) and isinstance(screen.focused, TimelineView)


async def test_a_follower_has_the_call_view(store, demo, clock, db_path: Path):
    watched = ReadOnlyStore.open(db_path)
    app = make_app(watched, clock, demo, watching=Watching())
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            assert "Call view" in screen.query_one(KeyHints).render().plain
            await pilot.press("V")
            await wait_for(pilot, lambda: screen.call_view is not None and screen.call_view.ready)
            await pilot.pause()
            assert screen.has_class(CALL)
            text = screen_text(app)
            assert "WATCHING" in text and "MITIGATING" in text
            assert "(a assigns)" not in text and "press u" not in text  # no writing key offered
            await pilot.press("V")
            await pilot.pause()
            assert not screen.has_class(CALL)
    finally:
        watched.close()


async def test_the_footer_palette_and_help_list_v(store, clock, demo):
    app = make_app(store, clock, demo, remember_theme=False)
    async with app.run_test(size=(160, 90)) as pilot:  # tall: F1's whole table in view
        screen = await loaded(pilot)
        assert "V Call view" in screen.query_one(KeyHints).render().plain
        offered = {c.title for c in CockpitCommands(screen).commands()}
        assert any(t.startswith("The call view") for t in offered), offered
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        assert "The call view, to share on a video call" in screen_text(app)
