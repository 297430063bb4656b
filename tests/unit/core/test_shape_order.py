"""Which orders of the shape's facts cannot be (an answer before its page, an impact end
before the start it ends), and which are only unusual and stay allowed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.milestones import Milestone
from cockpit.core.shape_order import ack_problem, clock_text, milestone_problem
from cockpit.core.state import IncidentState

INC = "inc-order"
T0 = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


def at(hhmm: str) -> datetime:
    h, m = hhmm.split(":")
    return T0.replace(hour=int(h), minute=int(m))


def build(*steps: tuple[str, dict]) -> IncidentState:
    clock = FakeClock(T0 + timedelta(days=1))
    state = IncidentState(INC)
    state.apply(new_event(INC, "ann", {"kind": "incident_declared", "title": "t"}, clock,
                          at=at("03:00")))  # fmt: skip
    for when, body in steps:
        clock.advance(1)
        state.apply(new_event(INC, "ann", body, clock, at=at(when), state=state))
    return state


def ms(name: str, **fields) -> Milestone:
    return Milestone.model_validate({"kind": "milestone", "name": name, **fields})


def stored(name: str, **fields) -> dict:
    return {"kind": "milestone", "name": name, **fields}


def test_an_answer_before_the_page_it_answers_cannot_be():
    state = build(("04:12", {"kind": "person_paged", "person": "bob"}))
    problem = ack_problem(state.pages, "bob", at("04:05"), UTC)
    assert problem == ("bob's page was sent at 04:12, so an answer at 04:05 would come before "
                       "it; give the time they answered (04:12 or later)")  # fmt: skip
    assert ack_problem(state.pages, "bob", at("04:12"), UTC) is None
    assert ack_problem(state.pages, "Bob ", at("04:20"), UTC) is None
    assert ack_problem(state.pages, "dee", at("04:05"), UTC) is None  # no page: alone, allowed


def test_a_page_with_seconds_and_another_day_say_so():
    state = build(("04:12", {"kind": "person_paged", "person": "bob"}))
    page = state.pages.paged[0]
    assert clock_text(page.at + timedelta(seconds=52), UTC) == "04:12:52"
    earlier = at("04:12") - timedelta(days=1)
    problem = ack_problem(state.pages, "bob", earlier, timezone(timedelta(hours=2)))
    assert problem is not None and "sent at 2026-11-23 06:12" in problem
    assert "answer at 2026-11-22 06:12" in problem


def test_an_impact_end_before_the_start_it_ends_cannot_be():
    state = build(("05:00", stored("impact_started")))
    problem = milestone_problem(state.milestones, ms("impact_ended"), at("04:30"), UTC)
    assert problem == ("impact on the whole service started at 05:00, so an end at 04:30 would "
                       "come before the start it ends; give the time impact ended (05:00 or "
                       "later), or correct that start")  # fmt: skip
    assert milestone_problem(state.milestones, ms("impact_ended"), at("05:30"), UTC) is None


def test_per_component_an_end_only_ends_its_own_start():
    state = build(("04:00", stored("impact_started", component="api")),
                  ("05:00", stored("impact_started", component="db")))  # fmt: skip
    assert milestone_problem(state.milestones, ms("impact_ended", component="API"), at("04:30"),
                             UTC) is None  # fmt: skip
    problem = milestone_problem(state.milestones, ms("impact_ended", component="db"),
                                at("04:30"), UTC)  # fmt: skip
    assert problem is not None and problem.startswith("impact on db started at 05:00")


def test_a_correction_that_moves_a_start_after_its_end_cannot_be():
    state = build(("04:00", stored("impact_started")), ("04:30", stored("impact_ended")))
    start = state.milestones[0]
    problem = milestone_problem(state.milestones, ms("impact_started", corrects=start.id),
                                at("05:00"), UTC)  # fmt: skip
    assert problem == ("impact on the whole service was recorded as ended at 04:30, so a start "
                       "at 05:00 would come after its end; give a start before 04:30, or "
                       "correct that end first")  # fmt: skip
    assert milestone_problem(state.milestones, ms("impact_started", corrects=start.id),
                             at("04:10"), UTC) is None  # fmt: skip
    end = state.milestones[1]
    problem = milestone_problem(state.milestones, ms("impact_ended", corrects=end.id),
                                at("03:50"), UTC)  # fmt: skip
    assert problem is not None and "would come before the start it ends" in problem


def test_unusual_orders_stay_allowed():
    """Impact coming back after it ended, a start after an end that ended nothing it knew of,
    detection and mitigation in any order: real incidents do these."""
    state = build(("04:00", stored("impact_started")), ("04:30", stored("impact_ended")))
    for name, when in (("impact_started", "05:00"), ("detected", "03:30"),
                       ("mitigated", "03:40"), ("cause_identified", "03:10")):  # fmt: skip
        assert milestone_problem(state.milestones, ms(name), at(when), UTC) is None, name
    loose = build(("04:30", stored("impact_ended")))  # its start never recorded
    assert milestone_problem(loose.milestones, ms("impact_started"), at("05:00"), UTC) is None
