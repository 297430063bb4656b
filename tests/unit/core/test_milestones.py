"""Milestones: what each may carry, how it reads, the words people type for them, and the
page view (who was paged, who answered which page)."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from cockpit.core import events as ev
from cockpit.core import kinds
from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.milestones import (
    Milestone,
    MilestoneName,
    parse_how,
    parse_level,
    parse_milestone,
)
from cockpit.core.state import IncidentState

T0 = datetime(2026, 11, 23, 14, tzinfo=UTC)


def test_a_milestone_carries_only_what_fits_its_name():
    ok = ev.parse_body({"kind": "milestone", "name": "impact_started", "component": "api",
                        "level": "outage"})  # fmt: skip
    assert ok.describe(tz=UTC) == "Impact started (api, outage)"
    assert ok.model_dump_json() == (
        '{"kind":"milestone","name":"impact_started","component":"api","level":"outage"}'
    )  # only what was given is written
    with pytest.raises(ValidationError, match="impact_started only"):
        ev.parse_body({"kind": "milestone", "name": "detected", "level": "outage"})
    with pytest.raises(ValidationError, match="detected only"):
        ev.parse_body({"kind": "milestone", "name": "mitigated", "how": "customer"})
    with pytest.raises(ValidationError):
        ev.parse_body({"kind": "milestone", "name": "resolved"})  # a phase, not a milestone
    detected = ev.parse_body({"kind": "milestone", "name": "detected", "how": "customer",
                              "text": "ticket 4411"})  # fmt: skip
    assert detected.describe(tz=UTC) == "Detected by a customer report: ticket 4411"


def test_each_milestone_reads_as_its_name_in_the_timeline():
    labels = {m: kinds.label("milestone", Milestone(name=m)) for m in MilestoneName}
    assert labels[MilestoneName.IMPACT_STARTED] == "IMPACT"
    assert kinds.label("milestone", Milestone(name="mitigated"), short=True) == "REDUCED"
    assert kinds.label("page_acknowledged") == "page ack"


def test_the_words_people_type():
    assert parse_milestone("Impact-Started") is MilestoneName.IMPACT_STARTED
    assert parse_milestone("cause") is MilestoneName.CAUSE_IDENTIFIED
    assert parse_how("alert").value == "monitoring" and parse_level("OUTAGE").value == "outage"
    with pytest.raises(ValueError, match="unknown milestone 'resolved'"):
        parse_milestone("resolved")


def test_answers_pair_with_pages():
    clock = FakeClock(T0)
    state = IncidentState("i")

    def add(body, minutes):
        e = new_event("i", "ann", body, clock, at=T0 + timedelta(minutes=minutes))
        state.apply(e)
        return e

    p1 = add({"kind": "person_paged", "person": "bob", "via": "pager"}, 0)
    p2 = add({"kind": "person_paged", "person": "bob"}, 5)
    add({"kind": "person_paged", "person": "cy"}, 6)
    add({"kind": "page_acknowledged", "person": "Bob", "page": p2.id}, 7)  # names its page
    add({"kind": "page_acknowledged", "person": "bob"}, 8)  # the earliest unanswered: p1
    add({"kind": "page_acknowledged", "person": "dee"}, 9)  # no page recorded: kept alone
    view = state.pages.view()
    assert [(p.person, p.page_id is not None, p.acknowledged_at and
             int((p.acknowledged_at - T0).total_seconds() // 60)) for p in view] == [
        ("bob", True, 8), ("bob", True, 7), ("cy", True, None), ("dee", False, 9)]  # fmt: skip
    assert view[0].page_id == p1.id and view[0].via == "pager"
    assert state.pages.unanswered_page("cy", T0).body.person == "cy"  # sent later: the latest
    assert state.pages.unanswered_page("bob", T0 + timedelta(hours=1)) is None
