"""`cockpit update` says what the record says (issue 14, a reviewer's run of the S3 2017
outage): the milestones and the phase, no "next update" once resolved, the stage the record
implies; a deferred question gets an answer the IC must write; and the text of an update
named only by its audience is that audience's filling, as the composer gives it."""

from __future__ import annotations

import os
import sys

from cockpit.cli.main import main
from tests.cli.test_cli_update import editor, updates

IMPACT = "S3 in us-east-1 returns 5xx for GET/PUT/LIST/DELETE"


def s3(cli) -> str:
    cli.ok("declare", "S3 errors", "--service", "S3", "--severity", "SEV1", "--impact", IMPACT,
           "--ic", "ann")  # fmt: skip
    cli.ok("milestone", "INC-1", "impact_started", "--at", "-50m", "--level", "outage")
    cli.ok("milestone", "INC-1", "cause_identified", "--at", "-30m")
    return "INC-1"


def test_a_resolved_incident_says_the_impact_ended_and_promises_no_next_update(cli):
    inc = s3(cli)
    r = cli("update", inc, "--template", "sbar", "--audience", "customers", "--preview")
    assert r.code == 0 and r.out.splitlines()[1] == "Identified: issues affecting S3"  # the record
    assert f"{IMPACT} (since " in r.out and "Next update at" in r.out
    cli.ok("milestone", inc, "mitigated", "--at", "-20m")
    r = cli("update", inc, "--template", "sbar", "--audience", "customers", "--preview")
    assert r.out.splitlines()[1] == "Monitoring: issues affecting S3"
    cli.ok("milestone", inc, "impact_ended", "--at", "-10m")
    cli.ok("phase", inc, "resolved")
    r = cli("update", inc, "--template", "sbar", "--audience", "customers", "--stage",
            "resolved", "--preview")  # fmt: skip
    assert r.code == 0, r.err
    assert f"customers saw: {IMPACT}. That impact has ended." in r.out
    assert f"{IMPACT}." not in r.out.replace(f"saw: {IMPACT}.", "")  # no present tense left
    assert "Next update" not in r.out and "This is the final update." in r.out
    r = cli("update", inc, "--template", "sbar", "--audience", "responders", "--preview")
    assert "ASSESSMENT: phase resolved. Milestones: impact (outage) 13:10–13:50" in r.out
    assert "cause identified 13:30; mitigated 13:40" in r.out and "(ended 13:50)" in r.out
    assert "Next update" not in r.out
    cli.ok("update", inc, "--template", "sbar", "--audience", "exec")
    (u,) = updates(cli.db)
    assert u.next_in_minutes is None  # the countdown is promised nothing either


def test_the_audience_alone_fills_its_template_as_the_composer_does(cli, monkeypatch):
    inc = s3(cli)
    cli.ok("phase", inc, "resolved")
    r = cli("update", inc, "--audience", "customers", "--stage", "resolved", "--preview")
    assert r.code == 0, r.err
    assert r.out.splitlines()[1:3] == ["Resolved: issues affecting S3",
                                       "This incident has been resolved. Customers saw: "
                                       f"{IMPACT}. That impact has ended."]  # fmt: skip
    # Standard input that is not a pipe or a file (a script's /dev/null) is not the text.
    with open(os.devnull) as null:
        monkeypatch.setattr(sys, "stdin", null)
        code = main(["--db", str(cli.db), "update", inc, "--audience", "exec"],
                    clock=cli.clock, stdin_is_tty=False)  # fmt: skip
    assert code == 0
    (u,) = updates(cli.db)
    assert u.template == "sbar" and u.text.startswith("INC-1 SEV1 · S3 errors: update for exec")


def test_a_deferred_question_needs_its_answer_written(cli, tmp_path, monkeypatch):
    inc = s3(cli)
    q = cli.ok("ask", inc, "Is any customer data lost?", "--from", "CFO")
    cli.ok("inbox", inc, "defer", q)
    r = cli("update", inc, "--template", "sbar", "--audience", "exec", "--preview")
    assert r.code == 0 and "- CFO: Is any customer data lost?\n  Answer: ‹answer›" in r.out
    assert "posting it is refused until you write the answer" in r.err
    r = cli("update", inc, "--template", "sbar", "--audience", "exec")
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1
    assert "not posted: write the answer to “CFO: Is any customer data lost?”" in r.err
    assert "--edit" in r.err and updates(cli.db) == []
    r = cli("update", inc, "- CFO: Is any customer data lost?\n  Answer: ‹answer›",
            "--audience", "exec")  # fmt: skip
    assert r.code == 1 and updates(cli.db) == []
    editor(
        tmp_path,
        monkeypatch,
        "text = text.replace('‹answer›', 'No: every object is intact')"
        ".replace('‹the decision or the risk you need from them, if any›', 'none')",
    )
    cli.ok("update", inc, "--template", "sbar", "--audience", "exec", "--edit")
    [asked] = [x for x in cli("inbox", inc, "--json").json if x["id"].endswith(q)]
    assert asked["answer"] == "No: every object is intact"


def test_deferring_on_a_resolved_incident_says_no_update_will_come(cli):
    inc = s3(cli)
    cli.ok("phase", inc, "resolved")
    q = cli.ok("ask", inc, "Is any customer data lost?", "--from", "CFO")
    r = cli("inbox", inc, "defer", q)
    assert r.code == 0 and "no update is due (INC-1 is resolved), so none will answer it" in r.err
    assert f"`cockpit inbox INC-1 answer {q} TEXT`" in r.err
