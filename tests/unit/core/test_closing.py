"""The end of an incident as pure rules (cockpit.core.closing): the monitoring window per
severity, at its end and one second before; resolving early needs a reason; loose ends are
listed; the criteria met are recorded; the stand-down releases each role and silences the
empty-role nudge; a reopen is recorded and the metrics count the final resolution."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cockpit.closing_settings import ClosingSettings
from cockpit.core import checklists, closing, nudges
from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.events import parse_body
from cockpit.core.metrics import compute
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Phase, Role, Severity

INC = "inc-closing"
T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


class Incident:
    """An incident written event by event on a fake clock (each at the clock's time unless
    backdated)."""

    def __init__(self, severity: str = "SEV2") -> None:
        self.clock = FakeClock(T0)
        self.state = IncidentState(INC)
        self.add({"kind": "incident_declared", "title": "Checkout down", "severity": severity})

    def add(self, body: dict, at: datetime | None = None, author: str = "maria") -> str:
        e = new_event(INC, author, body, self.clock, state=self.state, at=at)
        self.state.apply(e)
        return e.id

    def minutes(self, n: float) -> None:
        self.clock.advance(n * 60)

    def now(self) -> datetime:
        return self.clock.now()


def mitigated(inc: Incident) -> str:
    return inc.add({"kind": "milestone", "name": "mitigated", "text": "error rate falling"})


# ---- the monitoring window ------------------------------------------------------------------


def test_the_window_runs_from_the_last_mitigated_for_the_severitys_minutes():
    policy = ClosingSettings(monitor_minutes={"SEV1": 30, "default": 15}).policy()
    inc = Incident("SEV2")
    assert closing.monitor_window(inc.state, policy) is None  # nothing mitigated yet
    inc.minutes(10)
    first = mitigated(inc)
    inc.minutes(5)
    last = mitigated(inc)  # impact came back and was reduced again: the window starts over
    w = closing.monitor_window(inc.state, policy)
    assert w is not None and (w.mitigated, w.minutes) == (last, 15) and w.mitigated != first
    assert w.end == inc.now() + timedelta(minutes=15)
    inc.add({"kind": "severity_set", "severity": "SEV1", "reason": "spreading"})
    assert closing.monitor_window(inc.state, policy).minutes == 30  # the severity in force


def test_the_window_counts_until_its_end_and_not_one_second_longer():
    inc = Incident()
    mitigated(inc)
    end = inc.now() + timedelta(minutes=15)
    before = closing.counting(inc.state, end - timedelta(seconds=1))
    assert before is not None and before.left(end - timedelta(seconds=1)) == timedelta(seconds=1)
    assert closing.counting(inc.state, end) is None
    inc.add({"kind": "phase_set", "phase": "resolved", "reason": "flat"})
    assert closing.counting(inc.state, end - timedelta(minutes=5)) is None  # over: not shown


def test_no_window_at_a_severity_set_to_zero_and_the_settings_refuse_typos():
    inc = Incident("SEV4")
    mitigated(inc)
    policy = ClosingSettings(monitor_minutes={"sev4": 0}).policy()
    assert policy.minutes(Severity.SEV4) == 0 and policy.minutes(Severity.SEV2) == 15
    assert closing.monitor_window(inc.state, policy) is None
    assert ClosingSettings(monitor_minutes=20).policy().minutes(Severity.SEV1) == 20
    with pytest.raises(ValueError, match="'P0' is not a severity"):
        ClosingSettings(monitor_minutes={"P0": 30})
    with pytest.raises(ValueError, match="between 0 and"):
        ClosingSettings(monitor_minutes=-1)
    with pytest.raises(ValueError):
        ClosingSettings(monitor_minute=15)  # type: ignore[call-arg]  # extra: a typo shows


@pytest.mark.parametrize(("after", "early"), [(15 * 60 - 1, True), (15 * 60, False)])
def test_resolving_one_second_before_the_window_ends_is_early_and_at_its_end_is_not(after, early):
    inc = Incident()
    mitigated(inc)
    at = inc.now() + timedelta(seconds=after)
    move = closing.check_move(inc.state, Phase.RESOLVED, at)
    assert move.resolving and move.window is not None
    assert (move.early is not None) is early
    if early:
        assert move.early == timedelta(seconds=1)
        body = closing.criteria_body(move, (), "phase-id")
        assert (body["early_by"], body["window_minutes"]) == (1, 15)
        assert "resolved 1 s before the 15-minute monitoring window ended" in (
            parse_body(body).describe(tz=UTC)
        )
    else:
        assert "early_by" not in closing.criteria_body(move, ())


def test_a_move_that_does_not_end_the_incident_asks_nothing():
    inc = Incident()
    mitigated(inc)
    move = closing.check_move(inc.state, Phase.MONITORING, inc.now())
    assert not move.resolving and not move.closing and move.early is None and not move.loose
    inc.add({"kind": "phase_set", "phase": "resolved", "reason": "flat"})
    again = closing.check_move(inc.state, Phase.RESOLVED, inc.now())  # already resolved
    assert not again.resolving and again.early is None


# ---- criteria and loose ends ------------------------------------------------------------------


def test_the_criteria_met_are_the_ticked_ones_unless_said_and_are_recorded():
    inc = Incident()
    criteria = checklists.RESOLUTION
    inc.add({"kind": "checklist_item", "checklist": "resolution",
             "item": "Customer impact ended", "checked": True})  # fmt: skip
    assert closing.ticked_criteria(inc.state, criteria) == ("Customer impact ended",)
    assert closing.parse_met("all", criteria) == criteria.items
    assert closing.parse_met("none", criteria) == ()
    assert closing.parse_met("4, restored", criteria) == (
        "Affected services restored", "No known residual issues")  # fmt: skip
    with pytest.raises(ValueError, match="matches none"):
        closing.parse_met("pizza", criteria)
    move = closing.check_move(inc.state, Phase.RESOLVED, inc.now())
    body = closing.criteria_body(move, ("Customer impact ended",), "p1")
    assert body["met"] == ["Customer impact ended"] and len(body["unmet"]) == 3
    inc.add(body)
    (e,) = inc.state.ending.criteria
    assert e.body.met == ("Customer impact ended",) and e.body.phase_event == "p1"
    assert "1 of 4 met" in e.body.describe(tz=UTC)


def test_a_users_resolution_checklist_replaces_the_built_in_criteria():
    own = (checklists.Checklist("resolution", "Our criteria", ("SLO green", "Support agrees")),)
    inc = Incident()
    move = closing.check_move(inc.state, Phase.RESOLVED, inc.now(), own=own)
    assert move.criteria.items == ("SLO green", "Support agrees")
    assert closing.criteria_body(move, ("SLO green",))["checklist"] == "resolution"


def test_loose_ends_list_what_is_in_flight_open_or_not_done():
    inc = Incident()
    inc.add({"kind": "mitigation_started", "what": "Roll back 4812", "by": "dev"})
    inc.add({"kind": "task_delegated", "task": "Check the PSP", "owner": "priya"})
    for item in checklists.RECOVERY.items[:-1]:
        inc.add({"kind": "checklist_item", "checklist": "recovery", "item": item,
                 "checked": True})  # fmt: skip
    move = closing.check_move(inc.state, Phase.CLOSED, inc.now())
    assert move.closing and [x.what for x in move.loose] == ["mitigation", "task", "recovery"]
    assert [x.text for x in move.loose] == [
        "mitigation in flight: Roll back 4812 (by dev)",
        "open task: priya: Check the PSP (not acknowledged)",
        "recovery not done: Postmortem scheduled",
    ]
    assert closing.loose_words(move.loose).endswith("recovery not done: Postmortem scheduled")
    body = closing.override_body(move, "handed over to INC-4", "p2")
    inc.add(body)
    (e,) = inc.state.ending.overrides
    assert e.body.open[0].startswith("mitigation in flight") and e.body.reason.startswith("handed")
    # closing an already closed incident again asks nothing
    inc.add({"kind": "phase_set", "phase": "closed"})
    assert not closing.check_move(inc.state, Phase.CLOSED, inc.now()).loose


# ---- the all-clear and reopening ------------------------------------------------------------


def staffed() -> Incident:
    inc = Incident()
    for role, person in (("ic", "maria"), ("scribe", "sam"), ("sme", "dev"), ("sme", "kim")):
        inc.add({"kind": "role_assigned", "role": role, "person": person})
    return inc


def test_the_all_clear_releases_each_role_and_silences_the_empty_role_nudge():
    inc = staffed()
    assert "resolve it first" in closing.all_clear_refusal(inc.state)
    inc.minutes(30)
    inc.add({"kind": "phase_set", "phase": "resolved", "reason": "flat"})
    assert closing.all_clear_refusal(inc.state) is None
    bodies = closing.stand_down_bodies(inc.state, "upd-1")
    assert [(b["role"], b["person"], b["note"]) for b in bodies[:-1]] == [
        ("ic", "maria", "stood down"), ("scribe", "sam", "stood down"),
        ("sme", "dev", "stood down"), ("sme", "kim", "stood down")]  # fmt: skip
    assert bodies[-1] == {"kind": "stood_down", "released": 4, "update": "upd-1"}
    for b in bodies:
        inc.add(b)
    assert all(not inc.state.holders(r) for r in Role)
    assert closing.stood_down(inc.state) is not None
    assert "already stood down" in closing.all_clear_refusal(inc.state)
    inc.minutes(60)
    assert not [n for n in nudges.current(inc.state, inc.now()) if n.rule == "role_empty"]


def test_stood_down_with_the_phase_open_no_role_counts_as_empty():
    """The nudges read the stand-down itself, not only the phase: a stand-down recorded by
    another terminal while this one still shows the incident open asks for nobody."""
    inc = staffed()
    for b in closing.stand_down_bodies(inc.state):
        inc.add(b)
    inc.minutes(30)
    assert inc.state.phase is Phase.DECLARED and closing.stood_down(inc.state) is not None
    assert not [n for n in nudges.current(inc.state, inc.now()) if n.rule == "role_empty"]


def test_reopened_after_the_all_clear_the_roles_count_as_empty_from_the_reopening():
    inc = staffed()
    inc.add({"kind": "phase_set", "phase": "resolved", "reason": "flat"})
    for b in closing.stand_down_bodies(inc.state):
        inc.add(b)
    inc.minutes(120)  # two hours later, the 5xx are back
    assert closing.reopen_choices(inc.state)[0] is Phase.INVESTIGATING
    inc.add({"kind": "phase_set", "phase": "investigating", "reason": "5xx are back"})
    assert closing.stood_down(inc.state) is None  # the team is called back
    inc.minutes(1)
    assert not [n for n in nudges.current(inc.state, inc.now()) if n.rule == "role_empty"]
    inc.minutes(1)  # two minutes after the reopening, not two hours after the release
    empty = [n for n in nudges.current(inc.state, inc.now()) if n.rule == "role_empty"]
    assert {n.id for n in empty} == {"role_empty:ic", "role_empty:scribe"}
    assert "for 2 min" in empty[0].text
    # resolved again: a new all-clear stands the team down again
    inc.add({"kind": "phase_set", "phase": "resolved", "reason": "fixed for good"})
    assert closing.stood_down(inc.state) is None and closing.all_clear_refusal(inc.state) is None


def test_reopen_offers_the_phase_before_the_resolution_second():
    inc = Incident()
    inc.add({"kind": "phase_set", "phase": "monitoring"})
    inc.add({"kind": "phase_set", "phase": "resolved", "reason": "flat"})
    assert closing.previous_open_phase(inc.state) is Phase.MONITORING
    assert closing.reopen_choices(inc.state)[:2] == [Phase.INVESTIGATING, Phase.MONITORING]


def test_a_reopened_incident_counts_its_final_resolution():
    inc = Incident()
    inc.add({"kind": "milestone", "name": "detected"}, at=T0)
    inc.minutes(30)
    inc.add({"kind": "phase_set", "phase": "resolved", "reason": "flat"})
    inc.minutes(30)
    inc.add({"kind": "phase_set", "phase": "investigating", "reason": "back"})
    m = compute(inc.state, inc.now())
    assert m.values["time_to_resolve"].seconds is None  # open again: not resolved
    inc.minutes(45)
    inc.add({"kind": "phase_set", "phase": "resolved", "reason": "fixed for good"})
    m = compute(inc.state, inc.now())
    assert m.values["time_to_resolve"].seconds == (30 + 30 + 45) * 60
