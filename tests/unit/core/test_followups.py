"""Follow-ups: added with an owner, a due day and a kind; closed with a note, reopened; overdue
when open past their due date; due dates typed through the one time parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from cockpit.core import conflicts, kinds
from cockpit.core.followups import (
    FollowupKind,
    FollowupStatus,
    by_urgency,
    completion,
    followup,
    followups,
    parse_due,
    parse_followup_kind,
    status_body,
)
from cockpit.core.state import fold
from cockpit.core.timeline import Timeline
from cockpit.core.timeparse import BadTime, OutOfBounds
from tests.conftest import make

INC = "0196e1a4-0000-7000-8000-0000000f0110"
BERLIN = ZoneInfo("Europe/Berlin")


def add(clock, text="Alert on PSP handshake time", owner="dev", kind="detect", due=None, **kw):
    due = due or clock.now() + timedelta(days=7)
    body = {"kind": "followup_added", "text": text, "owner": owner, "category": kind,
            "due": due.isoformat()}  # fmt: skip
    return make(INC, kw.pop("author", "sam"), body, clock, **kw)


def test_added_closed_with_a_note_reopened(clock):
    a = add(clock)
    state = fold([a])
    f = followup(state, a.id)
    assert f is not None and f.open and f.owner == "dev" and f.category is FollowupKind.DETECT
    assert f.status_at is None and f.note == "" and "dev" in state.people
    done = make(INC, "dev", status_body(a.id, FollowupStatus.DONE, " PR 77 "), clock,
                state=state)  # fmt: skip
    state.apply(done)
    f = followup(state, a.id)
    assert (f.status, f.note, f.status_by, f.status_id) == (FollowupStatus.DONE, "PR 77", "dev",
                                                            done.id)  # fmt: skip
    again = make(INC, "sam", status_body(a.id, FollowupStatus.OPEN, ""), clock, state=state)
    state.apply(again)
    assert followup(state, a.id).open
    assert state.conflicts() == []


def test_closing_needs_a_note_reopening_does_not():
    with pytest.raises(ValueError, match="what was done"):
        status_body("x", FollowupStatus.DONE, "  ")
    with pytest.raises(ValueError, match="why it was dropped"):
        status_body("x", FollowupStatus.DROPPED, "")
    assert status_body("x", FollowupStatus.OPEN, "")["status"] == "open"


def test_overdue_only_while_open_and_past_due(clock):
    a = add(clock, due=clock.now() + timedelta(days=1))
    state = fold([a])
    f = followup(state, a.id)
    assert not f.overdue(clock.now())
    assert f.overdue(clock.now() + timedelta(days=2))
    state.apply(make(INC, "dev", status_body(a.id, FollowupStatus.DONE, "ok"), clock, state=state))
    assert not followup(state, a.id).overdue(clock.now() + timedelta(days=2))


def test_closed_late_counts_done_after_its_due_date(clock):
    a = add(clock, due=clock.now() + timedelta(hours=1))
    state = fold([a])
    clock.advance(hours=2)
    state.apply(make(INC, "dev", status_body(a.id, FollowupStatus.DONE, "late"), clock,
                     state=state))  # fmt: skip
    assert followup(state, a.id).closed_late()


def test_completed_on_time_counts_due_or_done_and_says_the_rest_beside(clock):
    now = clock.now()
    on_time = add(clock, "a", due=now + timedelta(days=2))
    late = add(clock, "b", due=now + timedelta(hours=1))
    overdue = add(clock, "c", due=now + timedelta(hours=2))
    not_due = add(clock, "d", due=now + timedelta(days=9))
    undated = make(INC, "sam", {"kind": "followup_added", "text": "e", "owner": "dev",
                                "category": "process"}, clock)  # fmt: skip
    dropped = add(clock, "f", due=now + timedelta(hours=1))
    state = fold([on_time, late, overdue, not_due, undated, dropped])
    assert completion(followups(state), now).rate is None  # nothing due or done yet
    clock.advance(hours=3)
    for f, status in ((on_time, "done"), (late, "done"), (dropped, "dropped"),
                      (undated, "done")):  # fmt: skip
        state.apply(make(INC, "dev", status_body(f.id, FollowupStatus(status), "n"), clock,
                         state=state))  # fmt: skip
    c = completion(followups(state), clock.now())
    assert c.counts() == (1, 1, 1, 1, 1, 1)  # on time, late, overdue, not due, undated, dropped
    assert (c.due, c.rate) == (3, pytest.approx(1 / 3))
    assert (c + c).counts() == (2, 2, 2, 2, 2, 2)
    clock.advance(minutes=1)  # reopened: open again, and past its due date
    state.apply(make(INC, "dev", status_body(late.id, FollowupStatus.OPEN, ""), clock,
                     state=state))  # fmt: skip
    assert completion(followups(state), clock.now()).counts()[:3] == (1, 0, 2)


def test_by_urgency_overdue_first_then_due_then_undated_then_closed(clock):
    now = clock.now()
    later = add(clock, "later", due=now + timedelta(days=9))
    soon = add(clock, "soon", due=now + timedelta(days=2))
    late = add(clock, "late", due=now + timedelta(hours=1))
    undated = make(INC, "sam", {"kind": "followup_added", "text": "undated", "owner": "kim",
                                "category": "process"}, clock)  # fmt: skip
    closed = add(clock, "closed", due=now + timedelta(hours=2))
    state = fold([later, soon, late, undated, closed])
    state.apply(make(INC, "kim", status_body(closed.id, FollowupStatus.DROPPED, "moot"), clock,
                     state=state))  # fmt: skip
    order = [f.text for f in by_urgency(followups(state), now + timedelta(hours=3))]
    assert order == ["late", "soon", "later", "undated", "closed"]
    assert [f.text for f in followups(state)] == ["later", "soon", "late", "undated", "closed"]


def test_a_due_day_is_due_by_its_end_in_the_users_zone():
    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    due = parse_due("2026-12-01", now, BERLIN)
    assert due.utcoffset() == timedelta(hours=1)  # kept in the zone it was typed in
    assert (due.date().isoformat(), due.hour, due.minute) == ("2026-12-01", 23, 59)
    # typed on the day itself, it is not in the past: it is due tonight
    assert parse_due("2026-11-23", now, BERLIN).astimezone(BERLIN).date().isoformat() == (
        "2026-11-23"
    )
    # a relative due date: from now, with the zone's offset then (summer time in July)
    july = parse_due("14d", datetime(2026, 7, 1, 10, 0, tzinfo=UTC), BERLIN)
    assert july.utcoffset() == timedelta(hours=2)
    assert july == datetime(2026, 7, 15, 10, 0, tzinfo=UTC)
    typed = parse_due("2026-12-01T09:00-05:00", now, BERLIN)
    assert typed.utcoffset() == timedelta(hours=-5)


def test_a_due_date_in_the_past_or_unreadable_says_what_was_typed():
    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    with pytest.raises(OutOfBounds, match="'2020-01-01' is"):
        parse_due("2020-01-01", now, UTC)
    with pytest.raises(BadTime, match="'next friday'"):
        parse_due("next friday", now, UTC)
    assert parse_due("2040-01-01", now, UTC, force=True).year == 2040


def test_kinds_read_with_their_words():
    assert parse_followup_kind(" Detection ") is FollowupKind.DETECT
    with pytest.raises(ValueError, match="prevent, detect, mitigate, process"):
        parse_followup_kind("fix")


def test_the_timeline_quotes_the_follow_up_when_it_is_closed(clock):
    a = add(clock, text="Runbook for the regional drain")
    state = fold([a])
    done = make(INC, "kim", status_body(a.id, FollowupStatus.DONE, "wiki page"), clock,
                state=state)  # fmt: skip
    tl = Timeline(UTC)
    tl.apply_all([a, done])
    assert tl.by_id[done.id].text == "Follow-up “Runbook for the regional drain” done: wiki page"
    assert kinds.label("followup_added") == "follow up"
    assert a.describe(tz=UTC).startswith("Follow-up (detect) for dev, due ")


def test_a_concurrent_closing_is_a_conflict_that_can_be_settled(clock):
    a = add(clock)
    state = fold([a])
    one = make(INC, "dev", status_body(a.id, FollowupStatus.DONE, "PR 1"), clock, state=state)
    two = make(INC, "kim", status_body(a.id, FollowupStatus.DROPPED, "moot"), clock, state=state)
    state.apply_all([one, two])
    (c,) = state.conflicts()
    assert conflicts.what(c.register, state) == "the follow-up 'Alert on PSP handshake time'"
    body = conflicts.keep(c.register, c.writes[0].value)
    settle = make(INC, "sam", body, clock, state=state)
    state.apply(settle)
    assert state.conflicts() == [] and followup(state, a.id).status is c.writes[0].value


def test_the_due_date_keeps_its_offset_through_json(clock):
    due = datetime(2026, 12, 1, 23, 59, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    a = add(clock, due=due)
    from cockpit.core.events import Event

    back = Event.model_validate_json(a.model_dump_json())
    assert back.body.due.utcoffset() == timedelta(hours=5, minutes=30)
    assert "due 2026-12-01" in back.describe(tz=UTC)
    undated = make(INC, "sam", {"kind": "followup_added", "text": "x", "owner": "kim",
                                "category": "process"}, clock)  # fmt: skip
    assert '"due"' not in undated.model_dump_json()  # written only when set
