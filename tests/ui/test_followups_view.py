"""F, the follow-ups view: add one (owner, due date, kind), close it with a note, reopen it;
W writes the postmortem draft and the JSON export and says where."""

from __future__ import annotations

import json

from cockpit.core.cadence import cadences_from
from cockpit.core.followups import FollowupStatus, followups
from cockpit.core.metrics import compute
from cockpit.tui.screens.followups import FollowupsScreen
from cockpit.tui.screens.form import FormScreen
from tests.ui.conftest import DEMO_ID
from tests.ui.helpers import loaded, make_app, saved, screen_text, wait_for


async def test_add_close_with_a_note_and_reopen(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, FollowupsScreen), "the view")
        assert "None yet: a adds one" in screen_text(app)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the add form")
        await pilot.press(*"Alert on PSP handshakes", "enter", *"dev", "enter")
        await pilot.press("ctrl+u", *"someday", "enter", "2")  # a due date it cannot read
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen)
                       and "cannot read the time 'someday'" in screen_text(app), "the error")  # fmt: skip
        await pilot.press("ctrl+u", *"2026-12-01", "enter", "2")  # detect, by its digit
        await saved(pilot, screen, 2)
        await wait_for(pilot, lambda: isinstance(app.screen, FollowupsScreen), "the view again")
        await wait_for(pilot, lambda: "Alert on PSP handshakes" in screen_text(app), "the row")
        (f,) = followups(screen.session.state)
        assert (f.owner, f.category.value, f"{f.due:%Y-%m-%d %H:%M}") == ("dev", "detect",
                                                                          "2026-12-01 23:59")  # fmt: skip
        assert "due 2026-12-01 (in 8 days)" in screen_text(app)
        await pilot.press("enter")  # close the selected one
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the close form")
        await pilot.press("enter", "enter")  # done, with no note: refused
        await wait_for(pilot, lambda: "Note: needed" in screen_text(app), "the note asked for")
        await pilot.press(*"PR 77", "enter")
        await saved(pilot, screen, 3)
        await wait_for(pilot, lambda: "PR 77" in screen_text(app), "the closed row")
        assert followups(screen.session.state)[0].status is FollowupStatus.DONE
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the reopen form")
        await pilot.press(*"not fixed after all", "enter")
        await saved(pilot, screen, 4)
        assert followups(screen.session.state)[0].open
        await wait_for(pilot, lambda: isinstance(app.screen, FollowupsScreen), "the view")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "the main screen")


async def test_w_writes_the_draft_and_the_export_and_says_where(store, clock, demo, tmp_path,
                                                                 monkeypatch):  # fmt: skip
    folder = tmp_path / "postmortems"
    monkeypatch.setenv("COCKPIT_EXPORT", json.dumps({"folder": str(folder)}))
    monkeypatch.setenv("COCKPIT_CADENCE", json.dumps({"SEV2": 5}))  # the team's, for the draft
    app = make_app(store, clock, incident=demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("W")
        await wait_for(pilot, lambda: any("Postmortem draft:" in m for m in app.said), "the news")
        md, js = sorted(folder.iterdir(), key=lambda p: p.suffix, reverse=True)
        assert md.name == "INC-1-2026-11-23-checkout-api-high-error-rate.md"
        assert js.name == "INC-1-2026-11-23-checkout-api-high-error-rate.json"
        said = next(m for m in app.said if "Postmortem draft:" in m)
        assert str(md) in said and str(js) in said
        assert md.read_text().startswith("# INC-1: Checkout API: high error rate")
        m = compute(store.state(DEMO_ID), clock.now(), cadences_from({"SEV2": 5}))  # as metrics
        assert len(m.late_updates) == 2  # one more than with the default cadence
        assert f"- **Status updates:** {len(m.updates)} posted, {len(m.late_updates)} late" in (
            md.read_text())  # fmt: skip
        assert json.loads(js.read_text())["incident"] == DEMO_ID


def test_the_view_on_the_demo(snap_compare, store, clock, demo):
    """The demo's follow-ups, the one due soonest first; 80 columns wide."""
    app = make_app(store, clock, incident=demo, remember_theme=False)

    async def ready(pilot) -> None:
        await loaded(pilot)
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, FollowupsScreen), "the view")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


async def test_a_follower_reads_the_follow_ups_and_writes_nothing(store, clock, demo, db_path):
    from cockpit.store.read_only import ReadOnlyStore
    from cockpit.tui.watching import Watching

    watched = ReadOnlyStore.open(db_path)
    app = make_app(watched, clock, demo, watching=Watching())
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            assert screen.check_action("write_postmortem", ()) is False  # no files on the host
            assert screen.check_action("followups", ()) is True
            await pilot.press("F")
            await wait_for(pilot, lambda: isinstance(app.screen, FollowupsScreen), "the view")
            view = app.screen
            await wait_for(pilot, lambda: "Runbook: drain one region" in screen_text(app), "rows")
            assert "Esc closes" in screen_text(app) and "a add" not in screen_text(app)
            for key in ("a", "d", "enter", "o"):
                await pilot.press(key)
                await pilot.pause()
                assert app.screen is view, key  # no form opens
            assert not [b for b in view.active_bindings.values()
                        if b.binding.action in ("add", "close_one", "reopen")]  # fmt: skip
    finally:
        watched.close()
