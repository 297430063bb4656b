"""`break`, `left`, `roster`, `nudges`, `snooze`, `task add --report`, and what `show` says
about the people on the call and the nudges."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cockpit import settings


@pytest.fixture(autouse=True)
def _alice(monkeypatch):
    monkeypatch.setenv("COCKPIT_NAME", "alice")  # who writes, unless --author says otherwise


def test_the_roster_with_roles_time_on_duty_and_breaks(cli, inc):
    cli.ok("role", inc, "assign", "ic", "alice")
    cli.ok("joined", inc, "priya")
    cli.ok("role", inc, "assign", "scribe", "sam")
    cli.clock.advance(minutes=50)
    cli.ok("break", inc, "sam", "--for", "15m", tick=0)
    cli.ok("left", inc, "bob", tick=0)
    cli.clock.advance(minutes=65)
    r = cli("roster", inc, tick=0)
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0] == "INC-1  on the call at 15:55"
    assert lines[1] == ("  alice  Incident Commander; on the call since 14:00 (1h55m ago); "
                        "no break yet")  # fmt: skip
    assert lines[2].startswith("  priya  no role; on the call since 14:00")
    assert lines[3] == "  sam    Scribe; on the call since 14:00 (1h55m ago); 50m since a break"
    assert lines[4] == "  bob    left 14:50 (1h05m ago), on the call from 14:50"
    people = {p["person"]: p for p in cli("roster", inc, "--json", tick=0).json["people"]}
    assert people["sam"]["since_break_seconds"] == 50 * 60
    assert people["sam"]["last_break_ended"] == "2026-11-23T15:05:04Z"
    assert not people["bob"]["present"] and people["alice"]["roles"] == ["ic"]


def test_a_break_until_a_time_and_bad_lengths(cli, inc):
    cli.ok("break", inc, "priya", "--until", "14:30")
    (p,) = cli("roster", inc, "--json").json["people"][1:2]
    assert p["person"] == "priya" and p["on_break_until"] == "2026-11-23T14:30:00Z"
    r = cli("break", inc, "priya", "--for", "soon")
    assert r.code == 2 and "--for:" in r.err and r.err.count("\n") == 1
    r = cli("break", inc, "priya", "--for", "2d")
    assert r.code == 2 and "use `cockpit left`" in r.err
    r = cli("break", inc, "priya", "--for", "15m", "--until", "14:40")
    assert r.code == 2  # one or the other
    r = cli("break", inc, " ")
    assert r.code == 2 and "empty" in r.err


def test_nudges_listed_most_urgent_first_with_why_and_what_to_run(cli, inc):
    cli.ok("task", inc, "add", "DB pool", "--to", "priya", tick=0)
    cli.clock.advance(minutes=4)
    r = cli("nudges", inc)
    assert r.code == 0
    assert r.out.splitlines() == [
        " 1. No Incident Commander for 4 min: nobody coordinates the response",
        "    id role_empty:ic; `cockpit role INC-1 assign ROLE NAME`",
        " 2. No Scribe for 4 min: nobody keeps the record",
        "    id role_empty:scribe; `cockpit role INC-1 assign ROLE NAME`",
        " 3. Not acknowledged: priya: DB pool, delegated 4 min ago: not delegated until "
        "acknowledged",
        f"    id {r.out.split('id task_unacked:')[1].split(';')[0].join(('task_unacked:', ''))}; "
        "`cockpit task INC-1 ack ID --note WHAT-THEY-SAID` (or done, drop)",
    ]
    data = cli("nudges", inc, "--json").json["nudges"]
    assert [n["rule"] for n in data] == ["role_empty", "role_empty", "task_unacked"]
    assert data[0]["snoozed"] is None


def test_snooze_one_until_a_time_with_a_reason_never_for_good(cli, inc):
    cli.clock.advance(minutes=3)
    r = cli("snooze", inc, "role_empty:scribe", "--until", "30m", "--reason", "sam joins at 14:30")
    assert r.code == 0 and "role_empty:scribe snoozed until 14:33" in r.err
    data = cli("nudges", inc, "--json").json["nudges"]
    scribe = next(n for n in data if n["id"] == "role_empty:scribe")
    assert scribe["snoozed"]["reason"] == "sam joins at 14:30"
    out = cli("nudges", inc).out
    assert "    snoozed until 14:33 by alice: sam joins at 14:30" in out
    assert [e["kind"] for e in cli.timeline()][-1] == "nudge_snoozed"
    # never for good: four hours at most (the config's max_snooze_minutes)
    r = cli("snooze", inc, "1", "--until", "5h", "--reason", "later")
    assert r.code == 2 and "never silenced for good" in r.err and r.err.count("\n") == 1
    # a start of an id that is not one, and one that is several
    r = cli("snooze", inc, "role", "--until", "5m", "--reason", "x")
    assert r.code == 2 and "matches several" in r.err and "1=role_empty:ic" in r.err
    r = cli("snooze", inc, "break_due", "--until", "5m", "--reason", "x")
    assert r.code == 2 and "is not one of them" in r.err
    r = cli("snooze", inc, "1", "--until", "5m", "--reason", "  ")
    assert r.code == 2 and "say why" in r.err


def test_the_config_sets_the_thresholds(cli, inc):
    folder = settings.config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text("[nudges]\nempty_role_minutes = 10\nidle_minutes = 10\n")
    cli.clock.advance(minutes=5)
    assert cli("nudges", inc).out.strip() == "INC-1: nothing needs attention now"
    (folder / "config.toml").write_text("[nudges]\nempty_role_minute = 10\n")
    r = cli("nudges", inc)
    assert r.code == 2 and "nudges.empty_role_minute" in r.err


def test_a_report_back_time_and_a_note_naming_the_owner(cli, inc):
    cli.ok("role", inc, "assign", "ic", "alice")
    cli.ok("role", inc, "assign", "scribe", "sam")
    t = cli.ok("task", inc, "add", "DB pool", "--to", "priya", "--report", "25m", tick=0)
    cli.ok("task", inc, "ack", t, tick=0)
    (task,) = [e for e in cli.timeline() if e["kind"] == "task_delegated"]
    cli.clock.advance(minutes=25)
    assert "Check in with priya: DB pool, 25 min since last heard" in cli("nudges", inc).out
    cli.ok("note", inc, "@priya says the pool is at 80%", "--author", "sam", tick=0)
    assert "Check in with priya" not in cli("nudges", inc).out
    assert task["text"].startswith("Task for priya: DB pool")


def test_show_says_who_is_on_the_call_and_what_needs_attention(cli, inc):
    cli.ok("joined", inc, "priya")
    cli.clock.advance(timedelta(hours=2))
    out = cli("show", inc).out
    assert "On the call\n  alice  no role; on the call since 14:00 (2h00m ago); no break yet" in out
    assert "BREAK DUE" in out
    assert "Needs attention\n 1. No Incident Commander for 2h00m" in out
    data = cli.show(inc)
    assert {p["person"] for p in data["people"]} == {"alice", "priya"}
    assert "break_due:priya" in {n["id"] for n in data["nudges"]}


def test_snoozing_the_downgrade_question_records_the_decision(cli, inc):
    cli.ok("severity", inc, "SEV2", "--reason", "EU payments fail")
    cli.ok("role", inc, "assign", "ic", "alice")
    cli.ok("role", inc, "assign", "scribe", "sam")
    cli.ok("mitigation", inc, "start", "failover", "--by", "bob")
    cli.clock.set(cli.clock.now().replace(hour=22, minute=30))  # 8h30 in, late at night
    cli.ok("note", inc, "still failing over", tick=0)
    ids = [n["id"] for n in cli("nudges", inc, "--json").json["nudges"]]
    assert "downgrade" in ids
    r = cli("snooze", inc, "downgrade", "--until", "06:00", "--reason", "customers still fail")
    assert r.code == 0, r.err  # past the four hours: the night's decision reaches morning
    decision = [e for e in cli.timeline() if e["kind"] == "decision"][-1]
    assert decision["text"] == "Keep SEV2 through the night: customers still fail"
    assert "downgrade" not in [n["id"] for n in cli("nudges", inc, "--json").json["nudges"]
                               if not n["snoozed"]]  # fmt: skip


def test_a_handover_on_the_command_line_records_the_outgoing_ics_time_on_duty(cli, inc):
    cli.ok("role", inc, "assign", "ic", "alice")
    cli.clock.advance(timedelta(hours=3, minutes=10))
    cli.ok("role", inc, "assign", "ic", "bob", "--note", "failover in flight; next update 15:30")
    note = [e for e in cli.timeline() if e["kind"] == "role_assigned"][-1]["text"]
    assert note == ("bob is Incident Commander — outgoing IC alice: 3h10m on duty, 3h10m as IC, "
                    "no break; failover in flight; next update 15:30")  # fmt: skip
    cli.ok("role", inc, "assign", "ic", "bob")  # the same IC again: nothing to hand over
    assert [e for e in cli.timeline() if e["kind"] == "role_assigned"][-1]["text"] == (
        "bob is Incident Commander"
    )


def test_a_backdated_note_says_when_it_happened_not_when_its_writer_was_on_the_call(cli, inc):
    cli.clock.advance(minutes=30)
    cli.ok("note", inc, "S3 errors began", "--at", "2017-02-28 09:37", "--force", "--author",
           "jane")  # fmt: skip
    r = cli("roster", inc, tick=0)
    jane = next(line for line in r.out.splitlines() if line.strip().startswith("jane"))
    assert jane == "  jane   no role; on the call since 14:30 (0s ago); no break yet"
    cli.ok("joined", inc, "priya", "--at", "-10m", tick=0)  # a join says when they came
    priya = next(p for p in cli("roster", inc, "--json", tick=0).json["people"]
                 if p["person"] == "priya")  # fmt: skip
    assert priya["joined"] == "2026-11-23T14:20:02Z"


def test_the_handover_note_counts_a_break_in_progress_and_warns_of_an_away_ic(cli, inc):
    cli.ok("role", inc, "assign", "ic", "alice")
    cli.ok("role", inc, "assign", "scribe", "sam")
    cli.ok("joined", inc, "bob")
    cli.clock.advance(minutes=60)
    cli.ok("break", inc, "alice", "--for", "15m", tick=0)
    cli.ok("break", inc, "bob", "--for", "30m", tick=0)
    cli.clock.advance(minutes=5)
    r = cli("nudges", inc, tick=0)
    assert r.out.splitlines()[0] == (" 1. The IC, alice, is on a break until 15:15: hand over IC "
                                     "or name a deputy")  # fmt: skip
    assert "`cockpit role INC-1 assign ic NAME --note BRIEFING`" in r.out
    r = cli("role", inc, "assign", "ic", "bob", tick=0)
    assert r.code == 0  # saved as asked: the record says what was decided
    assert r.err.strip() == ("cockpit: warning: bob is on a break until 15:30: nobody acts as "
                             "Incident Commander until they are back; `cockpit role INC-1 assign "
                             "deputy_ic NAME` names a deputy")  # fmt: skip
    note = [e for e in cli.timeline() if e["kind"] == "role_assigned"][-1]["text"]
    assert note == ("bob is Incident Commander — outgoing IC alice: 1h00m on duty (1h05m on the "
                    "call, 5 min on breaks), 1h05m as IC, on a break now, back in 10 min")  # fmt: skip
    r = cli("role", inc, "assign", "scribe", "priya")  # not away: no warning
    assert r.code == 0 and r.err == ""


def test_an_overdue_update_is_never_nothing_needs_attention(cli, inc):
    cli.ok("severity", inc, "SEV2", "--reason", "EU payments fail")
    cli.ok("role", inc, "assign", "ic", "alice")
    cli.ok("role", inc, "assign", "scribe", "sam")
    cli.ok("mitigation", inc, "start", "failover", "--by", "bob")
    cli.clock.advance(minutes=31)
    cli.ok("note", inc, "still failing over", tick=0)
    r = cli("nudges", inc, tick=0)
    assert r.out.splitlines() == [
        "Update overdue: to responders, was due 14:30 (1m ago); "
        "`cockpit update INC-1 TEXT --audience responders`",
        "INC-1: no nudge now",
    ]
    data = cli("nudges", inc, "--json", tick=0).json
    assert data["nudges"] == [] and data["updates_overdue"] == [
        {"audience": "responders", "due": "2026-11-23T14:30:01Z"}]  # fmt: skip
    out = cli("show", inc, tick=0).out
    assert "Needs attention: no nudge now, but an update is overdue (Next update)" in out
    cli.ok("update", inc, "Failing over; next update in 30 minutes", tick=0)
    assert cli("nudges", inc, tick=0).out.strip() == "INC-1: nothing needs attention now"


def test_the_snooze_row_says_what_was_snoozed_in_words(cli, inc):
    cli.ok("role", inc, "assign", "ic", "alice")
    cli.ok("role", inc, "assign", "scribe", "sam")
    cli.ok("task", inc, "add", "Check DB pool", "--to", "dev", tick=0)
    cli.clock.advance(minutes=4)
    r = cli("snooze", inc, "task_unacked", "--until", "30m", "--reason", "dev is on the bridge")
    assert r.code == 0, r.err
    row = cli.timeline()[-1]
    assert row["kind"] == "nudge_snoozed"
    assert row["text"] == ('Snoozed "dev has not acknowledged: Check DB pool" until 14:34: '
                           "dev is on the bridge")  # fmt: skip
    assert "task_unacked:" not in row["text"]
