"""The IC's inbox (issue 14, "Questions go to the IC, not the engineers"): a question is open
until answered, deferred to the next stakeholder update (which then answers it) or passed to
a named person as a task; and the stakeholder view shows an asker only what is theirs to see."""

from __future__ import annotations

import json
from datetime import UTC, timedelta

import pytest
from pydantic import ValidationError

from cockpit.core import conflicts, inbox
from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.events import Event, parse_body
from cockpit.core.inbox import Status
from cockpit.core.state import IncidentState, fold
from cockpit.core.timeline import REDACTED, Timeline

INC = "inc-1"


@pytest.fixture
def log(clock):
    """A growing incident: `log.put(author, body)` appends an event, `log.events` holds all."""

    class Log:
        events: list[Event] = []

        def put(self, author: str, body: dict) -> Event:
            clock.advance(seconds=10)
            e = new_event(INC, author, body, clock, state=fold(self.events, INC))
            self.events.append(e)
            return e

        def state(self) -> IncidentState:
            return fold(self.events, INC)

    lg = Log()
    lg.events = []
    lg.put("alice", {"kind": "incident_declared", "title": "EU card payments fail",
                     "severity": "SEV2", "impact": "EU customers cannot pay"})  # fmt: skip
    return lg


def ask(log, text="Will EU customers get a credit?", asker="VP Sales", author="alice"):
    return log.put(author, {"kind": "question_asked", "from": asker, "text": text})


def settle(log, q, how, author="alice", **kw):
    return log.put(author, {"kind": "question_settled", "target": q.id, "how": how, **kw})


def test_a_question_is_stored_with_from_and_stays_open_until_settled(log):
    q = ask(log)
    assert json.loads(q.model_dump_json())["body"] == {
        "kind": "question_asked", "from": "VP Sales", "text": "Will EU customers get a credit?"}  # fmt: skip
    st = log.state()
    [got] = inbox.questions(st)
    assert (got.asker, got.author, got.status, got.replied) == ("VP Sales", "alice", Status.OPEN,
                                                                False)  # fmt: skip
    assert inbox.unanswered_count(st) == 1 and [x.id for x in inbox.unanswered(st)] == [q.id]
    assert q.describe(tz=UTC) == "VP Sales asks: Will EU customers get a credit?"


def test_answered_deferred_and_passed(log):
    a, b, c = ask(log, "credit?"), ask(log, "ETA?"), ask(log, "which regions?")
    settle(log, a, "answered", text="Yes, per the SLA")
    settle(log, b, "deferred")
    task = log.put("alice", {"kind": "task_delegated", "task": "answer VP Sales", "owner": "carol"})
    settle(log, c, "passed", to="carol", task=task.id)
    st = log.state()
    got = {q.id: q for q in inbox.questions(st)}
    assert got[a.id].status is Status.ANSWERED and got[a.id].answer == "Yes, per the SLA"
    assert got[b.id].status is Status.DEFERRED and not got[b.id].replied
    assert (got[c.id].status, got[c.id].to, got[c.id].task) == (Status.PASSED, "carol", task.id)
    assert inbox.unanswered(st) == [] and inbox.unanswered_count(st) == 0
    assert [q.id for q in inbox.deferred(st)] == [b.id]


def test_the_next_stakeholder_update_answers_a_deferred_question(log):
    q = ask(log)
    log.put("alice", {"kind": "status_update", "text": "before", "audience": "exec"})
    settle(log, q, "deferred")
    log.put("alice", {"kind": "status_update", "text": "team only", "audience": "responders"})
    log.put("alice", {"kind": "status_update", "text": "status page", "audience": "customers"})
    log.put("alice", {"kind": "status_update", "text": "support", "audience": "support"})
    assert [x.id for x in inbox.deferred(log.state())] == [q.id]  # none lists the questions
    # An update to executives that does not answer it (not listed, or its answer unwritten)
    # leaves it deferred: a question is never marked answered without its answer.
    log.put("alice", {"kind": "status_update", "text": "Credits: yes", "audience": "exec"})
    log.put("alice", {"kind": "status_update", "audience": "exec", "text":
                      "- VP Sales: Will EU customers get a credit?\n  Answer: ‹answer›"})  # fmt: skip
    assert [x.id for x in inbox.deferred(log.state())] == [q.id]
    u = log.put("alice", {"kind": "status_update", "audience": "exec", "text":
                          "Asked:\n- VP Sales: Will EU customers get a credit?\n"
                          "  Answer: yes, per the SLA;\n  finance confirms by Friday\nIC: ann"})  # fmt: skip
    log.put("alice", {"kind": "status_update", "text": "later", "audience": "exec"})
    st = log.state()
    assert inbox.deferred(st) == []
    [got] = inbox.questions(st)
    assert got.covered_by is not None and got.covered_by.id == u.id and got.replied
    assert got.answer == "yes, per the SLA;\nfinance confirms by Friday"
    assert inbox.question_view(got)["answer"] == got.answer


def test_settling_again_wins_and_unsettled_conflicts_show(log):
    q = ask(log)
    settle(log, q, "deferred")
    settle(log, q, "answered", text="now we know")
    assert inbox.questions(log.state())[0].status is Status.ANSWERED
    # two people settle without seeing each other: a conflict, as for any register
    st = log.state()
    later = FakeClock(log.events[-1].at + timedelta(seconds=5))
    for who, how in (("bob", "deferred"), ("carol", "answered")):  # neither saw the other
        body = {"kind": "question_settled", "target": q.id, "how": how, "text": who}
        st.apply(new_event(INC, who, body, later, state=log.state()))
    [clash] = st.conflicts()
    assert clash.register == ("question", q.id)
    assert (
        conflicts.what(clash.register, st)
        == "the reply to VP Sales: 'Will EU customers get a credit?'"
    )
    assert {conflicts.show(clash.register, w.value) for w in clash.writes} == {
        "deferred to the next update", "answered: carol"}  # fmt: skip
    kept = conflicts.keep(clash.register, clash.writes[0].value)
    assert parse_body(kept).how == clash.writes[0].value.how  # written again whole


def test_bodies_refuse_an_empty_answer_or_an_unnamed_pass():
    with pytest.raises(ValidationError, match="answer needs its text"):
        parse_body({"kind": "question_settled", "target": "x", "how": "answered", "text": " "})
    with pytest.raises(ValidationError, match="names the person and the task"):
        parse_body({"kind": "question_settled", "target": "x", "how": "passed", "to": "carol"})
    with pytest.raises(ValidationError):
        parse_body({"kind": "question_asked", "from": "", "text": "x"})
    with pytest.raises(ValidationError):
        parse_body({"kind": "question_asked", "from": "a", "text": "x" * 4001})
    body = parse_body({"kind": "question_settled", "target": "x", "how": "deferred"})
    assert body.model_dump(mode="json") == {"kind": "question_settled", "target": "x",
                                            "how": "deferred"}  # fmt: skip


def test_a_redacted_question_or_answer_keeps_its_text_out(log):
    q = ask(log, "is the password hunter2?")
    s = settle(log, q, "answered", text="hunter2 is rotated")
    log.put("alice", {"kind": "entry_redacted", "target": q.id})
    log.put("alice", {"kind": "entry_redacted", "target": s.id})
    tl = Timeline(UTC)
    tl.apply_all(log.events)
    [got] = inbox.questions(log.state(), tl)
    assert got.redacted and got.answer_redacted and got.text == "" and got.answer == ""
    view = inbox.stakeholder_view(log.events, "alice")
    assert "hunter2" not in json.dumps(view)
    assert view["questions"][0]["redacted"] and view["questions"][0]["answer_redacted"]


def test_the_stakeholder_view_shows_only_what_a_stakeholder_may_see(log):
    mine = ask(log, "credit?", author="vp")
    theirs = ask(log, "ETA?", author="cfo")
    # in vp's name, but recorded by someone else: not vp's own
    forged = new_event(INC, "vp", {"kind": "question_asked", "from": "VP Sales", "text": "forged"},
                       FakeClock(log.events[-1].at))  # fmt: skip
    log.events.append(forged.model_copy(update={"recorded_by": "mallory"}))
    log.put("alice", {"kind": "note", "text": "db-7 password is hunter2"})
    log.put("alice", {"kind": "evidence", "text": "ERROR stack trace secret-token"})
    log.put("alice", {"kind": "decision", "text": "internal: blame vendor"})
    log.put("alice", {"kind": "hypothesis", "text": "the pool is exhausted"})
    log.put("alice", {"kind": "status_update", "text": "responders: restart db-7",
                      "audience": "responders"})  # fmt: skip
    log.put("alice", {"kind": "status_update", "text": "internal: restart db-7"})  # responders'
    u = log.put("alice", {"kind": "status_update", "text": "Payments degraded in the EU",
                          "audience": "exec", "next_in_minutes": 30})  # fmt: skip
    gone = log.put("alice", {"kind": "status_update", "text": "oops secret-token",
                             "audience": "exec"})  # fmt: skip
    log.put("alice", {"kind": "entry_redacted", "target": gone.id})
    edited = log.put("alice", {"kind": "status_update", "text": "typo", "audience": "exec"})
    log.put("alice", {"kind": "entry_edited", "target": edited.id, "text": "Fixed text"})
    settle(log, mine, "answered", text="Yes")
    log.put("alice", {"kind": "severity_set", "severity": "SEV1", "reason": "all of the EU"})
    view = inbox.stakeholder_view(log.events, "vp")
    text = json.dumps(view)
    for secret in ("hunter2", "secret-token", "blame vendor", "pool", "restart db-7", "forged",
                   "typo", "ETA?"):  # fmt: skip
        assert secret not in text, secret
    assert (view["title"], view["severity"], view["phase"], view["impact"]) == (
        "EU card payments fail", "SEV1", "declared", "EU customers cannot pay")  # fmt: skip
    assert [x["text"] for x in view["updates"]] == ["Payments degraded in the EU", "Fixed text"]
    assert view["updates"][0]["id"] == u.id
    assert [(x["id"], x["status"], x["answer"]) for x in view["questions"]] == [
        (mine.id, "answered", "Yes")]  # fmt: skip
    assert view["next_update_at"] is None  # the last update promised no time
    assert theirs.id in {q.id for q in inbox.questions(log.state())}


def test_redacted_intake_words_stay_out_of_the_stakeholder_view(log):
    declared = log.events[0]
    impact = log.put("alice", {"kind": "field_set", "field": "impact",
                               "value": "ACME Corp (customer 4411) cannot pay"})  # fmt: skip
    log.put("alice", {"kind": "entry_redacted", "target": impact.id})
    view = inbox.stakeholder_view(log.events, "x")
    assert "ACME" not in json.dumps(view)
    assert view["impact"] == "EU customers cannot pay"  # the value before the redacted one
    log.put("alice", {"kind": "entry_redacted", "target": declared.id})
    view = inbox.stakeholder_view(log.events, "x")
    assert "EU card payments" not in json.dumps(view) and "EU customers" not in json.dumps(view)
    assert view["severity"] == "SEV2" and view["title"] == REDACTED


def test_the_composer_prefills_deferred_questions_for_executives_only(log, clock):
    from cockpit.core import updates
    from cockpit.core.update_facts import Context
    from cockpit.core.vocabulary import Audience

    q = ask(log, "Will EU customers get a credit?")
    settle(log, q, "deferred")
    secret = ask(log, "is it hunter2?", asker="CFO")
    settle(log, secret, "deferred")
    log.put("alice", {"kind": "entry_redacted", "target": secret.id})
    st = log.state()
    can = updates.find(updates.BUILT_IN, "can")
    assert can is not None

    def prefilled(audience: Audience) -> str:
        return updates.compose(st, can, Context(now=clock.now(), tz=None, audience=audience))

    text = prefilled(Audience.EXEC)
    assert "VP Sales: Will EU customers get a credit?" in text
    assert "CFO: (redacted)" in text and "hunter2" not in text
    assert "Will EU customers" not in prefilled(Audience.CUSTOMERS)  # nothing internal there
    assert "VP Sales: Will EU customers get a credit?\n  Answer: ‹answer›" in text
    log.put("alice", {"kind": "status_update", "text": text, "audience": "exec"})
    assert len(inbox.deferred(log.state())) == 2  # the answers unwritten: still deferred
    text = text.replace("‹answer›", "yes", 1).replace("‹answer›", "no")
    log.put("alice", {"kind": "status_update", "text": text, "audience": "exec"})
    assert inbox.deferred(log.state()) == []  # posting it with the answers answered them
    assert "Will EU customers" not in updates.compose(
        log.state(), can, Context(now=clock.now(), tz=None, audience=Audience.EXEC)
    )
