"""The incident's shape from the command line: `milestone`, `page --acknowledged`, `declare
--at`, backdated phases, the team's words, `metrics`, `stats`, and the structured records of
`timeline --json` and `show --json`."""

from __future__ import annotations

import re

from cockpit import settings
from cockpit.store import Store


def stored(db_path, ref="INC-1"):
    with Store.open(db_path) as s:
        return s.events(s.incident(ref).id)


def config(text: str) -> None:
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_milestones_are_backdated_facts_with_their_fields(cli, inc, db_path):
    cli.ok("milestone", inc, "impact-started", "--at", "13:52", "--component", "checkout",
           "--level", "outage", "5xx on /v1/pay")  # fmt: skip
    cli.ok("milestone", inc, "detected", "--how", "customer", "--at", "-3m")
    m = [e for e in stored(db_path) if e.kind == "milestone"]
    assert [(e.body.name.value, e.at.strftime("%H:%M")) for e in m] == [
        ("impact_started", "13:52"), ("detected", "13:57")]  # fmt: skip
    assert m[0].body.component == "checkout" and m[0].body.level.value == "outage"
    assert m[0].body.text == "5xx on /v1/pay" and m[1].body.how.value == "customer"
    assert m[0].at_offset == 0  # typed on a wall clock (UTC in these tests)
    rows = [r for r in cli.timeline() if r["kind"] == "milestone"]
    assert rows[0]["text"] == "Impact started (checkout, outage): 5xx on /v1/pay"
    assert (rows[0]["milestone"], rows[0]["component"], rows[0]["level"]) == (
        "impact_started", "checkout", "outage")  # fmt: skip
    assert rows[1]["how"] == "customer"


def test_a_milestone_that_cannot_be_is_one_line_and_nothing_is_saved(cli, inc, db_path):
    before = len(stored(db_path))
    for argv, words in [
        (["milestone", inc, "resolved"], "unknown milestone 'resolved'"),
        (["milestone", inc, "detected", "--level", "outage"], "--level goes with impact_started"),
        (["milestone", inc, "mitigated", "--how", "monitoring"], "--how goes with detected"),
        (["milestone", inc, "impact_started", "--level", "down"], "unknown impact level"),
        (["milestone", inc, "detected", "--at", "lunchtime"], "cannot read the time"),
        (["milestone", inc, "detected", "--at", "2001-01-01T00:00Z"], "--force"),
    ]:
        r = cli(*argv)
        assert r.code == 2 and words in r.err and r.err.count("\n") == 1, (argv, r.err)
    assert len(stored(db_path)) == before
    assert cli("milestone", inc, "detected", "--at", "2020-01-01T00:00Z").code == 0


def test_a_correction_replaces_a_milestone_and_the_record_keeps_both(cli, inc):
    wrong = cli.ok("milestone", inc, "detected", "--at", "13:30")
    cli.ok("milestone", inc, "detected", "--at", "13:50", "--corrects", wrong)
    cli.ok("milestone", inc, "impact_started", "--at", "13:40")
    assert cli("metrics", inc, "--json").json["time_to_detect"] == 600
    shown = cli.show(inc)["milestones"]
    assert [(m["at"][11:16], m["counts"]) for m in shown] == [
        ("13:30", False), ("13:40", True), ("13:50", True)]  # fmt: skip
    r = cli("milestone", inc, "detected", "--corrects", "ffffffff")
    assert r.code == 1 and "no milestone ffffffff" in r.err


def test_an_end_of_impact_where_none_was_going_on_says_so(cli, inc):
    r = cli("milestone", inc, "impact_ended", "--component", "search")
    assert r.code == 0 and "no impact is recorded as going on for search" in r.err


def test_a_page_and_its_answer(cli, inc, db_path):
    page = cli.ok("page", inc, "bob", "--via", "pager", "--at", "13:50")
    cli.ok("page", inc, "bob", "--acknowledged", "--via", "phone", "--at", "13:53")
    ack = stored(db_path)[-1]
    assert ack.kind == "page_acknowledged" and ack.body.page.endswith(page)
    assert ack.body.via == "phone"
    r = cli("page", inc, "dee", "--acknowledged")
    assert r.code == 0 and "no unanswered page of dee" in r.err
    pages = cli.show(inc)["pages"]
    assert [(p["person"], p["paged_at"], p["acknowledged_at"]) for p in pages] == [
        ("bob", "2026-11-23T13:50:00Z", "2026-11-23T13:53:00Z"),
        ("dee", None, "2026-11-23T14:00:04Z")]  # fmt: skip
    assert cli("metrics", inc, "--json").json["time_to_acknowledge"] == 180


def test_impossible_orders_are_refused_in_one_line_and_nothing_is_saved(cli, inc, db_path):
    """The reviewer's S3 replay: an answer before its page, an end of impact before its start."""
    cli.ok("page", inc, "bob", "--via", "pager", "--at", "04:12")
    cli.ok("milestone", inc, "impact_started", "--at", "05:00")
    before = len(stored(db_path))
    for argv, words in [
        (["page", inc, "bob", "--acknowledged", "--at", "04:05"],
         "bob's page was sent at 04:12, so an answer at 04:05 would come before it"),
        (["milestone", inc, "impact_ended", "--at", "04:30"],
         "so an end at 04:30 would come before the start it ends; give the time impact ended "
         "(05:00 or later)"),
    ]:  # fmt: skip
        r = cli(*argv)
        assert r.code == 2 and words in r.err and r.err.count("\n") == 1, (argv, r.err)
    assert len(stored(db_path)) == before
    cli.ok("milestone", inc, "mitigated", "--at", "03:00")  # unusual, not impossible: kept
    cli.ok("milestone", inc, "detected", "--at", "04:09")
    cli.ok("page", inc, "bob", "--acknowledged", "--at", "04:14")
    cli.ok("milestone", inc, "impact_ended", "--at", "05:30")
    data = cli("metrics", inc, "--json").json
    assert data["time_to_acknowledge"] == 120 and data["impact_duration"] == 1800
    assert data["time_to_detect"] is None and data["time_to_mitigate"] is None
    assert "is before" in data["missing"]["time_to_mitigate"]
    page = cli.ok("metrics", inc)
    assert "whole service: 05:00 → 05:30" in page
    assert not re.search(r"(?<![\w:])-\d", page), page  # no negative duration anywhere
    assert cli("stats", "--json").json["metrics"]["time_to_mitigate"]["n"] == 0


def test_declare_at_backdates_the_declaration_and_the_update_clock_follows(cli, clock):
    assert cli.ok("declare", "Payments down", "--severity", "SEV1", "--at", "-45m") == "INC-1"
    shown = cli.show()
    assert shown["declared_at"] == "2026-11-23T13:15:01Z"
    assert shown["next_update"] == "2026-11-23T13:35:01Z"  # SEV1: 20 minutes from it: overdue
    assert "OVERDUE by 25m" in cli.ok("show", "INC-1")
    r = cli("declare", "Too early", "--at", "yesterday 9:00")
    assert r.code == 0 and "saved at" in r.err and "yesterday" in r.err


def test_a_backdated_phase_before_the_one_in_force_says_what_it_did(cli, inc):
    cli.ok("phase", inc, "resolved", "--at", "13:50")
    r = cli("phase", inc, "monitoring", "--at", "13:30")
    assert r.code == 0 and "the phase in force is now monitoring (it was resolved" in r.err
    shown = cli.show(inc)
    assert [s["phase"] for s in shown["phase_history"]] == ["declared", "monitoring", "resolved"]
    assert (
        cli("phase", inc, "closed", "--at", "13:55", "--override", "replayed", "--met", "all").err
        == ""
    )


def test_the_teams_words_work_everywhere_and_are_kept_as_typed(cli, db_path):
    config('[aliases.severity]\nP0 = "SEV1"\nred = "SEV1"\nP2 = "SEV3"\n'
           '[aliases.role]\n"incident coordinator" = "ic"\n')  # fmt: skip
    cli.ok("declare", "Checkout down", "--severity", "P2")
    cli.ok("severity", "INC-1", "red", "--reason", "all regions")
    cli.ok("severity", "INC-1", "SEV1", "--reason", "said plainly")
    cli.ok("role", "INC-1", "assign", "Incident Coordinator", "bob")
    events = stored(db_path)
    assert events[0].body.severity.value == "SEV3" and events[0].body.alias == "P2"
    assert [(e.body.severity.value, e.body.alias) for e in events[1:3]] == [
        ("SEV1", "red"), ("SEV1", "")]  # fmt: skip
    assert events[3].body.role.value == "ic" and events[3].body.alias == "Incident Coordinator"
    history = cli.show()["severity_history"]
    assert [(h["severity"], h["alias"]) for h in history] == [
        ("SEV3", "P2"), ("SEV1", "red"), ("SEV1", None)]  # fmt: skip
    rows = cli.timeline()
    assert rows[1]["text"] == "Severity SEV1 (red): all regions" and rows[1]["alias"] == "red"
    assert "alias" not in rows[2]
    r = cli("severity", "INC-1", "P9", "--reason", "r")
    assert r.code == 2 and "your words: P0, P2, red" in r.err


def test_resolve_moved_to_settle_and_says_so(cli, inc):
    hyp = cli.ok("note", inc, "--kind", "hypothesis", "DNS")
    r = cli("resolve", inc, hyp, "confirmed", "dig")
    assert r.code == 0 and "`resolve` is now `settle`" in r.err
    assert cli.show(inc)["open_questions"] == []
    r = cli("resolve", inc)
    assert r.code == 2 and "cockpit phase INC-1 resolved" in r.err and r.err.count("\n") == 1


def test_metrics_as_a_page_and_as_json(cli, inc):
    cli.ok("milestone", inc, "impact_started", "--at", "13:50", "--component", "api")
    cli.ok("milestone", inc, "detected", "--at", "13:55")
    data = cli("metrics", inc, "--json").json
    assert data["label"] == inc and data["time_to_detect"] == 300
    assert data["time_to_declare"] == 301 and data["impact_duration"] is None  # at 14:00:01
    assert data["missing"]["time_to_mitigate"] == "no mitigated milestone"
    assert data["impact"]["so_far"] == 10 * 60 + 4  # to now (14:00:04), while it goes on
    assert set(data["definitions"]) >= {"time_to_detect", "impact_duration", "updates"}
    page = cli.ok("metrics", inc)
    assert "Time to detect" in page and "5m 00s" in page and "13:50 → 13:55" in page
    assert f"`cockpit milestone {inc} mitigated --at WHEN`" in page
    assert "api: 13:50 → still going on" in page
    helped = cli("metrics", "--help")
    assert "time_to_resolve: From the first detection to the last move into resolved" in (
        " ".join(helped.out.split()))  # fmt: skip


def test_stats_across_incidents_with_the_pager_burden(cli, clock):
    config('[working_hours]\nstart = "09:00"\nend = "17:00"\n')
    for n, (sev, detect) in enumerate([("SEV1", 2), ("SEV2", 10), ("SEV2", None)], start=1):
        cli.ok("declare", f"incident {n}", "--severity", sev, "--at", "13:00")
        if detect is not None:
            cli.ok("milestone", f"INC-{n}", "impact_started", "--at", "12:00")
            cli.ok("milestone", f"INC-{n}", "detected", "--at", f"12:{detect:02d}")
        cli.ok("page", f"INC-{n}", "bob", "--at", "03:00")  # a night page, and a day one
        cli.ok("page", f"INC-{n}", "cy", "--at", "11:00")
    data = cli("stats", "--json").json
    assert data["incidents"] == 3
    assert data["by_severity"]["SEV1"] == 1 and data["by_severity"]["SEV2"] == 2
    assert data["by_month"] == {"2026-11": {"total": 3, "SEV1": 1, "SEV2": 2}}
    assert data["metrics"]["time_to_detect"] == {"n": 2, "median": 360.0, "p90": 552.0}
    assert data["pager"]["by_person"] == {"bob": {"pages": 3, "outside_hours": 3},
                                          "cy": {"pages": 3, "outside_hours": 0}}  # fmt: skip
    assert data["followups"]["rate"] is None and data["followups"]["due"] == 0
    assert data["followups_missing"] == "no follow-up is due or done yet"
    assert [x["label"] for x in data["list"]] == ["INC-1", "INC-2", "INC-3"]
    assert cli("stats", "--since", "2026-12-01", "--json").json["incidents"] == 0
    page = cli.ok("stats")
    assert "3 incidents" in page and "bob: 3 pages, 3 outside working hours" in page
    assert cli("stats", "--since", "whenever").code == 2


def test_stats_say_which_follow_ups_were_done_on_time(cli, clock):
    """`cockpit followups` lists them; `stats` counts them against their due dates."""
    cli.ok("declare", "one")
    cli.ok("declare", "two")
    made = {}
    for inc, name, due in [("INC-1", "on time", "2d"), ("INC-1", "late", "1d"),
                           ("INC-2", "overdue", "3d"), ("INC-2", "not yet", "30d"),
                           ("INC-2", "dropped", "2d")]:  # fmt: skip
        fid = cli.ok("followup", inc, "add", name, "--owner", "dev", "--kind", "prevent",
                     "--due", due)  # fmt: skip
        made[name] = (inc, fid)

    def close(name: str, verb: str, note: str) -> None:
        inc, fid = made[name]
        cli.ok("followup", inc, verb, fid, "--note", note)

    clock.advance(days=1)
    close("on time", "done", "PR 1")
    clock.advance(days=1)
    close("late", "done", "PR 2")  # a day after its due time
    close("dropped", "drop", "not needed")
    clock.advance(days=2)  # "overdue" now is
    assert len(cli("followups", "--json").json) == 5
    f = cli("stats", "--json").json["followups"]
    assert f == {"on_time": 1, "due": 3, "rate": 0.333, "done_late": 1, "overdue": 1,
                 "not_due": 1, "undated": 0, "dropped": 1}  # fmt: skip
    page = cli.ok("stats")
    assert (
        "Follow-ups on time: 1 of 3 due or done (33%): 1 done late, 1 open past their due "
        "date; beside: 1 not yet due, 1 dropped"
    ) in page
    assert "Follow-ups completed on time: those done by their due date" in " ".join(page.split())
    assert "not recorded" not in page
    helped = " ".join(cli("stats", "--help").out.split())
    assert "followups: Follow-ups completed on time" in helped


def test_timeline_json_gives_each_entry_its_structured_fields(cli, inc, db_path):
    cli.ok("severity", inc, "SEV2", "--reason", "some users")
    cli.ok("phase", inc, "mitigating")
    cli.ok("role", inc, "assign", "ic", "alice")
    mit = cli.ok("mitigation", inc, "start", "roll back 4812", "--by", "priya")
    cli.ok("mitigation", inc, "outcome", "no-effect", "--note", "errors unchanged")
    cli.ok("update", inc, "Rolling back", "--audience", "external", "--next", "20")
    cli.ok("page", inc, "bob")
    cli.ok("note", inc, "from the bot", "--author", "deploy-bot")
    rows = {r["kind"]: r for r in cli.timeline()}
    assert (
        rows["severity_set"]["severity"] == "SEV2"
        and rows["severity_set"]["reason"] == "some users"
    )
    assert rows["phase_set"]["phase"] == "mitigating"
    assert (rows["role_assigned"]["role"], rows["role_assigned"]["person"]) == ("ic", "alice")
    assert rows["mitigation_started"]["mitigation"].endswith(mit)
    assert rows["mitigation_outcome"]["mitigation"].endswith(mit)
    assert rows["mitigation_outcome"]["outcome"] == "no_effect"
    assert rows["status_update"]["audience"] == "customers"  # the audience "external" reads as
    assert rows["status_update"]["next_in_minutes"] == 20
    assert rows["person_paged"]["person"] == "bob"
    assert rows["note"]["recorded_by"] and rows["note"]["author"] == "deploy-bot"
    assert rows["incident_declared"]["title"] == "Checkout API errors"


def test_a_redacted_entry_keeps_its_fields_but_none_of_its_text(cli, inc):
    sev = cli.ok("severity", inc, "SEV1", "--reason", "password=hunter2 leaked")
    cli.ok("redact", inc, sev, "--reason", "a secret")
    row = next(r for r in cli.timeline() if r["kind"] == "severity_set")
    assert row["redacted"] and row["severity"] == "SEV1" and "reason" not in row
    assert "hunter2" not in cli("timeline", inc, "--json").out


def test_show_json_gives_the_timed_histories(cli, clock):
    cli.ok("declare", "Checkout down", "--severity", "SEV2", "--at", "13:30")
    cli.ok("severity", "INC-1", "SEV1", "--reason", "spreading", "--at", "13:40")
    mit = cli.ok("mitigation", "INC-1", "start", "fail over", "--at", "13:45")
    cli.ok("mitigation", "INC-1", "outcome", "worked", "--at", "13:55")
    upd = cli.ok("update", "INC-1", "Failing over", "--at", "13:50")
    cli.ok("edit", "INC-1", upd, "Failing over to eu-west")
    cli.ok("milestone", "INC-1", "mitigated", "--at", "13:56")
    cli.ok("phase", "INC-1", "resolved", "--at", "13:58", "--reason", "error rate flat")
    cli.ok("phase", "INC-1", "investigating", "--reason", "back", "--at", "13:59")
    shown = cli.show()
    assert shown["declared_at"] == "2026-11-23T13:30:00Z" and shown["declared_severity"] == "SEV2"
    assert [(h["severity"], h["at"][11:16]) for h in shown["severity_history"]] == [
        ("SEV2", "13:30"), ("SEV1", "13:40")]  # fmt: skip
    assert [(s["phase"], s["at"][11:16]) for s in shown["phase_history"]] == [
        ("declared", "13:30"), ("resolved", "13:58"), ("investigating", "13:59")]  # fmt: skip
    assert shown["resolved_at"] is None and shown["reopened_at"] == "2026-11-23T13:59:00Z"
    (m,) = shown["mitigations"]
    assert m["id"].endswith(mit) and (m["outcome"], m["outcome_at"]) == (
        "worked", "2026-11-23T13:55:00Z")  # fmt: skip
    assert [(u["text"], u["at"][11:16]) for u in shown["updates"]] == [
        ("Failing over to eu-west", "13:50")]  # fmt: skip
    assert [(x["milestone"], x["at"][11:16]) for x in shown["milestones"]] == [
        ("mitigated", "13:56")
    ]
    page = cli.ok("show", "INC-1")
    assert "Phase history: declared 13:30 → resolved 13:58 → investigating 13:59" in page
    assert "Milestones" in page and "Mitigated" in page
