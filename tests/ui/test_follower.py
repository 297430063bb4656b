"""A follower's cockpit (`cockpit watch`, and each browser of `cockpit web`): every pane live,
search and filters at hand, and no way to write: every writing key is absent (footer, palette,
F1, the panes' own keys), and a write that slips past the keys is refused on the save path,
by the writer and by the file itself. Nothing of the host leaks to it: no draft, no theme
written to the config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cockpit import settings
from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.store import Store
from cockpit.store.errors import ReadOnly
from cockpit.store.read_only import REFUSAL, ReadOnlyStore
from cockpit.tui import keymap
from cockpit.tui.commands import CockpitCommands
from cockpit.tui.screens.common_ground import CommonGroundScreen
from cockpit.tui.watching import Watching
from cockpit.tui.widgets.checklist_pane import ChecklistPane
from cockpit.tui.widgets.entry_bar import EntryBar
from cockpit.tui.widgets.key_hints import KeyHints
from cockpit.tui.widgets.timeline_view import TimelineView
from tests.ui.conftest import DEMO_ID
from tests.ui.helpers import loaded, make_app, screen_text, wait_for

# The panes' own keys that write, beside the keymap's: a checklist tick, the common ground's
# confirm / rule out / answer (the selected entry's edit, redact and pin are keymap ids).
PANE_WRITING_IDS = {"tick", "cg_confirm", "cg_rule_out", "cg_answer"}
WRITING_IDS = {a.id for a in keymap.ACTIONS if a.writes} | PANE_WRITING_IDS
READING_IDS = {a.id for a in keymap.ACTIONS if not a.writes}


@pytest.fixture
def follower(store: Store, demo: str, clock: FakeClock, db_path: Path):
    """The demo incident, and a follower's app on the same file (opened read-only)."""
    watched = ReadOnlyStore.open(db_path)
    yield make_app(watched, clock, demo, watching=Watching())
    watched.close()


def shown_ids(screen) -> set[str]:
    return {b.binding.id or b.binding.action for b in screen.active_bindings.values()}


def events_in(db_path: Path) -> int:
    with Store.open(db_path) as s:
        return s.count(DEMO_ID)


async def test_every_writing_key_is_absent_for_a_follower(follower, db_path):
    before = events_in(db_path)
    async with follower.run_test(size=(140, 45)) as pilot:
        screen = await loaded(pilot)
        text = screen_text(follower)
        assert "WATCHING" in text and "you:" not in text
        assert "follows the file, read-only" in text

        ids = shown_ids(screen)
        assert not ids & WRITING_IDS, ids & WRITING_IDS
        assert {"search", "filter", "common_ground", "help", "times", "jump"} <= ids

        footer = screen.query_one(KeyHints)
        labels = footer.render().plain
        for writing in ("Note", "Decision", "Severity", "Assign", "Mitigate", "Update"):
            assert f" {writing} " not in labels, labels
        assert "Search" in labels or "Help" in labels

        # The palette offers only what reads: no action that writes, no checklist tick.
        offered = {c.title for c in CockpitCommands(screen).commands()}
        assert offered, "the palette offers nothing at all"
        helps = {a.title: a for a in keymap.ACTIONS}
        assert all(not helps[t].writes for t in offered if t in helps), offered
        assert not [t for t in offered if t.startswith(("Tick", "Untick"))]

        # A selected entry: history is there, edit / redact / pin are not.
        await pilot.press("up")
        await wait_for(pilot, lambda: screen.timeline_view.selected is not None, "a selection")
        ids = shown_ids(screen)
        assert "history" in ids and not ids & WRITING_IDS, ids & WRITING_IDS

        # The checklist: the other lists, but no tick.
        await pilot.press("escape", "c")
        await wait_for(pilot, lambda: follower.focused is screen.query_one(ChecklistPane))
        ids = shown_ids(screen)
        assert "checklist_next" in ids and "tick" not in ids
        await pilot.press("space", "enter")

        # Every writing key of the keymap, pressed: nothing opens, nothing is saved.
        await pilot.press("l")
        for key in ("n", "d", "e", "w", "y", "q", "s", "I", "p", "a", "h", "x", "m", "o", "u",
                    "t", "k", "X", "E", "i", "up", "R", "P"):  # fmt: skip
            await pilot.press(key)
            await pilot.pause()
            assert follower.screen is screen, f"{key!r} opened {follower.screen!r}"
        assert not screen.query_one(EntryBar).input.has_focus

        # The common ground: the list to read, without confirm, rule out or answer.
        await pilot.press("escape", "g")
        await wait_for(pilot, lambda: isinstance(follower.screen, CommonGroundScreen))
        cg = follower.screen
        ids = shown_ids(cg)
        assert "cg_close" in ids and not ids & PANE_WRITING_IDS
        await pilot.press("down", "c", "r", "a", "enter")
        await pilot.pause()
        assert follower.screen is cg
        await pilot.press("escape")

        # F1 lists what a follower may do, and nothing that writes.
        await pilot.press("f1")
        await pilot.pause()
        helptext = screen_text(follower)
        assert "watching, read-only" in helptext and "Search the timeline" in helptext
        assert "Record a note" not in helptext and "Change the severity" not in helptext
        assert "tick or untick" not in helptext
    assert events_in(db_path) == before


async def test_a_write_that_slips_past_the_keys_is_refused(follower, db_path, clock):
    before = events_in(db_path)
    async with follower.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        # the save path refuses before an event is made
        screen.save({"kind": "note", "text": "typed by a follower"})
        screen.post_message(ChecklistPane.Toggled(screen.query_one(ChecklistPane).checklist,
                                                  "Declare the incident"))  # fmt: skip
        await wait_for(pilot, lambda: screen.refused_writes == 2, "both writes refused")
        assert REFUSAL in follower.said
        # the writer behind it refuses too, and says so
        event = new_event(DEMO_ID, "alice", {"kind": "note", "text": "past the screen"}, clock)
        said = len(follower.said)
        follower.writer.submit(event, screen)
        await wait_for(pilot, lambda: len(follower.said) > said, "the writer's refusal")
        assert REFUSAL in follower.said[-1]
        # and the file itself: read-only, every write refused with a line that says why
        with pytest.raises(ReadOnly, match="watching"):
            screen.session.store.append(event)
        with pytest.raises(ReadOnly):
            screen.session.store.save_draft(DEMO_ID, "entry", "x", clock.now())
        assert "typed by a follower" not in [r.text for r in screen.session.timeline]
    assert events_in(db_path) == before


async def test_a_change_in_the_file_shows_at_the_next_poll(follower, db_path, clock):
    writer = Store.open(db_path)  # the IC's terminal, writing the same file
    try:
        async with follower.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            countdown = screen_text(follower)
            clock.advance(minutes=3)
            writer.append(new_event(DEMO_ID, "ic", {"kind": "note", "text": "failover done"},
                                    clock))  # fmt: skip
            screen.poll()  # what the poll timer calls
            await wait_for(pilot, lambda: "failover done" in screen_text(follower), "the note")
            screen.tick()  # the countdown follows the (fake) clock
            await pilot.pause()
            assert screen_text(follower) != countdown
            assert screen.query_one(TimelineView).border_title.startswith("Timeline (")
    finally:
        writer.close()


async def test_nothing_of_the_host_leaks_to_a_follower(store, demo, clock, db_path):
    store.save_draft(DEMO_ID, "entry", '{"kind": "note", "text": "unsent: blame bob"}', clock.now())
    watched = ReadOnlyStore.open(db_path)
    app = make_app(watched, clock, demo, watching=Watching())
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "blame bob" not in screen_text(app)
            assert screen.query_one(EntryBar).text == ""
            app.theme = "cockpit-light"  # the palette's theme switch
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert not settings.config_path().exists()  # nothing remembered, nothing written
    finally:
        watched.close()


async def test_the_same_screen_writes_when_not_watching(store, demo, clock, db_path):
    """The control: without `watching`, the same keys and the same save path write."""
    before = events_in(db_path)
    app = make_app(store, clock, demo)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await loaded(pilot)
        assert {"note", "severity", "assign"} <= shown_ids(screen)
        assert "WATCHING" not in screen_text(app)
        screen.save({"kind": "note", "text": "typed by the IC"})
        await wait_for(pilot, lambda: events_in(db_path) == before + 1, "the note saved")
