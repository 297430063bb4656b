"""`severity`, `phase`, `role`: shared state, each write naming what its author saw (`prev`)."""

import pytest

from cockpit.store import Store


def stored(db_path, ref="INC-1"):
    with Store.open(db_path) as s:
        return s.events(s.incident(ref).id)


def test_severity_changes_are_recorded_with_reasons_and_prev(cli, inc, db_path):
    first = cli.ok("severity", inc, "SEV3", "--reason", "a few users")
    cli.ok("severity", inc, "sev1", "--reason", "spreading")
    shown = cli.show(inc)
    assert shown["severity"] == "SEV1"
    assert [h["severity"] for h in shown["severity_history"]] == ["SEV3", "SEV1"]
    assert [h["reason"] for h in shown["severity_history"]] == ["a few users", "spreading"]
    sev = [e for e in stored(db_path) if e.kind == "severity_set"]
    assert sev[0].prev == () and sev[0].body.reason == "a few users"
    assert sev[1].prev == (sev[0].id,) and sev[0].id.replace("-", "").endswith(first)
    assert shown["conflicts"] == []


def test_the_declared_severity_is_in_the_history_with_its_time(cli, clock):
    """Issue 11 item 8: `declare --severity SEV2` then `severity SEV1` showed only SEV1."""
    cli.ok("declare", "Payments down", "--severity", "SEV2", "--author", "alice")
    cli.clock.advance(minutes=5)
    cli.ok("severity", "INC-1", "SEV1", "--reason", "all regions", "--author", "bob")
    history = cli.show()["severity_history"]
    assert [(h["severity"], h["kind"], h["author"]) for h in history] == [
        ("SEV2", "incident_declared", "alice"), ("SEV1", "severity_set", "bob")]  # fmt: skip
    assert history[0]["at"] == "2026-11-23T14:00:01Z" and history[1]["at"] == "2026-11-23T14:05:02Z"
    assert history[1]["reason"] == "all regions"
    assert cli.timeline()[0]["text"] == "Declared: Payments down · SEV2"
    page = cli.ok("show", "INC-1")
    assert "history: SEV2 at 14:00 (declared) → SEV1 at 14:05" in page


def test_phase(cli, inc):
    cli.ok("phase", inc, "Mitigating", "--reason", "cause found")
    assert cli.show(inc)["phase"] == "mitigating"


def test_roles_assign_release_and_several_smes(cli, inc):
    cli.ok("role", inc, "assign", "ic", "alice")
    cli.ok("role", inc, "assign", "commander", "bob", "--note", "handover: see notes")
    cli.ok("role", inc, "assign", "sme", "carol")
    cli.ok("role", inc, "assign", "sme", "dan")
    cli.ok("role", inc, "release", "sme", "carol")
    roles = cli.show(inc)["roles"]
    assert [h["person"] for h in roles["ic"]] == ["bob"]
    assert [h["person"] for h in roles["sme"]] == ["dan"]


def test_releasing_a_role_someone_does_not_hold_is_refused(cli, inc, db_path):
    cli.ok("role", inc, "assign", "ic", "alice")
    before = len(stored(db_path))
    r = cli("role", inc, "release", "ic", "bob")
    assert r.code == 1 and "bob does not hold Incident Commander" in r.err and "alice" in r.err
    assert len(stored(db_path)) == before


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["severity", "INC-1", "SEV7"], "unknown severity 'SEV7'"),
        (["phase", "INC-1", "panicking"], "unknown phase 'panicking'"),
        (["role", "INC-1", "assign", "janitor", "x"], "unknown role 'janitor'"),
        (["severity", "INC-1", "SEV1", "--reason", "r", "--at", "soon"], "cannot read the time"),
        (["severity", "INC-1", "SEV1"], "say why: --reason"),
    ],
)
def test_unknown_words_are_usage_errors(cli, inc, db_path, argv, words):
    before = len(stored(db_path))
    r = cli(*argv)
    assert r.code == 2 and words in r.err and r.err.count("\n") == 1
    assert len(stored(db_path)) == before


def test_role_needs_a_known_action(cli, inc):
    r = cli("role", inc, "steal", "ic", "x")
    assert r.code == 2 and r.err.count("\n") == 1


def test_intake_records_only_what_changed_and_show_reads_it_back(cli, inc, db_path):
    cli.ok("intake", inc, "--impact", "EU card payments fail", "--started", "13:52",
           "--service", "")  # fmt: skip
    again = cli("intake", inc, "--impact", "EU card payments fail")
    assert again.code == 0 and "nothing changed" in again.err and again.out == ""
    fields = [(e.body.field, e.body.value()) for e in stored(db_path) if e.kind == "field_set"]
    assert ("impact", "EU card payments fail") in fields and ("started", "13:52") in fields
    assert cli.show(inc)["fields"]["impact"] == "EU card payments fail"


def test_intake_refuses_nothing_to_say_and_an_empty_title(cli, inc, db_path):
    nothing = cli("intake", inc)
    assert nothing.code == 2 and "--impact" in nothing.err
    empty = cli("intake", inc, "--title", " ")
    assert empty.code == 2 and "title cannot be empty" in empty.err
    assert not [e for e in stored(db_path) if e.kind == "field_set"]
