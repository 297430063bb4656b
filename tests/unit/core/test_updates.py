"""Update templates filled from the state, what each destination receives, and customer
updates that carry nothing internal."""

import re
from datetime import UTC, timedelta

import pytest

from cockpit.core import updates
from cockpit.core.compose import new_event
from cockpit.core.events import parse_body
from cockpit.core.state import IncidentState
from cockpit.core.timeline import Timeline
from cockpit.core.update_facts import FACTS, PUBLIC, Context, scrubber
from cockpit.core.vocabulary import Audience, Stage

INC = "inc-1"
R, E, S, C = Audience.RESPONDERS, Audience.EXEC, Audience.SUPPORT, Audience.CUSTOMERS
PEOPLE = ("alice", "Bob Stone", "kim", "dana", "Eve")
EVIDENCE = "ERROR pool exhausted host=db-7.internal user=svc_pay at 14:02:11"


class Incident:
    """A constructed incident full of names and evidence, its state and its timeline."""

    def __init__(self, clock):
        self.clock = clock
        self.state = IncidentState(INC)
        self.timeline = Timeline(UTC)
        self.put("alice", {"kind": "incident_declared", "title": "Checkout API errors for Eve",
                           "service": "checkout (owner: kim)", "severity": "SEV2",
                           "impact": "EU card payments fail, @dana saw it https://grafana.x/d/1 "
                                     "mail bob.stone@example.com"})  # fmt: skip
        self.put("alice", {"kind": "role_assigned", "role": "ic", "person": "alice"})
        self.put("alice", {"kind": "role_assigned", "role": "tech_lead", "person": "Bob Stone"})
        self.put("kim", {"kind": "evidence", "text": EVIDENCE})
        self.put("kim", {"kind": "note", "text": "Bob Stone thinks the deploy 4812 did it"})
        first = self.put("kim", {"kind": "mitigation_started", "what": "roll back 4812",
                                 "by": "kim"}, minutes=3)  # fmt: skip
        self.put("kim", {"kind": "mitigation_outcome", "mitigation": first.id,
                         "outcome": "no_effect"})  # fmt: skip
        self.put("kim", {"kind": "mitigation_started", "what": "fail over to eu-west",
                         "by": "dana"})  # fmt: skip
        self.put("kim", {"kind": "hypothesis", "text": "connection pool leak in svc_pay"})
        self.put("alice", {"kind": "question", "text": "are US customers hit?"})
        self.put("alice", {"kind": "task_delegated", "task": "check the replicas", "owner": "Eve"})

    def put(self, author, body, minutes=1):
        self.clock.advance(minutes=minutes)
        e = new_event(INC, author, body, self.clock, state=self.state)
        self.state.apply(e)
        self.timeline.apply(e)
        return e

    def ctx(self, audience, **kw):
        kw.setdefault("next_minutes", 30)
        kw.setdefault("label", "INC-7")
        return Context(self.clock.now(), UTC, audience, **kw)


@pytest.fixture
def inc(clock):
    return Incident(clock)


@pytest.mark.parametrize("template", updates.BUILT_IN, ids=lambda t: t.name)
def test_every_built_in_text_names_only_facts_it_may(template):
    for audience, text in template.texts.items():
        assert updates.problems(text, audience) == []
        assert updates.placeholders(text)  # filled from the record, not a fixed text


def test_sbar_for_responders_has_the_whole_picture(inc):
    sbar = updates.find(updates.BUILT_IN, "sbar")
    text = updates.compose(inc.state, sbar, inc.ctx(R))
    assert text.startswith("INC-7 SEV2 · Checkout API errors for Eve")
    for fact in ("Impact: EU card payments fail", "roll back 4812 (by kim): no effect",
                 "In flight: fail over to eu-west (by dana, for 3 min)",
                 "- hypothesis: connection pool leak in svc_pay",
                 "- question: are US customers hit?",
                 "Incident Commander: alice", "Tech lead: Bob Stone", "Scribe: EMPTY"):  # fmt: skip
        assert fact in text
    due = (inc.clock.now() + timedelta(minutes=30)).strftime("%H:%M")
    assert text.endswith(f"Next update at {due} UTC.")
    assert updates.prompts_left(text) == ["‹what we do next, and who›"]


def test_can_for_responders_says_actions_and_needs(inc):
    text = updates.compose(inc.state, updates.find(updates.BUILT_IN, "can"), inc.ctx(R))
    assert "CONDITIONS: EU card payments fail" in text
    assert "- Eve: check the replicas (waiting for ack)" in text
    assert "NEEDS: a Scribe; Eve to acknowledge “check the replicas”" in text


def test_exec_and_support_get_their_own_filling(inc):
    sbar = updates.find(updates.BUILT_IN, "sbar")
    exec_text = updates.compose(inc.state, sbar, inc.ctx(E))
    assert "Severity SEV2: Major" in exec_text and "Tasks" not in exec_text
    assert "IC: alice." in exec_text
    support = updates.compose(inc.state, sbar, inc.ctx(S))
    assert "customers see: EU card payments fail" in support
    assert "Status page: nothing posted yet" in support
    inc.put("alice", {"kind": "status_update", "audience": "customers", "text": "x",
                      "stage": "identified"})  # fmt: skip
    assert "Status page: Identified, at" in updates.compose(inc.state, sbar, inc.ctx(S))


@pytest.mark.parametrize("name", ["sbar", "can"])
@pytest.mark.parametrize("stage", list(Stage))
def test_a_customer_update_has_no_names_no_evidence_nothing_internal(inc, name, stage):
    text = updates.compose(inc.state, updates.find(updates.BUILT_IN, name),
                           inc.ctx(C, stage=stage))  # fmt: skip
    lowered = text.lower()
    for person in PEOPLE:
        assert not re.search(rf"\b{person.lower()}\b", lowered), person
    for internal in (EVIDENCE, "db-7", "svc_pay", "4812", "eu-west", "pool", "grafana", "http",
                     "@", "INC-7", "SEV2", "replicas", "Checkout API errors"):  # fmt: skip
        assert internal.lower() not in lowered, internal
    assert text.startswith(stage.title) and stage.statement in text
    assert "EU card payments fail" in text  # the impact, as customers may read it
    rows = list(inc.timeline.rows)
    assert not updates.leaks(text, inc.state, updates.internal_texts(inc.state, rows))


def test_customers_get_public_facts_only():
    assert PUBLIC.issubset(FACTS) and set(FACTS) != PUBLIC
    assert "{mitigation} is internal" in updates.problems("{mitigation}", C)[0]
    assert updates.problems("{mitigation}", E) == []
    assert "{severty} is not a fact" in updates.problems("{severty}", R)[0]


def test_leaks_finds_what_a_person_typed_into_a_customer_update(inc):
    rows = list(inc.timeline.rows)
    typed = (f"Fixed by bob stone, see https://x.example/1 and INC-7. Log: {EVIDENCE}\n"
             "mail kim@example.com, ask @dana")  # fmt: skip
    found = updates.leaks(typed, inc.state, updates.internal_texts(inc.state, rows)).found
    assert any("'Bob Stone'" in f for f in found)
    assert any(f.startswith("a link") for f in found)
    assert any(f.startswith("an email address") for f in found)
    assert any(f.startswith("a mention") for f in found)
    assert any(f.startswith("an incident number") for f in found)
    assert any(f.startswith("text from the record") for f in found)
    assert not updates.leaks("We are investigating a problem with payments.", inc.state, ())


def test_the_scrubber_keeps_the_words_around_what_it_takes_out(inc):
    scrub = scrubber(inc.state)
    assert scrub("checkout (owner: kim)") == "checkout (owner:)"
    assert scrub("EU payments fail, ask @dana https://x.y/z") == "EU payments fail, ask"


def test_fill_braces_and_unknown_places():
    assert updates.fill("{{a}} {x} {nope}", {"x": "1"}) == "{a} 1 {nope}"


def test_a_script_takes_the_filling_without_its_prompts():
    text = "A\nRECOMMENDATION: ‹what next›\nNEEDS: x ‹more›\n‹alone›\nB"
    assert updates.drop_prompts(text) == "A\nNEEDS: x\nB"


def test_the_stage_starts_from_the_record(clock):
    inc = Incident(clock)
    assert updates.default_stage(inc.state) is Stage.INVESTIGATING
    inc.put("alice", {"kind": "milestone", "name": "cause_identified"})
    assert updates.default_stage(inc.state) is Stage.IDENTIFIED
    inc.put("alice", {"kind": "milestone", "name": "mitigated"})
    assert updates.default_stage(inc.state) is Stage.MONITORING
    inc.put("alice", {"kind": "phase_set", "phase": "resolved"})
    assert updates.default_stage(inc.state) is Stage.RESOLVED


# ---- what each destination receives ---------------------------------------------------------


def body(**kw):
    return parse_body({"kind": "status_update", **kw})


def test_render_per_destination_type():
    u = body(audience="exec", text="Payments fail in the EU.\nNext update at 15:00 UTC.")
    assert updates.render(u, "webhook", label="INC-7") == (
        "INC-7 · update for executives\nPayments fail in the EU.\nNext update at 15:00 UTC."
    )
    assert updates.render(u, "slack", label="INC-7").startswith("*INC-7 · update for executives*\n")
    assert updates.render(u, "teams", label="INC-7").startswith("**INC-7 · update for")
    assert updates.render(u, "email").startswith("Payments fail")  # no label: as written
    named = body(audience="responders", text="INC-7 SEV2 · title\nmore")
    assert updates.render(named, "slack", label="INC-7") == "*INC-7 SEV2 · title*\nmore"


def test_a_customer_render_leads_with_its_stage_and_never_the_incident():
    u = body(audience="customers", stage="identified", text="We found it.")
    assert updates.render(u, "command", label="INC-7") == "Identified\nWe found it."
    said = body(audience="customers", stage="identified", text="Identified: we found it.")
    assert updates.render(said, "command", label="INC-7") == "Identified: we found it."


def test_render_takes_the_event_too(clock):
    e = new_event(INC, "a", {"kind": "status_update", "text": "x\r\ny"}, clock)
    assert updates.render(e, "email") == "x\ny"
    with pytest.raises(TypeError):
        updates.render(new_event(INC, "a", {"kind": "note", "text": "x"}, clock), "email")


def test_the_new_fields_are_written_only_when_set():
    plain = body(text="x").model_dump(mode="json")
    assert set(plain) == {"kind", "audience", "text", "next_in_minutes"}
    full = body(text="x", audience="customers", stage="monitoring", template="can",
                destinations=["status"])  # fmt: skip
    assert full.model_dump(mode="json")["stage"] == "monitoring"
    assert full.describe(tz=UTC) == "Update to customers [monitoring] → status: x"
