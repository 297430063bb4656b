"""Times in the forms, as a new IC in Los Angeles met them: the m and o forms read a leading
time in their text as the entry bar does (`10:26 Restart S3 index subsystem` was saved now,
with the time in its text), and the times inside generated texts read in the screen's zone
(a task due 15 minutes later showed `(due 02:04)` at 17:49)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from cockpit import settings
from cockpit.core.clock import FakeClock
from cockpit.store import Store
from cockpit.tui.app import CockpitApp
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.widgets.timeline_view import TimelineView
from tests.conftest import make
from tests.ui.helpers import loaded, open_form, saved, wait_for

LA = ZoneInfo("America/Los_Angeles")
EVENING = datetime(2026, 12, 2, 1, 49, tzinfo=UTC)  # Tue 17:49 PST, Dec 1, in LA


def app_in_la(store: Store, clock: FakeClock) -> tuple[CockpitApp, list[str]]:
    app = CockpitApp(store, clock, settings.load(), author="alice", tz=LA)
    said: list[str] = []
    shown = app.notify

    def notify(message: str, **kw) -> None:
        said.append(message)
        shown(message, **kw)

    app.notify = notify  # type: ignore[method-assign]
    return app, said


def body_of(store: Store, incident: str, kind: str):
    return next(e for e in reversed(store.events(incident)) if e.kind == kind)


async def test_m_and_o_take_a_leading_time_and_say_where_it_went(store, clock, incident):
    clock.set(EVENING)
    app, said = app_in_la(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await open_form(pilot, "m")
        await pilot.press(*"10:26 Restart S3 index subsystem", "enter", "enter")
        await saved(pilot, screen, 2)
        started = body_of(store, incident, "mitigation_started")
        assert started.body.what == "Restart S3 index subsystem"  # the time is not text
        assert started.at == datetime(2026, 12, 1, 18, 26, tzinfo=UTC)  # 10:26 PST
        assert started.at_offset == -8 * 60
        assert not [m for m in said if m.startswith("saved at")]  # today, in sight

        await open_form(pilot, "o")
        await pilot.press("1", "enter", *"23:50 errors down at last", "enter")
        await saved(pilot, screen, 3)
        outcome = body_of(store, incident, "mitigation_outcome")
        assert outcome.body.note == "errors down at last"
        assert outcome.at == datetime(2026, 12, 1, 7, 50, tzinfo=UTC)  # last night, in LA
        assert "saved at Mon 2026-11-30 23:50 PST (yesterday)" in said  # the entry bar's words


async def test_a_time_that_cannot_be_read_brings_the_form_back_as_typed(store, clock, incident):
    app, _ = app_in_la(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await open_form(pilot, "m")
        await pilot.press(*"-99999999999m roll back", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.screen.form.error)
        form = app.screen.form
        assert "more than ten years ago" in form.error
        what = next(f for f in form.fields if f.name == "what")
        assert what.value == "-99999999999m roll back" and form.focus == "what"
        assert len(screen.session.state.ids) == 1  # nothing saved


async def test_a_tasks_due_time_reads_in_the_screens_zone(store, clock, incident):
    clock.set(EVENING)
    app, _ = app_in_la(store, clock)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(pilot)
        await open_form(pilot, "t")
        await pilot.press(*"check the db", "enter", *"lena", "enter", "enter", "enter")
        await saved(pilot, screen, 2)
        tl = screen.query_one(TimelineView)
        await wait_for(pilot, lambda: len(tl.view) == 2)
        shown = tl.render_line(1).text
        assert "Task for lena: check the db (due 18:04)" in shown  # 02:04Z, 15 min on
        assert shown.startswith("12-01 17:49")  # (another day than the declaration's)


async def test_a_redacted_title_is_said_and_the_intake_prefills_nothing(store, clock, incident):
    """After R on the title, the I form prefilled `█ redacted` as if it were the title."""
    store.append(make(incident, "alice", {"kind": "field_set", "field": "title",
                                          "value": "DB down key=AKIAXXXX"}, clock))  # fmt: skip
    app, said = app_in_la(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("up")  # the title change, the latest entry
        await pilot.press("R", "enter")
        await saved(pilot, screen, 3)
        await wait_for(pilot, lambda: any("title was redacted" in m for m in said))
        (line,) = [m for m in said if "title was redacted" in m]
        assert line == "The title was redacted: INC-1 has none now; I (Intake) sets a new one"
        await pilot.press("escape")  # off the timeline's selection
        form = (await open_form(pilot, "I")).form
        title = next(f for f in form.fields if f.name == "title")
        assert title.value == "" and "redacted" in title.help and not title.required
        assert "AKIA" not in str(form) and "█" not in str([f.value for f in form.fields])
        await pilot.press(*"Checkout DB down", "enter", *["enter"] * 6)
        await saved(pilot, screen, 4)
        assert screen.session.state.title == "Checkout DB down"
        assert [e.body.field for e in store.events(incident)[-1:]] == ["title"]  # only that
