"""Times and kinds on the screen: backdating says where the entry went, a time in another year
shows its year, each time keeps its own date's offset, kind labels are whole words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from cockpit import settings
from cockpit.core.clock import FakeClock
from cockpit.store import Store
from cockpit.tui.app import CockpitApp
from cockpit.tui.widgets.timeline_view import TimelineView
from tests.conftest import make
from tests.ui.helpers import loaded, saved


def app_for(store: Store, clock: FakeClock, tz=UTC) -> tuple[CockpitApp, list[str]]:
    app = CockpitApp(store, clock, settings.load(), author="alice", tz=tz)
    said: list[str] = []
    shown = app.notify

    def notify(message: str, **kw) -> None:  # what the user is told, in order
        said.append(message)
        shown(message, **kw)

    app.notify = notify  # type: ignore[method-assign]
    return app, said


def lines(tl: TimelineView) -> list[str]:
    return [tl.render_line(y).text for y in range(tl.scrollable_content_region.height)]


async def test_an_entry_backdated_to_yesterday_says_so_with_the_full_date(store, clock, incident):
    """Issue 11 item 5: `23:02` typed at 21:04 went to yesterday silently."""
    clock.set(datetime(2026, 11, 23, 21, 4, tzinfo=UTC))
    app, said = app_for(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("n", *"-5m paged bob", "enter")  # today, in sight: nothing to say
        await saved(pilot, screen, 2)
        assert not [m for m in said if m.startswith("saved at")]
        await pilot.press(*"23:02 the deploy went out", "enter")
        await saved(pilot, screen, 3)
        assert "saved at Sun 2026-11-22 23:02 UTC (yesterday)" in said
        await pilot.press(*"2026-11-23T20:30:00Z full ISO is a time, not text", "enter")
        await saved(pilot, screen, 4)
        row = next(r for r in screen.session.timeline if r.text.startswith("full ISO"))
        assert row.at == datetime(2026, 11, 23, 20, 30, tzinfo=UTC)
        assert row.src.at_offset == 0


async def test_an_entry_that_lands_out_of_sight_says_where(store, clock, incident):
    for i in range(80):
        store.append(make(incident, "bob", {"kind": "note", "text": f"note {i}"}, clock))
    clock.advance(minutes=10)
    app, said = app_for(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("n", *"-2m just now", "enter")  # at the bottom, in sight
        await saved(pilot, screen, 82)
        assert not [m for m in said if m.startswith("saved at")]
        await pilot.press(*"14:00:30 early on", "enter")  # today, far above the view
        await saved(pilot, screen, 83)
        assert said[-1] == (
            "saved at Mon 2026-11-23 14:00 UTC (today) (out of sight in the timeline; "
            "j jumps to a time)"
        )


async def test_a_time_in_another_year_shows_its_year(store, clock, incident):
    app, _ = app_for(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("n", *"2025-12-31T23:00:00Z the config change", "enter")
        await saved(pilot, screen, 2)
        shown = lines(screen.query_one(TimelineView))
        assert shown[0].startswith("2025-12-31 23:00:00 ")
        assert shown[1].startswith("2026-11-23 14:00:00 ")


async def test_each_time_keeps_the_offset_of_its_own_date(store, incident):
    """Issue 11 item 6: in December, a July entry was shown in December's offset."""
    clock = FakeClock(datetime(2026, 12, 15, 12, tzinfo=UTC))
    july = make(incident, "bob", {"kind": "note", "text": "summer"}, clock,
                at=datetime(2026, 7, 1, 12, tzinfo=UTC))  # fmt: skip
    store.append(july)
    app, _ = app_for(store, clock, tz=ZoneInfo("Europe/Berlin"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        shown = lines(screen.query_one(TimelineView))
        summer = next(line for line in shown if "summer" in line)
        assert summer.startswith("07-01 14:00:00 ")  # CEST (+2), not CET (+1)


async def test_kind_labels_are_whole_words_at_every_width(store, clock, incident):
    """Issue 11 item 7: `MITI` and `reso` at 80x24; a confirmation labelled `resolved`."""
    store.append(make(incident, "bob", {"kind": "mitigation_started", "what": "roll back",
                                        "by": "bob"}, clock))  # fmt: skip
    hyp = make(incident, "bob", {"kind": "hypothesis", "text": "bad deploy"}, clock)
    store.append(hyp)
    store.append(make(incident, "bob", {"kind": "entry_resolved", "target": hyp.id,
                                        "resolution": "confirmed"}, clock))  # fmt: skip
    for size, words in (((120, 40), ("MITIGATION", "hypothesis", "confirmed")),
                        ((80, 24), ("MITIGATE", "theory", "verified"))):  # fmt: skip
        app, _ = app_for(store, clock)
        async with app.run_test(size=size) as pilot:
            screen = await loaded(pilot)
            text = "\n".join(lines(screen.query_one(TimelineView)))
            for word in words:
                assert f" {word} " in text, (size, word, text)
            assert "resolved" not in text and "MITI " not in text
    assert clock.now() - hyp.at < timedelta(minutes=1)
