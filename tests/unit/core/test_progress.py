"""What generated text says of where the response stands: the milestones and the phase, not
the intake's present tense (issue 14's review of a real incident, S3 2017, as a new IC)."""

from datetime import UTC, datetime, timedelta

import pytest

from cockpit.core import progress, updates
from cockpit.core.check_in import check_in_text
from cockpit.core.compose import new_event
from cockpit.core.state import IncidentState
from cockpit.core.update_facts import Context
from cockpit.core.vocabulary import Audience, Stage

INC = "inc-s3"
IMPACT = "S3 in us-east-1 returns 5xx for GET/PUT/LIST/DELETE"
T0 = datetime(2017, 2, 28, 17, 37, tzinfo=UTC)


class S3:
    """The S3 outage of 2017-02-28, as its milestones were recorded (times in UTC)."""

    def __init__(self, clock):
        self.clock = clock
        self.state = IncidentState(INC)
        self.put({"kind": "incident_declared", "title": "S3 errors", "service": "S3",
                  "severity": "SEV1", "impact": IMPACT}, T0 + timedelta(minutes=3))  # fmt: skip

    def put(self, body, at=None):
        self.clock.advance(minutes=1)
        e = new_event(INC, "ic", body, self.clock, at=at, state=self.state)
        self.state.apply(e)
        return e

    def milestone(self, name, minutes, **kw):
        return self.put({"kind": "milestone", "name": name, **kw}, T0 + timedelta(minutes=minutes))

    def fill(self, audience, template="sbar", **kw):
        t = updates.find(updates.BUILT_IN, template)
        assert t is not None
        kw.setdefault("next_minutes", 60)
        return updates.compose(self.state, t, Context(self.clock.now(), UTC, audience, **kw))


@pytest.fixture
def s3(clock):
    clock.set(T0 + timedelta(hours=1))
    return S3(clock)


def test_the_stage_follows_cause_mitigation_impact_and_phase(s3):
    assert progress.stage_of(s3.state) is Stage.INVESTIGATING
    s3.milestone("impact_started", 0, level="outage")
    s3.milestone("cause_identified", 53)
    assert progress.stage_of(s3.state) is Stage.IDENTIFIED
    s3.milestone("mitigated", 169)
    assert progress.stage_of(s3.state) is Stage.MONITORING
    s3.milestone("impact_started", 200, component="PUT")  # it came back: not mitigated now
    assert progress.stage_of(s3.state) is Stage.IDENTIFIED
    s3.milestone("impact_ended", 257)  # over everywhere
    assert progress.stage_of(s3.state) is Stage.MONITORING
    s3.put({"kind": "phase_set", "phase": "resolved"})
    assert progress.stage_of(s3.state) is Stage.RESOLVED
    s3.put({"kind": "phase_set", "phase": "monitoring"})  # reopened into monitoring
    assert progress.stage_of(s3.state) is Stage.MONITORING


def test_impact_reads_ongoing_since_or_ended(s3):
    assert progress.impact_words(s3.state, UTC) == IMPACT  # no milestone: the intake alone
    s3.milestone("impact_started", 0, component="GET")
    assert progress.impact_words(s3.state, UTC) == f"{IMPACT} (ongoing since 17:37 for GET)"
    s3.milestone("impact_ended", 257)
    assert progress.impact_words(s3.state, UTC) == f"{IMPACT} (ended 21:54)"
    text = check_in_text(s3.state, UTC)
    assert f"Impact: {IMPACT} (ended 21:54)." in text


def test_customers_read_no_present_tense_and_no_next_update_once_resolved(s3):
    s3.milestone("impact_started", 0)
    text = s3.fill(Audience.CUSTOMERS, stage=Stage.IDENTIFIED)
    assert f"{IMPACT} (since 17:37 UTC)." in text and "Next update at" in text
    s3.milestone("impact_ended", 257)
    s3.put({"kind": "phase_set", "phase": "resolved"})
    for template in ("sbar", "can"):
        text = s3.fill(Audience.CUSTOMERS, template, stage=Stage.RESOLVED)
        assert (
            f"From 17:37 UTC to 21:54 UTC customers saw: {IMPACT}. That impact has ended." in text
        )
        assert "Next update" not in text and text.endswith("This is the final update.")
        assert "ic" not in text.split() and "INC" not in text
    for audience in (Audience.RESPONDERS, Audience.EXEC, Audience.SUPPORT):  # over for all
        text = s3.fill(audience)
        assert "Next update" not in text and "This is the final update." in text


def test_a_customer_update_marked_resolved_is_final_even_before_the_phase(s3):
    text = s3.fill(Audience.CUSTOMERS, stage=Stage.RESOLVED)
    assert "Next update" not in text and f"Customers saw: {IMPACT}. That impact has ended." in text
    assert "Next update at" in s3.fill(Audience.CUSTOMERS, stage=Stage.MONITORING)


def test_the_assessment_says_what_the_milestones_say(s3):
    s3.milestone("impact_started", 0, level="outage")
    s3.milestone("detected", 2, how="monitoring")
    s3.milestone("cause_identified", 53)
    s3.milestone("mitigated", 169, component="GET")
    text = s3.fill(Audience.RESPONDERS)
    assert ("ASSESSMENT: phase declared. Milestones: impact (outage) since 17:37, ongoing; "
            "detected 17:39 by a monitoring alert; cause identified 18:30; mitigated 20:26 "
            "(GET). In flight:") in text  # fmt: skip
    s3.milestone("impact_ended", 257)
    text = s3.fill(Audience.EXEC)
    assert "impact (outage) 17:37–21:54" in text and f"SITUATION: {IMPACT} (ended 21:54)" in text
    assert "BACKGROUND: started 17:37 UTC (impact started)" in text
