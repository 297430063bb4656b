"""`cockpit followup` and `cockpit followups`: added with an owner, a due date and a kind,
closed with a note, listed across incidents with the overdue ones first."""

from __future__ import annotations

from datetime import timedelta

from tests.hostile import ATTACK, raw_controls


def test_add_close_reopen_and_list(cli, inc):
    fid = cli.ok("followup", inc, "add", "Alert on PSP handshake time", "--owner", "dev",
                 "--due", "2026-12-01", "--kind", "detect", "--author", "sam")  # fmt: skip
    assert len(fid) == 8
    listed = cli("followup", inc, "list", "--json").json
    assert [(f["short"], f["owner"], f["kind"], f["status"], f["due"]) for f in listed] == [
        (fid, "dev", "detect", "open", "2026-12-01T23:59:00Z")  # by the end of the day, in UTC
    ]
    r = cli("followup", inc, "done", fid)
    assert r.code == 2 and "--note" in r.err  # closed with a note
    r = cli("followup", inc, "done", fid, "--note", "  ")
    assert r.code == 2 and "a follow-up is closed with a note" in r.err
    cli.ok("followup", inc, "done", fid, "--note", "PR 77 merged", "--author", "dev")
    r = cli("followup", inc, "done", fid, "--note", "again")
    assert r.code == 1 and "already done" in r.err
    (f,) = cli("followups", "--json").json
    assert (f["status"], f["note"], f["status_by"], f["incident"]) == ("done", "PR 77 merged",
                                                                       "dev", "INC-1")  # fmt: skip
    assert cli("followups", "--open", "--json").json == []
    cli.ok("followup", inc, "reopen", fid)
    assert cli("followups", "--open", "--json").json[0]["status"] == "open"
    timeline = cli("timeline", inc).out
    assert (
        "follow up   Follow-up (detect) for dev, due 2026-12-01: Alert on PSP handshake" in timeline
    )
    assert "Follow-up “Alert on PSP handshake time” done: PR 77 merged" in timeline


def test_across_incidents_overdue_first_by_owner(cli, inc, clock):
    assert cli.ok("declare", "DNS outage", "--author", "kim") == "INC-2"
    later = cli.ok("followup", inc, "add", "Later", "--owner", "dev", "--due", "30d",
                   "--kind", "prevent")  # fmt: skip
    soon = cli.ok("followup", "INC-2", "add", "Soon", "--owner", "Kim", "--due", "2d",
                  "--kind", "process")  # fmt: skip
    cli.ok("followup", "INC-2", "add", "Sooner", "--owner", "dev", "--due", "1d",
           "--kind", "mitigate")  # fmt: skip
    clock.advance(timedelta(days=3))  # Soon and Sooner are overdue now
    out = cli("followups").out.splitlines()
    assert [line.split()[:3] for line in out] == [
        ["INC-2", out[0].split()[1], "OVERDUE"], ["INC-2", soon, "OVERDUE"], ["INC-1", later, "open"],
    ]  # fmt: skip
    assert (
        "due 2026-11-24 (2 days ago)" in out[0] and "mitigate" in out[0] and "dev: Sooner" in out[0]
    )
    mine = cli("followups", "--owner", "kim", "--json").json
    assert [f["text"] for f in mine] == ["Soon"] and mine[0]["overdue"] is True
    assert "no open follow-ups for zed" in cli("followups", "--open", "--owner", "zed").out


def test_bad_input_is_one_line_and_nothing_is_saved(cli, inc):
    before = len(cli.timeline())
    cases = [
        (("--owner", "dev", "--due", "14d", "--kind", "fix"), "unknown follow-up kind 'fix'"),
        (("--owner", " ", "--due", "14d", "--kind", "detect"), "--owner is empty"),
        (("--owner", "dev", "--due", "2020-01-01", "--kind", "detect"),
         "--due: '2020-01-01' is 6 years ago; give a time in the future; pass --force"),
        (("--owner", "dev", "--due", "someday", "--kind", "detect"), "--due: cannot read"),
        (("--owner", "x" * 300, "--due", "14d", "--kind", "detect"), "--owner is too long"),
    ]  # fmt: skip
    for flags, message in cases:
        r = cli("followup", inc, "add", "text", *flags)
        assert r.code == 2 and message in r.err and len(r.err.splitlines()) == 1, r.err
    r = cli("followup", inc, "add", "text", "--owner", "dev", "--due", "14d")
    assert r.code == 2 and "--kind" in r.err
    r = cli("followup", inc, "done", "deadbeef", "--note", "x")
    assert r.code == 1 and "no follow-up deadbeef in INC-1" in r.err
    assert len(cli.timeline()) == before


def test_hostile_text_is_shown_inert_and_kept_exact(cli, inc):
    fid = cli.ok("followup", inc, "add", ATTACK, "--owner", "dev", "--due", "7d",
                 "--kind", "process")  # fmt: skip
    assert raw_controls(cli("followups").out) == []
    assert cli("followups", "--json").json[0]["text"] == ATTACK
    cli.ok("redact", inc, fid, "--reason", "oops")
    assert "█ redacted" in cli("followups").out and "pwned" not in cli("followups").out
