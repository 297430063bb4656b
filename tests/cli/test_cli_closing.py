"""The end of an incident from a terminal: `cockpit phase` refuses an early resolve without a
reason and a close with loose ends without an override (one line, exit 1, nothing written),
records the criteria met and the override beside the phase change; `cockpit all-clear` posts
the final update (to customers too, stage resolved, where a destination takes them) and
stands the team down; `cockpit reopen` needs a reason."""

from __future__ import annotations

from pathlib import Path

from cockpit import settings
from cockpit.store import Store

CONFIG = """
[destinations.inc-chat]
type = "slack"
audiences = ["responders"]
[destinations.status]
type = "command"
audiences = ["customers"]
"""


def kinds(cli, ref: str = "INC-1") -> list[str]:
    return [e["kind"] for e in cli.timeline(ref)]


def entries(cli, kind: str, ref: str = "INC-1") -> list[dict]:
    return [e for e in cli.timeline(ref) if e["kind"] == kind]


def test_resolving_inside_the_monitoring_window_needs_a_reason(cli, inc):
    cli.ok("milestone", inc, "mitigated", "--at", "-5m")
    before = kinds(cli)
    r = cli("phase", inc, "resolved")
    assert r.code == 1 and r.out == "" and r.err.count("\n") == 1
    assert "15-minute monitoring window ends at" in r.err and "--reason" in r.err
    assert kinds(cli) == before  # nothing written
    pid = cli.ok("phase", inc, "resolved", "--reason", "error rate flat", "--met", "1,2")
    assert len(pid.split()) == 1  # stdout: the phase change's id only, for scripts
    (phase,) = entries(cli, "phase_set")
    (checked,) = entries(cli, "criteria_checked")
    assert phase["id"].endswith(pid) and "error rate flat" in phase["text"]
    assert (
        "2 of 4 met" in checked["text"]
        and "before the 15-minute monitoring window" in (checked["text"])
    )


def test_the_window_follows_the_configured_minutes_and_ends_on_time(cli, inc):
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[closing]\nmonitor_minutes = {SEV3 = 30, default = 5}\n")
    cli.ok("severity", inc, "SEV3", "--reason", "a few customers")
    cli.ok("milestone", inc, "mitigated")
    r = cli("phase", inc, "resolved", tick=29 * 60)
    assert r.code == 1 and "30-minute monitoring window" in r.err
    r = cli("phase", inc, "resolved", "--met", "all", tick=60)  # 30 minutes on: no reason asked
    assert r.code == 0 and r.err == ""
    (checked,) = entries(cli, "criteria_checked")
    assert "4 of 4 met" in checked["text"] and "before" not in checked["text"]


def test_a_bad_closing_setting_is_one_line(cli, inc):
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[closing]\nmonitor_minutes = {P0 = 30}\n")
    r = cli("show", inc)
    assert r.code == 2 and r.err.count("\n") == 1 and "closing.monitor_minutes" in r.err


def test_resolving_without_met_records_the_ticked_criteria_and_says_what_is_not(cli, inc):
    cli.ok("check", inc, "resolution", "1")
    r = cli("phase", inc, "resolved")
    assert r.code == 0 and r.err.count("\n") == 1 and "1 of 4 met (ticked)" in r.err
    (checked,) = entries(cli, "criteria_checked")
    assert "1 of 4 met" in checked["text"]
    r = cli("phase", inc, "monitoring", "--met", "all")  # not resolving: a usage error
    assert r.code == 2 and "--met goes with resolving" in r.err
    r = cli("phase", inc, "closed", "--met", "all")  # already resolved: closing resolves nothing
    assert r.code == 2 and "--met goes with resolving" in r.err


def test_closing_with_loose_ends_refuses_and_records_the_override(cli, inc):
    cli.ok("mitigation", inc, "start", "Roll back 4812")
    cli.ok("task", inc, "add", "--to", "priya", "Check the PSP \x1b]0;owned\x07")
    cli.ok("phase", inc, "resolved", "--met", "all")
    before = kinds(cli)
    r = cli("phase", inc, "closed")
    assert r.code == 1 and r.err.count("\n") == 1 and "\x1b" not in r.err  # said safe
    for what in ("mitigation in flight: Roll back 4812", "open task: priya: Check the PSP",
                 "recovery not done: Temporary mitigations removed", "--override REASON"):  # fmt: skip
        assert what in r.err
    assert kinds(cli) == before
    r = cli("phase", inc, "closed", "--override", "the rollback runs on under INC-2")
    assert r.code == 0 and len(r.out.split()) == 1
    (over,) = entries(cli, "close_overridden")
    assert "Closed with 7 open" in over["text"] and "runs on under INC-2" in over["text"]
    assert cli("phase", inc, "monitoring", "--override", "x").code == 2  # not closing
    (shown,) = cli.show(inc)["ending"]["overrides"]
    assert shown["reason"] == "the rollback runs on under INC-2" and len(shown["open"]) == 7
    cli.ok("redact", inc, over["id"], "--reason", "names a customer")
    (shown,) = cli.show(inc)["ending"]["overrides"]
    assert shown["redacted"] and shown["reason"] is None and shown["open"] is None


def test_the_all_clear_posts_the_final_update_and_stands_the_team_down(cli, inc, db_path: Path):
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CONFIG)
    for role, person in (("ic", "alice"), ("scribe", "sam"), ("sme", "dev")):
        cli.ok("role", inc, "assign", role, person)
    r = cli("all-clear", inc)
    assert r.code == 1 and r.err.count("\n") == 1 and "resolve it first" in r.err
    cli.ok("phase", inc, "resolved", "--met", "all")
    r = cli("all-clear", inc, "--json")
    assert r.code == 0, r.err
    ids = r.json
    assert [(x["role"], x["person"]) for x in ids["released"]] == [
        ("ic", "alice"), ("scribe", "sam"), ("sme", "dev")]  # fmt: skip
    with Store.open(db_path) as s:
        events = {e.id: e for e in s.events(s.incident(inc).id)}
    final, customer = events[ids["update"]].body, events[ids["customer_update"]].body
    assert final.audience == "responders" and final.destinations == ("inc-chat",)
    assert "all clear, final update" in final.text and "‹" not in final.text
    assert customer.stage.value == "resolved" and customer.destinations == ("status",)
    assert "This incident has been resolved." in customer.text
    down = events[ids["stood_down"]].body
    assert (down.update, down.released) == (ids["update"], 3)
    assert all(events[x["id"]].body.note == "stood down" for x in ids["released"])
    shown = cli.show(inc)
    assert not any(shown["roles"].values())
    assert shown["ending"]["stood_down_at"] is not None
    r = cli("all-clear", inc)
    assert r.code == 1 and "already stood down" in r.err and "cockpit reopen" in r.err


def test_the_all_clear_takes_the_text_given(cli, inc):
    cli.ok("phase", inc, "resolved", "--met", "all")
    r = cli("all-clear", inc, "--customer-text", "Resolved.")
    assert r.code == 2 and "no destination takes customer updates" in r.err
    uid = cli.ok("all-clear", inc, "--text", "All clear. Thanks all.")
    (update,) = entries(cli, "status_update")
    assert update["id"].endswith(uid) and "All clear. Thanks all." in update["text"]
    assert kinds(cli)[-1] == "stood_down"


def test_reopen_needs_a_reason_and_is_a_phase_change(cli, inc):
    r = cli("reopen", inc, "--reason", "again")
    assert r.code == 1 and "nothing to reopen" in r.err
    cli.ok("phase", inc, "resolved", "--met", "all")
    r = cli("reopen", inc)
    assert r.code == 2 and r.err.count("\n") == 1 and "--reason" in r.err
    assert cli("reopen", inc, "--reason", "x", "--to", "closed").code == 2
    cli.ok("reopen", inc, "--reason", "5xx are back", "--to", "mitigating")
    shown = cli.show(inc)
    assert shown["phase"] == "mitigating"
    assert [s["phase"] for s in shown["phase_history"]][-2:] == ["resolved", "mitigating"]
    assert shown["phase_history"][-1]["reason"] == "5xx are back"
