"""The scribe's entry bar at typing speed: bursts, kinds, @names, verbatim evidence, and
nothing typed lost (a failed save, switching screens, closing the app)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from textual import events

from cockpit.store import Store
from cockpit.store.errors import StoreError
from cockpit.tui import paint_hold
from cockpit.tui.drafts import SLOT, decode, encode
from cockpit.tui.screens.help import HelpScreen
from cockpit.tui.widgets.entry_bar import EntryBar
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, saved, screen_text, send_keys, wait_for


def entries(store: Store, incident: str) -> list[tuple[str, str]]:
    kinds = ("note", "decision", "evidence", "action", "hypothesis", "question")
    return [(e.kind, e.body.text) for e in store.events(incident) if e.kind in kinds]


async def test_a_burst_of_50_entries_lands_in_order_exactly_once(store, clock, incident):
    app = make_app(store, clock)
    typed = [f"entry {i:02d} db {i}" for i in range(50)]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        send_keys(app, "n" + "".join(t + "\n" for t in typed))  # all queued at once
        await saved(pilot, screen, 51)
        assert screen.query_one(EntryBar).input.value == ""
        assert not paint_hold.held(app)  # every Enter's paint hold was let go
    assert entries(store, incident) == [("note", t) for t in typed]  # the file: once, in order


async def test_enter_holds_painting_until_saved_and_never_for_ever(store, clock, incident,
                                                                  monkeypatch):  # fmt: skip
    """Enter clears the bar at once but holds painting until the entry is saved (the two are
    one paint); a save that never answers lets go after LIMIT seconds."""
    calls: list[str] = []
    hold, release = paint_hold.hold, paint_hold.release
    monkeypatch.setattr(paint_hold, "hold", lambda app: (calls.append("hold"), hold(app)))
    monkeypatch.setattr(paint_hold, "release",
                        lambda app: (calls.append("release"), release(app)))  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("n", *"first look", "enter")
        await saved(pilot, screen, 2)
        assert calls[:2] == ["hold", "release"] and not paint_hold.held(app)
        calls.clear()
        screen.writer.store = slow = SlowStore(store)  # a save that does not answer yet
        try:
            await pilot.press(*"second look", "enter")
            await wait_for(pilot, lambda: "release" in calls, "the hold to end by itself")
            assert not paint_hold.held(app) and screen.writer.pending == 1  # still not saved
            assert screen.query_one(EntryBar).input.value == ""
            assert not [r for r in screen.session.timeline if r.text == "second look"]
        finally:
            slow.go.set()
        await saved(pilot, screen, 3)
        await wait_for(pilot, lambda: "second look" in screen_text(app), "the saved entry")


class SlowStore:
    """Writes wait until the test says go, as behind another process's long transaction."""

    def __init__(self, store: Store) -> None:
        self.store, self.go = store, threading.Event()

    def append(self, event):
        self.go.wait(30)
        return self.store.append(event)


async def test_each_kind_has_a_key_and_switches_without_leaving(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        bar = screen.query_one(EntryBar)
        for key, text in (("w", "restarted pods"), ("y", "TLS broke"), ("q", "who deployed?")):
            await pilot.press("escape", key, *text, "enter")
        await pilot.press("ctrl+o", "ctrl+o", *"clue", "enter")  # question -> note -> decision
        await saved(pilot, screen, 5)
        assert bar.is_open and bar.kind == "decision"
    assert entries(store, incident) == [
        ("action", "restarted pods"), ("hypothesis", "TLS broke"),
        ("question", "who deployed?"), ("decision", "clue"),
    ]  # fmt: skip


async def test_at_completes_names_already_in_the_incident(store, clock, incident):
    store.append(make(incident, "alice", {"kind": "role_assigned", "role": "sme",
                                          "person": "marianne"}, clock))  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("n", *"asked @mar")
        await wait_for(pilot, lambda: "asked @marianne" in screen_text(app), "a suggestion")
        await pilot.press("right", *" to check", "enter")
        await saved(pilot, screen, 3)
    assert entries(store, incident)[-1] == ("note", "asked @marianne to check")


@pytest.mark.parametrize("newline", ["\n", "\r", "\r\n"], ids=["LF", "CR", "CRLF"])
async def test_multi_line_evidence_paste_is_kept_verbatim(store, clock, incident, newline):
    # Terminals and tmux send a pasted line break as CR: only the first line was kept.
    log = "14:01:02 ERROR tls handshake\n  at pay.client(Client.java:42)\n\tcaused by: EOF"
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        bar = screen.query_one(EntryBar)
        await pilot.press("n", *"from api-7: ")
        bar.input.post_message(events.Paste(log.replace("\n", newline)))
        await wait_for(pilot, lambda: bar.multiline, "the multi-line mode")
        assert bar.kind == "evidence"  # a pasted log in a note is evidence
        await pilot.press("ctrl+s")
        await saved(pilot, screen, 2)
        assert not bar.multiline and bar.is_open  # back to one line, ready for the next
        await pilot.press(*"one liner", "enter")  # Enter still saves a one-liner
        await saved(pilot, screen, 3)
    (first, second) = [e for e in store.events(incident) if e.kind == "evidence"]
    assert first.body.text == "from api-7: " + log and first.at == clock.now()
    assert second.body.text == "one liner"


class FailingStore:
    """Every write fails as a full disk or a locked file would."""

    def append(self, event):
        raise StoreError("the disk is full; free some space, then press Enter again")


async def test_a_paste_too_long_to_save_is_kept_and_can_be_cleared(store, clock, incident):
    # A 300 KB log pasted and saved crashed the app (and again with its draft, every start).
    log = "\n".join(f"14:01:{i % 60:02d} ERROR upstream reset, attempt {i}" for i in range(8000))
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        bar = screen.query_one(EntryBar)
        await pilot.press("e")
        bar.input.post_message(events.Paste(log))
        await wait_for(pilot, lambda: bar.multiline, "the multi-line mode")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "too long" in screen_text(app), "the reason")
        assert app.is_running and bar.text == log  # nothing lost
        await pilot.press("ctrl+l")  # not wanted after all
        assert bar.text == "" and not bar.multiline
        await wait_for(pilot, lambda: "ctrl+l again" in screen_text(app), "how to undo")
        await pilot.press("ctrl+l")
        assert bar.text == log
        await pilot.press("ctrl+l", *"just the first error", "enter")
        await saved(pilot, screen, 2)
    assert entries(store, incident) == [("evidence", "just the first error")]


async def test_failed_save_keeps_the_text_and_says_why(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        screen.writer.store = FailingStore()
        bar = screen.query_one(EntryBar)
        await pilot.press("d", *"roll back 4812", "enter", *"and page db")
        await wait_for(pilot, lambda: "roll back 4812" in bar.input.value, "the text back")
        await wait_for(pilot, lambda: "and page db" in bar.input.value, "the keys typed since")
        assert bar.input.value.startswith("roll back 4812")  # nothing typed is lost
        bar.input.value = "roll back 4812 and page db"
        assert bar.kind == "decision"
        assert "the disk is full" in screen_text(app)
        assert not paint_hold.held(app)  # a failed save lets painting go at once
        screen.writer.store = store
        await pilot.press("enter")
        await saved(pilot, screen, 2)
    assert entries(store, incident) == [("decision", "roll back 4812 and page db")]


async def test_a_bad_backdate_keeps_the_text(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        bar = screen.query_one(EntryBar)
        await pilot.press("n", *"25:99 too late", "enter")
        await wait_for(pilot, lambda: bar.input.value == "25:99 too late", "the text back")
    assert entries(store, incident) == []


async def test_text_survives_other_screens_and_closing_the_app(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        bar = screen.query_one(EntryBar)
        await pilot.press("y", *"cert rotated")
        await pilot.press("escape", "f1")  # another screen and back
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "the main screen")
        assert bar.input.value == "cert rotated"
        # the draft reaches the file while typing (it would survive a crash)
        kept = ("hypothesis", "cert rotated")
        await wait_for(pilot, lambda: decode(store.draft(incident, SLOT)) == kept, "the draft")
        await pilot.press("y", *" by the PSP")  # typed just before closing: flushed on exit
    assert decode(store.draft(incident, SLOT)) == ("hypothesis", "cert rotated by the PSP")

    again = make_app(store, clock)
    async with again.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        bar = screen.query_one(EntryBar)
        await wait_for(pilot, lambda: bar.is_open, "the draft restored")
        assert bar.kind == "hypothesis" and bar.input.value == "cert rotated by the PSP"
        assert "draft kept" in screen_text(again)
        await pilot.press("enter")
        await saved(pilot, screen, 2)
        await wait_for(pilot, lambda: store.draft(incident, SLOT) == "", "the draft cleared")
    assert entries(store, incident) == [("hypothesis", "cert rotated by the PSP")]


async def test_a_restored_draft_keeps_the_time_it_meant(store, clock, incident):
    """`-3m raj confirms` typed at 14:00, the terminal killed, reopened at 14:20: Enter saves
    it at 13:57, not 14:17 (the bar shows the clock time the draft meant)."""
    written = clock.now()
    store.save_draft(incident, SLOT, encode("note", "-3m raj confirms the index rebuilt"), written)
    clock.advance(minutes=20)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        bar = screen.query_one(EntryBar)
        await wait_for(pilot, lambda: bar.is_open, "the draft restored")
        meant = written - timedelta(minutes=3)
        assert bar.input.value == f"{meant:%H:%M:%S} raj confirms the index rebuilt"
        await pilot.press("enter")
        await saved(pilot, screen, 1)
    (note,) = [e for e in store.events(incident) if e.kind == "note"]
    assert note.at == meant and note.body.text == "raj confirms the index rebuilt"
