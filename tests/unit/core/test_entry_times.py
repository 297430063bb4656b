"""Times inside generated entry texts read in the reader's zone, with the offset of each
instant's own date (DESIGN.md, "Time"); what a person typed stays as typed.

A reviewer, as IC in Los Angeles: a task due 15 minutes later was saved as `(due 02:04)`
while `show` said `due 18:04`; a break `until 02:07 UTC`; a redaction `at 2026-12-02 01:54Z`.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.timeline import REDACTED, Timeline

LA = ZoneInfo("America/Los_Angeles")
INC = "inc-1"
WINTER = datetime(2026, 12, 2, 1, 49, tzinfo=UTC)  # Tue 17:49 PST (UTC-8)
SUMMER = datetime(2026, 7, 2, 1, 49, tzinfo=UTC)  # Wed 18:49 PDT (UTC-7)


def timeline_of(clock: FakeClock, tz, bodies: list[dict]) -> Timeline:
    tl = Timeline(tz)
    for body in bodies:
        clock.advance(1)
        tl.apply(new_event(INC, "jane", body, clock))
    return tl


@pytest.mark.parametrize(("start", "due", "until"), [(WINTER, "18:04", "18:07"),
                                                     (SUMMER, "19:04", "19:07")])  # fmt: skip
def test_due_and_until_read_in_the_readers_zone_with_their_dates_offset(start, due, until):
    clock = FakeClock(start)
    tl = timeline_of(clock, LA, [
        {"kind": "task_delegated", "task": "check the 14:00 deploy", "owner": "lena",
         "due": "2026-12-02T02:04:00Z" if start is WINTER else "2026-07-02T02:04:00Z"},
        {"kind": "break_taken", "person": "jane",
         "until": f"{start:%Y-%m-%d}T02:07:00+00:00"},
        {"kind": "nudge_snoozed", "nudge": "idle", "reason": "back at 03:00 UTC",
         "until": f"{start:%Y-%m-%d}T02:07:00Z"},
    ])  # fmt: skip
    task, away, snooze = (row.text for row in tl)
    # The due time in the reader's zone; the 14:00 the person typed stays as typed.
    assert task == f"Task for lena: check the 14:00 deploy (due {due})"
    assert away == f"jane on a break until {until}"
    assert snooze.startswith('Snoozed "nothing in progress"') and f"until {until}" in snooze
    assert snooze.endswith("back at 03:00 UTC")  # the reason: typed, so kept
    assert "02:04" not in task and "02:07" not in away + snooze.replace("03:00 UTC", "")


def test_the_same_log_reads_in_each_readers_zone():
    clock = FakeClock(WINTER)
    body = {"kind": "task_delegated", "task": "x", "owner": "lena", "due": "2026-12-02T02:04Z"}
    assert next(iter(timeline_of(clock, UTC, [body]))).text.endswith("(due 02:04)")
    tokyo = timeline_of(clock, ZoneInfo("Asia/Tokyo"), [body])
    assert next(iter(tokyo)).text.endswith("(due 11:04)")


def test_a_redaction_says_when_in_the_readers_zone():
    clock = FakeClock(WINTER)
    tl = Timeline(LA)
    secret = new_event(INC, "bob", {"kind": "note", "text": "key=AKIA123"}, clock)
    clock.advance(5 * 60)  # 01:54Z
    red = new_event(INC, "jane", {"kind": "entry_redacted", "target": secret.id}, clock)
    tl.apply(secret)
    tl.apply(red)
    (row,) = tl.rows
    assert row.text == f"{REDACTED} by jane at 2026-12-01 17:54"  # the evening before, in LA
    assert "Z" not in row.text.removeprefix(REDACTED)


def test_an_entry_about_a_task_quotes_it_and_its_own_time_reads_in_the_zone_too():
    clock = FakeClock(WINTER)
    tl = Timeline(LA)
    task = new_event(INC, "jane", {"kind": "task_delegated", "task": "roll back", "owner": "lena",
                                   "due": "2026-12-02T02:04Z"}, clock)  # fmt: skip
    clock.advance(60)
    ack = new_event(INC, "lena", {"kind": "task_status", "target": task.id,
                                  "status": "acknowledged"}, clock)  # fmt: skip
    tl.apply(ack)
    tl.apply(task)
    assert [r.text for r in tl] == ["Task for lena: roll back (due 18:04)",
                                    "Task “roll back” acknowledged"]  # fmt: skip
