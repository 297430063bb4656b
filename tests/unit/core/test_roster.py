"""Who is on the call: joined, left, roles, time on duty since joining and since the last break."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from cockpit.core.compose import new_event
from cockpit.core.events import parse_body
from cockpit.core.roster import joined_after, member, roster
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Role

INC = "inc-1"


@pytest.fixture
def st(clock):
    s = IncidentState(INC)
    s.apply(new_event(INC, "ann", {"kind": "incident_declared", "title": "t"}, clock))
    return s


def put(st, clock, body, author="ann", minutes=1):
    clock.advance(minutes=minutes)
    e = new_event(INC, author, body, clock, state=st)
    st.apply(e)
    return e


def test_on_the_call_means_active_not_named_or_paged(st, clock):
    put(st, clock, {"kind": "note", "text": "asking @erin"})
    put(st, clock, {"kind": "person_paged", "person": "frank", "via": "pager"})
    put(st, clock, {"kind": "role_assigned", "role": "scribe", "person": "sam"})
    put(st, clock, {"kind": "task_delegated", "task": "x", "owner": "dev"})
    put(st, clock, {"kind": "person_joined", "person": "gus"})
    names = [m.person for m in roster(st, clock.now())]
    assert names == ["ann", "sam", "dev", "gus"]  # in the order they came
    assert set(st.people) == {"ann", "erin", "frank", "sam", "dev", "gus"}  # completion: all
    assert member(st, "sam", clock.now()).roles == (Role.SCRIBE,)


def test_time_on_duty_since_joining_and_since_the_last_break(st, clock):
    j = put(st, clock, {"kind": "person_joined", "person": "priya"})
    clock.advance(minutes=60)
    put(st, clock, {"kind": "break_taken", "person": "priya", "minutes": 15}, minutes=0)
    during = clock.now() + timedelta(minutes=5)
    m = member(st, "priya", during)
    assert m.on_break() and m.break_until == clock.now() + timedelta(minutes=15)
    later = clock.now() + timedelta(minutes=45)
    m = member(st, "priya", later)
    assert not m.on_break()
    assert m.on_duty(later) == later - j.at == timedelta(minutes=105)
    assert m.since_break(later) == timedelta(minutes=30)


def test_a_break_until_a_time_and_a_break_of_unknown_length(st, clock):
    put(st, clock, {"kind": "person_joined", "person": "priya"})
    until = clock.now() + timedelta(minutes=30)
    put(st, clock, {"kind": "break_taken", "person": "priya", "until": until.isoformat()})
    assert member(st, "priya", until - timedelta(seconds=1)).break_until == until
    assert member(st, "priya", until).last_break == until
    b = put(st, clock, {"kind": "break_taken", "person": "priya"}, minutes=60)
    m = member(st, "priya", clock.now())
    assert m.last_break == b.at and not m.on_break()


def test_left_until_they_join_again_and_a_rejoin_restarts_the_duty(st, clock):
    put(st, clock, {"kind": "person_joined", "person": "bot"})
    left = put(st, clock, {"kind": "person_left", "person": "bot"})
    put(st, clock, {"kind": "note", "text": "deploy 4813 done"}, author="bot")
    m = member(st, "bot", clock.now())
    assert not m.present and m.left == left.at  # writing in their name does not bring them back
    assert [x.person for x in roster(st, clock.now())][-1] == "bot"  # those gone come last
    back = put(st, clock, {"kind": "person_joined", "person": "bot"}, minutes=30)
    m = member(st, "bot", clock.now() + timedelta(minutes=10))
    assert m.present and m.joined == back.at and m.on_duty(back.at) == timedelta(0)


def test_joined_after_a_page(st, clock):
    page = put(st, clock, {"kind": "person_paged", "person": "bob"})
    assert joined_after(st, "bob", page.at) is None
    j = put(st, clock, {"kind": "person_joined", "person": "bob"}, minutes=4)
    assert joined_after(st, "bob", page.at) == j.at
    put(st, clock, {"kind": "note", "text": "on it"}, author="carl")
    assert joined_after(st, "carl", page.at) == clock.now()  # started writing: on the call


def test_the_new_kinds_read_as_typed():
    b = parse_body({"kind": "break_taken", "person": "priya", "minutes": 15})
    assert b.describe(tz=UTC) == "priya on a break for 15 min"
    assert b.model_dump(mode="json") == {"kind": "break_taken", "person": "priya", "minutes": 15}
    assert (
        parse_body({"kind": "person_left", "person": "bob"}).describe(tz=UTC) == "bob left the call"
    )
    s = parse_body({"kind": "nudge_snoozed", "nudge": "break_due:priya",
                    "until": "2026-11-23T15:30:00+01:00", "reason": "handover at 15:30"})  # fmt: skip
    assert s.describe(tz=UTC) == 'Snoozed "break due: priya" until 14:30: handover at 15:30'
    with pytest.raises(ValueError):
        parse_body({"kind": "nudge_snoozed", "nudge": "x", "until": "2026-11-23T15:30:00Z",
                    "reason": " "})  # fmt: skip
    t = parse_body({"kind": "task_delegated", "task": "x", "owner": "a"})
    assert "report_back" not in t.model_dump(mode="json")  # written only when set


def test_a_newer_cockpits_break_is_kept_but_not_folded(st, clock):
    from cockpit.core.events import Event

    known = new_event(INC, "ann", {"kind": "break_taken", "person": "priya"}, clock)
    data = known.model_dump(mode="json")
    data["body"]["mood"] = "tired"  # a field this reader does not know
    data["v"] = 2
    newer = Event.model_validate(data)
    assert newer.unknown
    assert st.apply(newer)  # stored and shown as an unknown entry; nothing folded from it
    assert "priya" not in st.on_call and st.pace.breaks == {}


# ---- presence counts from what was recorded, not from a backdated `at` (issue 15 review) ----


def put_at(st, clock, body, at, author="jane"):
    """An entry written now that says it happened at `at`."""
    e = new_event(INC, author, body, clock, state=st, at=at)
    st.apply(e)
    return e


def test_a_backdated_entry_does_not_put_its_writer_on_the_call_back_then(st, clock):
    clock.advance(minutes=30)
    now = clock.now()
    long_ago = now.replace(year=2017, month=2, day=28, hour=9, minute=37)
    put_at(st, clock, {"kind": "milestone", "name": "impact_started"},
           now - timedelta(hours=5))  # fmt: skip
    put_at(st, clock, {"kind": "note", "text": "S3 errors began"}, long_ago)
    put_at(st, clock, {"kind": "task_delegated", "task": "check S3", "owner": "dev"}, long_ago)
    m = member(st, "jane", now)
    assert m.joined == m.first_seen == now  # when she wrote them, not when they happened
    assert m.on_duty(now) == timedelta(0) and m.since_break(now) == timedelta(0)
    assert member(st, "dev", now).joined == now  # named the owner now, not in 2017


def test_a_backdated_join_or_role_is_a_statement_about_presence(st, clock):
    clock.advance(minutes=30)
    now = clock.now()
    put_at(st, clock, {"kind": "person_joined", "person": "priya"}, now - timedelta(minutes=10))
    put_at(st, clock, {"kind": "role_assigned", "role": "scribe", "person": "sam"},
           now - timedelta(minutes=20))  # fmt: skip
    assert member(st, "priya", now).joined == now - timedelta(minutes=10)
    assert member(st, "sam", now).joined == now - timedelta(minutes=20)


def test_the_handover_record_counts_breaks(st, clock):
    from cockpit.core.roster import duty_words

    put(st, clock, {"kind": "role_assigned", "role": "ic", "person": "jane"}, minutes=0)
    clock.advance(minutes=60)
    put(st, clock, {"kind": "break_taken", "person": "jane", "minutes": 15}, author="jane",
        minutes=0)  # fmt: skip
    during = clock.now() + timedelta(minutes=5)
    words = duty_words(st, "jane", during)
    assert words == ("1h00m on duty (1h05m on the call, 5 min on breaks), 1h05m as IC, "
                     "on a break now, back in 10 min")  # fmt: skip
    after = clock.now() + timedelta(minutes=45)
    assert duty_words(st, "jane", after) == (
        "1h30m on duty (1h45m on the call, 15 min on breaks), 1h45m as IC, 30 min since a break"
    )
    assert duty_words(st, "ann", after).endswith(", no break")


def test_overlapping_breaks_count_each_minute_once(st, clock):
    put(st, clock, {"kind": "person_joined", "person": "priya"})
    put(st, clock, {"kind": "break_taken", "person": "priya", "minutes": 20}, minutes=10)
    put(st, clock, {"kind": "break_taken", "person": "priya", "minutes": 20}, minutes=10)
    m = member(st, "priya", clock.now() + timedelta(minutes=60))
    assert m.away == timedelta(minutes=30) and m.breaks == 2


def test_time_in_a_role_counts_from_coming_back_to_the_call(st, clock):
    from cockpit.core.roster import in_role_since

    put(st, clock, {"kind": "role_assigned", "role": "ic", "person": "jane"})
    put(st, clock, {"kind": "person_left", "person": "jane"}, minutes=60)
    back = put(st, clock, {"kind": "person_joined", "person": "jane"}, minutes=120)
    assert in_role_since(st, "jane", Role.IC, clock.now()) == back.at
    assert in_role_since(st, "ann", Role.IC, clock.now()) is None
