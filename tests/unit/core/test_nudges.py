"""Every nudge rule at its threshold and one second before (issue 15), with the fake clock;
the order of urgency, snoozes, and what each says about why."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from cockpit.core import nudges
from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.state import IncidentState

INC = "inc-1"
SECOND = timedelta(seconds=1)
T = nudges.Thresholds()


class Log:
    """An incident built event by event on a fake clock."""

    def __init__(self, clock: FakeClock, severity: str = "SEV2", roles: bool = True) -> None:
        self.clock = clock
        self.state = IncidentState(INC)
        self.put({"kind": "incident_declared", "title": "checkout", "severity": severity},
                 author="ann", after=0)  # fmt: skip
        self.declared = clock.now()
        if roles:  # the roles filled and something in flight: only the rule under test fires
            self.put({"kind": "role_assigned", "role": "ic", "person": "ann"}, after=0)
            self.put({"kind": "role_assigned", "role": "scribe", "person": "sam"}, after=0)

    def put(self, body: dict, author: str = "ann", after: float = 1, **kw):
        self.clock.advance(after)
        e = new_event(INC, author, body, self.clock, state=self.state, **kw)
        self.state.apply(e)
        return e

    def ids(self, now: datetime, t: nudges.Thresholds = T) -> list[str]:
        return [n.id for n in nudges.active(self.state, now, t)]

    def only(self, rule: str, now: datetime, t: nudges.Thresholds = T) -> list[nudges.Nudge]:
        return [n for n in nudges.active(self.state, now, t) if n.rule == rule]


def fires_at(log: Log, nudge_id: str, at: datetime, t: nudges.Thresholds = T) -> None:
    """Due exactly at `at`, not one second before."""
    assert nudge_id not in log.ids(at - SECOND, t), f"{nudge_id} one second early"
    assert nudge_id in log.ids(at, t), f"{nudge_id} not due at its threshold"


@pytest.fixture
def log(clock: FakeClock) -> Log:
    return Log(clock)


def busy_log(log: Log) -> None:
    """Keep `idle` and `check_in` out of the way: a task in progress, acknowledged."""
    t = log.put({"kind": "task_delegated", "task": "watch the graphs", "owner": "bob"})
    log.put({"kind": "task_status", "target": t.id, "status": "acknowledged"})


# ---- each rule at its threshold ---------------------------------------------------------------


def test_conflict_is_due_as_soon_as_two_writes_did_not_see_each_other(log):
    a = new_event(
        INC, "ann", {"kind": "severity_set", "severity": "SEV1"}, log.clock, state=log.state
    )
    b = new_event(
        INC, "bob", {"kind": "severity_set", "severity": "SEV3"}, log.clock, state=log.state
    )
    log.state.apply(a)
    assert not log.only("conflict", log.clock.now() + timedelta(hours=1))
    log.state.apply(b)  # its threshold is the second write: due now, whatever the clocks say
    (n,) = log.only("conflict", log.clock.now() - timedelta(minutes=1))
    assert n.id == "conflict:severity" and n.action == "resolve"
    assert "SEV1 (ann)" in n.text and "SEV3 (bob)" in n.text


def test_an_empty_ic_or_scribe_after_two_minutes(clock):
    log = Log(clock, roles=False)
    fires_at(log, "role_empty:ic", log.declared + T.empty_role)
    fires_at(log, "role_empty:scribe", log.declared + T.empty_role)
    (ic, scribe) = log.only("role_empty", log.declared + timedelta(minutes=3))
    assert ic.text == "no Incident Commander for 3 min: nobody coordinates the response"
    assert scribe.text == "no Scribe for 3 min: nobody keeps the record"


def test_a_released_role_counts_from_its_release_and_not_once_resolved(log):
    r = log.put({"kind": "role_released", "role": "scribe", "person": "sam"}, after=600)
    fires_at(log, "role_empty:scribe", r.at + T.empty_role)
    log.put({"kind": "phase_set", "phase": "resolved"})
    log.put({"kind": "role_released", "role": "ic", "person": "ann"})
    assert not log.only("role_empty", log.clock.now() + timedelta(hours=1))
    log.put({"kind": "phase_set", "phase": "investigating", "reason": "it came back"})
    assert {n.id for n in log.only("role_empty", log.clock.now() + T.empty_role)} == {
        "role_empty:ic",
        "role_empty:scribe",
    }  # reopened: nobody holds them now


def test_nothing_in_progress_says_why(log):
    fires_at(log, "idle", log.clock.now() + T.idle)
    (n,) = log.only("idle", log.clock.now() + timedelta(minutes=7))
    assert n.text == ("nothing in progress for 7 min: no mitigation in flight, "
                      "no acknowledged task")  # fmt: skip
    m = log.put({"kind": "mitigation_started", "what": "roll back 4812", "by": "bob"})
    assert not log.only("idle", log.clock.now() + timedelta(hours=1))
    log.put({"kind": "mitigation_outcome", "mitigation": m.id, "outcome": "no_effect"})
    log.put({"kind": "task_delegated", "task": "check the pool", "owner": "dev"}, after=0)
    at = log.clock.now() + T.idle
    fires_at(log, "idle", at)
    (n,) = log.only("idle", at)
    assert n.text == ("nothing in progress for 5 min: no mitigation in flight (the last, roll "
                      "back 4812: no effect), no acknowledged task (1 waiting for ack)")  # fmt: skip


def test_a_task_not_acknowledged_after_three_minutes(log):
    busy_log(log)
    t = log.put({"kind": "task_delegated", "task": "check the pool", "owner": "dev"})
    fires_at(log, f"task_unacked:{t.id}", t.at + T.unacked_task)
    log.put({"kind": "task_status", "target": t.id, "status": "acknowledged"})
    assert f"task_unacked:{t.id}" not in log.ids(log.clock.now() + timedelta(hours=1))


def test_a_page_nobody_answered_after_five_minutes_and_an_answer_or_a_join_takes_it(log):
    busy_log(log)
    p = log.put({"kind": "person_paged", "person": "dev", "via": "pager"})
    fires_at(log, f"page_unacked:{p.id}", p.at + T.page_ack)
    (n,) = log.only("page_unacked", p.at + T.page_ack)
    assert n.action == "page" and "no answer from dev, paged via pager" in n.text
    log.put({"kind": "page_acknowledged", "person": "dev", "via": "pager"})
    assert log.only("page_unacked", log.clock.now() + timedelta(hours=1)) == []
    q = log.put({"kind": "person_paged", "person": "kim"})
    log.put({"kind": "person_joined", "person": "kim"})  # she came: the page was answered
    assert f"page_unacked:{q.id}" not in log.ids(q.at + T.page_ack)


def test_a_task_overdue_at_its_due_time(log):
    busy_log(log)
    due = log.clock.now() + timedelta(minutes=15)
    t = log.put({"kind": "task_delegated", "task": "check the pool", "owner": "dev",
                 "due": due.isoformat()})  # fmt: skip
    log.put({"kind": "task_status", "target": t.id, "status": "acknowledged"})
    fires_at(log, f"task_overdue:{t.id}", due)
    (n,) = log.only("task_overdue", due + timedelta(minutes=5))
    assert n.text == "overdue: dev: check the pool, due 14:15 (5 min ago)"
    log.put({"kind": "task_status", "target": t.id, "status": "done"})
    assert not log.only("task_overdue", due + timedelta(minutes=5))


def test_report_back_counts_from_the_last_word_and_a_note_naming_the_owner_resets_it(log):
    busy_log(log)
    every = timedelta(minutes=25)
    t = log.put({"kind": "task_delegated", "task": "DB pool", "owner": "priya",
                 "report_back": (log.clock.now() + every + SECOND).isoformat()})  # fmt: skip
    log.put({"kind": "task_status", "target": t.id, "status": "acknowledged"}, after=60)
    acked = log.clock.now()
    fires_at(log, f"report_back:{t.id}", acked + every)
    (n,) = log.only("report_back", acked + every)
    assert n.text == "check in with priya: DB pool, 25 min since last heard"
    # a scribe types what she said on the call: a note that names her is word from her
    log.put({"kind": "note", "text": "@priya says the pool drains, 80% now"}, author="sam",
            after=600)  # fmt: skip
    fires_at(log, f"report_back:{t.id}", log.clock.now() + every)
    # her own note about something else, not naming her, is not a report (scribes type for
    # experts; authorship is not word from them)
    log.put({"kind": "note", "text": "coffee"}, author="priya", after=60)
    assert f"report_back:{t.id}" in log.ids(log.clock.now() - timedelta(minutes=1) + every)


def test_a_task_without_a_report_back_time_never_asks(log):
    busy_log(log)
    log.put({"kind": "task_delegated", "task": "x", "owner": "bob"})
    assert not log.only("report_back", log.clock.now() + timedelta(days=1))


def test_the_ic_holding_hands_on_work(log):
    busy_log(log)
    m = log.put({"kind": "mitigation_started", "what": "restart pods", "by": "ann"})
    fires_at(log, "ic_hands_on:ann", m.at + T.ic_hands_on)
    (n,) = log.only("ic_hands_on", m.at + T.ic_hands_on)
    assert n.text == ("the IC, ann, runs the mitigation “restart pods”: the IC coordinates; "
                      "hand the work to someone else")  # fmt: skip
    log.put({"kind": "mitigation_outcome", "mitigation": m.id, "outcome": "worked"})
    assert not log.only("ic_hands_on", log.clock.now() + timedelta(hours=1))
    t = log.put({"kind": "task_delegated", "task": "call the vendor", "owner": "ann"})
    fires_at(log, "ic_hands_on:ann", t.at + T.ic_hands_on)


def test_one_person_holding_more_than_one_open_task(log):
    busy_log(log)
    log.put({"kind": "task_delegated", "task": "DB pool", "owner": "priya"})
    assert not log.only("busy", log.clock.now() + timedelta(hours=1))  # one is fine
    second = log.put({"kind": "task_delegated", "task": "cache warmup", "owner": "priya"})
    fires_at(log, "busy:priya", second.at)
    (n,) = log.only("busy", second.at)
    assert n.text == ("several tasks: priya holds 2 open (DB pool; cache warmup); one problem "
                      "at a time: hand one to someone else")  # fmt: skip
    assert not log.only("busy", second.at, nudges.Thresholds(open_tasks=2))


def test_ic_rotation_after_three_hours_in_the_role(log):
    ic_since = log.state.holders(nudges.Role.IC)[0].since
    fires_at(log, "ic_rotation:ann", ic_since + T.ic_rotation)
    (n,) = log.only("ic_rotation", ic_since + timedelta(hours=3, minutes=5))
    assert n.text == "rotate the IC: ann has been IC for 3h05m; hand over with a briefing"
    handover = log.put({"kind": "role_assigned", "role": "ic", "person": "bob"}, after=3 * 3600)
    assert not log.only("ic_rotation", log.clock.now())
    fires_at(log, "ic_rotation:bob", handover.at + T.ic_rotation)


def test_break_due_after_two_hours_on_duty_and_counted_from_the_last_break(log):
    joined = log.put({"kind": "person_joined", "person": "priya"})
    fires_at(log, "break_due:priya", joined.at + T.break_every)
    (n,) = [x for x in log.only("break_due", joined.at + T.break_every) if x.id.endswith("priya")]
    assert n.text == "break due: priya, 2h00m on duty without a break"
    log.clock.set(joined.at + timedelta(hours=1))
    brk = log.put({"kind": "break_taken", "person": "priya", "minutes": 15})
    back = brk.at + timedelta(minutes=15)
    assert "break_due:priya" not in log.ids(back - SECOND)  # on the break itself: never due
    fires_at(log, "break_due:priya", back + T.break_every)
    (n,) = [x for x in log.only("break_due", back + T.break_every) if x.id.endswith("priya")]
    assert n.text.endswith("since their last break")


def test_nobody_on_a_break_or_gone_is_due_for_one(log):
    p = log.put({"kind": "person_joined", "person": "priya"})
    until = p.at + timedelta(hours=5)
    log.put({"kind": "break_taken", "person": "priya", "until": until.isoformat()},
            after=T.break_every.total_seconds() - 10)  # fmt: skip
    assert "break_due:priya" not in log.ids(until - SECOND)
    log.put({"kind": "person_left", "person": "ann"})
    assert "break_due:ann" not in log.ids(log.clock.now() + timedelta(hours=5))


def test_check_in_during_a_lull(log):
    busy_log(log)
    last = log.put({"kind": "note", "text": "waiting for the rollback"})
    fires_at(log, "check_in", last.at + T.check_in)
    (n,) = log.only("check_in", last.at + T.check_in)
    assert n.text == ("quiet for 15 min: check in: restate the impact, the actions in progress "
                      "and when each should finish")  # fmt: skip


def test_consider_downgrading_late_at_night_in_a_long_incident_once(clock):
    berlin = ZoneInfo("Europe/Berlin")
    t = nudges.Thresholds(tz=berlin)
    clock.set(datetime(2026, 11, 23, 17, 0, tzinfo=berlin))  # declared at five in the evening
    log = Log(clock, severity="SEV2")
    busy_log(log)
    night = datetime(2026, 11, 23, 22, 0, tzinfo=berlin)
    assert log.only("downgrade", night - SECOND, t) == []
    assert [n.id for n in log.only("downgrade", night, t)] == ["downgrade"]
    assert "into a SEV2 incident" in log.only("downgrade", night, t)[0].text
    morning = datetime(2026, 11, 24, 6, 0, tzinfo=berlin)
    assert log.only("downgrade", morning - SECOND, t) and not log.only("downgrade", morning, t)
    # decided: kept for the night (a snooze until morning, with the reason), then it is quiet
    clock.set(night + timedelta(minutes=3))
    log.put({"kind": "nudge_snoozed", "nudge": "downgrade", "until": morning.isoformat(),
             "reason": "keep SEV2: EU payments still fail"})  # fmt: skip
    assert not log.only("downgrade", morning - SECOND, t)
    # the next night asks again; a severity set that night counts as the decision
    next_night = night + timedelta(days=1)
    assert log.only("downgrade", next_night, t)
    clock.set(next_night + timedelta(minutes=1))
    log.put({"kind": "severity_set", "severity": "SEV3", "reason": "stop for the night"})
    assert not log.only("downgrade", log.clock.now(), t)


def test_a_short_incident_is_not_asked_to_downgrade(clock):
    clock.set(datetime(2026, 11, 23, 21, 0, tzinfo=UTC))
    log = Log(clock)
    busy_log(log)
    fires_at(log, "downgrade", log.declared + T.long_incident)  # 01:00, four hours in
    assert not log.only("downgrade", datetime(2026, 11, 23, 23, 0, tzinfo=UTC))
    sev4 = Log(FakeClock(datetime(2026, 11, 23, 17, 0, tzinfo=UTC)), severity="SEV4")
    assert not sev4.only("downgrade", datetime(2026, 11, 23, 23, 0, tzinfo=UTC))


def test_the_night_may_or_may_not_cross_midnight():
    t = nudges.Thresholds(night_start=time(1, 0), night_end=time(5, 0))
    assert nudges.night(datetime(2026, 1, 1, 0, 59, tzinfo=UTC), t) is None
    assert nudges.night(datetime(2026, 1, 1, 1, 0, tzinfo=UTC), t) == (
        datetime(2026, 1, 1, 1, 0, tzinfo=UTC),
        datetime(2026, 1, 1, 5, 0, tzinfo=UTC),
    )
    off = nudges.Thresholds(night_start=time(0, 0), night_end=time(0, 0))
    assert nudges.night(datetime(2026, 1, 1, 3, 0, tzinfo=UTC), off) is None


# ---- order, snoozes, closed incidents --------------------------------------------------------


def test_the_most_urgent_comes_first(clock):
    log = Log(clock, roles=False)
    log.put({"kind": "task_delegated", "task": "DB pool", "owner": "priya"})
    later = log.clock.now() + timedelta(minutes=10)
    assert [n.rule for n in nudges.active(log.state, later)] == [
        "role_empty", "role_empty", "idle", "task_unacked"]  # fmt: skip
    assert [n.rule for n in nudges.active(log.state, later)][0] == "role_empty"


def test_a_snooze_hides_one_nudge_until_its_time_and_the_latest_wins(log):
    at = log.clock.now() + T.idle
    assert "idle" in log.ids(at)
    until = at + timedelta(minutes=30)
    log.clock.set(at)
    s = log.put({"kind": "nudge_snoozed", "nudge": "idle", "until": until.isoformat(),
                 "reason": "waiting for the vendor's call"}, after=0)  # fmt: skip
    assert "idle" not in log.ids(until - SECOND)
    (n,) = [x for x in nudges.current(log.state, until - SECOND) if x.id == "idle"]
    assert n.snoozed and n.snooze.id == s.id and n.until == until
    assert "idle" in log.ids(until)  # never for good
    log.put({"kind": "nudge_snoozed", "nudge": "idle", "until": log.clock.now().isoformat(),
             "reason": "the vendor called"}, after=60)  # fmt: skip
    assert "idle" in log.ids(log.clock.now())  # snoozed until now: back


def test_a_snooze_reaches_at_most_max_snooze_except_the_nights_decision():
    now = datetime(2026, 11, 23, 23, 0, tzinfo=UTC)
    assert nudges.snooze_limit("idle", now) == now + timedelta(hours=4)
    assert nudges.snooze_limit("downgrade", now) == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    assert nudges.snooze_limit("downgrade", now.replace(hour=12)) == now.replace(hour=16)


def test_a_resolved_incident_stops_the_pace_nudges(log):
    log.put({"kind": "person_joined", "person": "priya"})
    log.put({"kind": "phase_set", "phase": "resolved"})
    later = log.clock.now() + timedelta(hours=10)
    assert {n.rule for n in nudges.active(log.state, later)} == set()


def test_the_fold_of_pace_events_is_order_free(clock):
    log = Log(clock)
    events = [
        log.put({"kind": "person_joined", "person": "priya"}),
        log.put({"kind": "break_taken", "person": "priya", "minutes": 10}),
        log.put({"kind": "person_left", "person": "priya"}),
        log.put({"kind": "person_joined", "person": "priya"}),
        log.put(
            {
                "kind": "nudge_snoozed",
                "nudge": "idle",
                "until": clock.now().isoformat(),
                "reason": "x",
            }
        ),  # fmt: skip
        log.put({"kind": "note", "text": "@priya: drained"}),
    ]
    forward, backward = IncidentState(INC), IncidentState(INC)
    forward.apply_all(events)
    backward.apply_all(reversed(events))
    assert forward.pace.snapshot() == backward.pace.snapshot()


# ---- the IC or the scribe stepping away -------------------------------------------------------


def test_the_ic_on_a_break_asks_for_a_handover_or_a_deputy_at_once(log):
    busy_log(log)
    b = log.put({"kind": "break_taken", "person": "ann", "minutes": 30})
    fires_at(log, "role_away:ic:ann", b.at)
    (n,) = log.only("role_away", b.at)
    assert n.text == "the IC, ann, is on a break until 14:30: hand over IC or name a deputy"
    assert n.action == "handover"
    assert "role_away:ic:ann" not in log.ids(b.at + timedelta(minutes=30))  # back
    later = nudges.Thresholds(role_away=timedelta(minutes=2))  # the config may wait a little
    fires_at(log, "role_away:ic:ann", b.at + timedelta(minutes=2), later)


def test_a_deputy_on_the_call_covers_the_ic_and_another_scribe_covers_a_scribe(log):
    busy_log(log)
    log.put({"kind": "role_assigned", "role": "deputy_ic", "person": "dee"})
    log.put({"kind": "role_assigned", "role": "scribe", "person": "sid"})
    log.put({"kind": "break_taken", "person": "ann", "minutes": 30})
    log.put({"kind": "break_taken", "person": "sam", "minutes": 30})
    assert log.only("role_away", log.clock.now()) == []
    log.put({"kind": "break_taken", "person": "dee", "minutes": 30})  # the deputy steps away too
    assert [n.id for n in log.only("role_away", log.clock.now())] == ["role_away:ic:ann"]


def test_the_scribe_who_left_asks_for_another(log):
    busy_log(log)
    gone = log.put({"kind": "person_left", "person": "sam"})
    (n,) = log.only("role_away", gone.at)
    assert n.id == "role_away:scribe:sam" and n.action == "assign"
    assert n.text == ("the scribe, sam, left the call at 14:00: name another scribe while they "
                      "are away")  # fmt: skip


def test_the_ic_away_comes_right_after_an_empty_role(clock):
    log = Log(clock, roles=False)
    log.put({"kind": "role_assigned", "role": "ic", "person": "ann"})
    log.put({"kind": "break_taken", "person": "ann", "minutes": 30})
    rules = [n.rule for n in nudges.active(log.state, log.clock.now() + timedelta(minutes=5))]
    assert rules[:3] == ["role_empty", "role_away", "idle"]
    assert nudges.TITLES["role_away"] == "role holder away"


def test_ic_rotation_counts_from_coming_back_to_the_call(log):
    busy_log(log)
    log.put({"kind": "person_left", "person": "ann"}, after=3600)
    back = log.put({"kind": "person_joined", "person": "ann"}, after=3 * 3600)
    fires_at(log, "ic_rotation:ann", back.at + T.ic_rotation)


def test_a_backdated_note_does_not_make_a_break_due(log):
    busy_log(log)
    log.clock.advance(timedelta(minutes=30))
    long_ago = log.clock.now() - timedelta(days=3000)
    log.put({"kind": "note", "text": "the first alert, from the archive"}, author="jane",
            at=long_ago)  # fmt: skip
    assert "break_due:jane" not in log.ids(log.clock.now() + timedelta(minutes=10))
    fires_at(log, "break_due:jane", log.clock.now() + T.break_every)
