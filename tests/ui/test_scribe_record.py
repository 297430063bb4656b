"""Correcting the record (edit, redact, history) and common ground (settle hypotheses and
questions), from the keyboard on a real file."""

from __future__ import annotations

from textual.widgets import TextArea

from cockpit.core.vocabulary import Resolution
from cockpit.tui.screens.common_ground import CommonGroundScreen
from cockpit.tui.screens.edit_entry import EditScreen
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.screens.history import HistoryScreen
from cockpit.tui.screens.main import MainScreen
from cockpit.tui.widgets.timeline_view import TimelineView
from tests.ui.helpers import loaded, make_app, saved, screen_text, wait_for


async def test_edit_the_last_entry_keeps_the_original_in_history(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("n", *"pool 45", "enter", "escape")
        await saved(pilot, screen, 2)
        await pilot.press("E")  # nothing selected: your last entry
        await wait_for(pilot, lambda: isinstance(app.screen, EditScreen), "the edit screen")
        area = app.screen.query_one(TextArea)
        assert area.text == "pool 45"
        area.text = "pool 48"
        await pilot.press("ctrl+s")
        await saved(pilot, screen, 3)
        text = screen_text(app)
        assert "pool 48  (edited)" in text and "pool 45" not in text
        await pilot.press("up", "v")  # select it, then its history
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen), "the history")
        text = screen_text(app)
        assert "wrote (note): pool 45" in text
        assert "edited it: pool 48" in text
    (note,) = [e for e in store.events(incident) if e.kind == "note"]
    (edit,) = [e for e in store.events(incident) if e.kind == "entry_edited"]
    assert note.body.text == "pool 45"  # the log keeps the original
    assert (edit.body.target, edit.body.text) == (note.id, "pool 48")


async def test_redact_after_confirming_hides_the_text_but_not_the_fact(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("e", *"pw=hunter2", "enter", "escape")
        await saved(pilot, screen, 2)
        tl = screen.query_one(TimelineView)
        await pilot.press("R")  # nothing selected: not offered
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        await pilot.press("up")
        assert tl.selected_row is not None and tl.selected_row.kind == "evidence"
        assert "R Redact" in screen_text(app)  # the footer shows what applies to a selection
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the confirmation")
        assert "Redact this entry?" in screen_text(app)
        await pilot.press("escape")  # cancelled: nothing recorded
        await pilot.press("R", *"secret", "enter")
        await saved(pilot, screen, 3)
        text = screen_text(app)
        assert "hunter2" not in text
        assert "█ redacted by alice at 2026-11-23 14:00" in text
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen), "the history")
        text = screen_text(app)
        assert "redacted it: secret" in text and "hunter2" not in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        await pilot.press("E")  # a redacted entry stays redacted
        await pilot.pause()
        assert not isinstance(app.screen, EditScreen)
    kinds = [e.kind for e in store.events(incident)]
    assert kinds == ["incident_declared", "evidence", "entry_redacted"]


async def test_common_ground_confirm_rule_out_answer(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("y", *"TLS broke", "enter")
        clock.advance(1)
        await pilot.press("escape", "y", *"PSP down", "enter")
        clock.advance(1)
        await pilot.press("escape", "q", *"certs rotated?", "enter", "escape")
        await saved(pilot, screen, 4)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, CommonGroundScreen), "the view")
        text = screen_text(app)
        assert "TLS broke" in text and "certs rotated?" in text
        await pilot.press("a")  # a hypothesis is not answered
        await pilot.pause()
        assert isinstance(app.screen, CommonGroundScreen)
        await pilot.press("c")  # the first: deploy 4812
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        await pilot.press(*"rollback", "enter")
        await saved(pilot, screen, 5)
        await wait_for(pilot, lambda: isinstance(app.screen, CommonGroundScreen), "the view")
        await wait_for(pilot, lambda: "✓ confirmed" in screen_text(app), "the settled list")
        await pilot.press("r")  # now the first open one: PSP down
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        await pilot.press("enter")  # no note
        await saved(pilot, screen, 6)
        await wait_for(pilot, lambda: isinstance(app.screen, CommonGroundScreen), "the view")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the answer form")
        await pilot.press("enter")  # an answer is needed
        await wait_for(pilot, lambda: "Answer: needed" in screen_text(app), "the refusal")
        await pilot.press(*"yes", "enter")
        await saved(pilot, screen, 7)
        assert screen.session.state.open_questions() == []
        await wait_for(pilot, lambda: "Nothing open" in screen_text(app), "the empty list")
    resolved = [(e.body.resolution, e.body.text) for e in store.events(incident)
                if e.kind == "entry_resolved"]  # fmt: skip
    assert resolved == [
        (Resolution.CONFIRMED, "rollback"), (Resolution.RULED_OUT, ""),
        (Resolution.ANSWERED, "yes"),
    ]  # fmt: skip
