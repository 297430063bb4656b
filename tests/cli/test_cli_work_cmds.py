"""`mitigation`, `task`, `check`: one mitigation at a time, delegated tasks, checklist ticks."""

import pytest

from cockpit.store import Store


def count(db_path):
    with Store.open(db_path) as s:
        return s.count(s.incident("INC-1").id)


def test_one_mitigation_at_a_time(cli, inc, db_path):
    m1 = cli.ok("mitigation", inc, "start", "roll back deploy 42", "--by", "bob")
    before = count(db_path)
    r = cli("mitigation", inc, "start", "restart pods")
    assert r.code == 1
    assert f"mitigation {m1} ('roll back deploy 42' by bob, since 14:00) has no outcome" in r.err
    assert "--override" in r.err and r.err.count("\n") == 1
    assert count(db_path) == before
    m2 = cli.ok("mitigation", inc, "start", "restart pods", "--override", "rollback is slow")
    flying = cli.show(inc)["mitigations_in_flight"]
    assert [m["what"] for m in flying] == ["roll back deploy 42", "restart pods"]
    # two in flight: the outcome must say which
    r = cli("mitigation", inc, "outcome", "worked")
    assert r.code == 2 and m1 in r.err and m2 in r.err
    cli.ok("mitigation", inc, "outcome", m1, "no-effect", "--note", "errors unchanged")
    cli.ok("mitigation", inc, "outcome", "worked")  # the only one left in flight
    assert cli.show(inc)["mitigations_in_flight"] == []
    texts = [e["text"] for e in cli.timeline() if e["kind"] == "mitigation_outcome"]
    assert texts == ["Mitigation outcome of “roll back deploy 42”: no effect — errors unchanged",
                     "Mitigation outcome of “restart pods”: worked"]  # fmt: skip
    cli.ok("mitigation", inc, "start", "scale up")  # nothing blocks any more


def test_mitigation_start_defaults_by_to_the_author(cli, inc):
    cli.ok("mitigation", inc, "start", "failover", "--author", "zoe")
    assert cli.show(inc)["mitigations_in_flight"][0]["by"] == "zoe"


def test_outcome_with_nothing_in_flight_or_a_bad_word(cli, inc):
    r = cli("mitigation", inc, "outcome", "worked")
    assert r.code == 1 and "no mitigation in flight" in r.err
    cli.ok("mitigation", inc, "start", "x")
    r = cli("mitigation", inc, "outcome", "great")
    assert r.code == 2 and "unknown outcome 'great'" in r.err
    r = cli("mitigation", inc, "outcome", "ffffffff", "worked")
    assert r.code == 1 and "no mitigation ffffffff" in r.err


def test_tasks_delegated_acknowledged_done_by_short_or_full_id(cli, inc):
    t1 = cli.ok("task", inc, "add", "check the DB", "--to", "carol", "--due", "14:30")
    t2 = cli.ok("task", inc, "add", "call the vendor", "--to", "dan")
    tasks = cli.show(inc)["open_tasks"]
    assert [(t["owner"], t["status"]) for t in tasks] == [("carol", "delegated"),
                                                          ("dan", "delegated")]  # fmt: skip
    full = tasks[0]["id"]
    cli.ok("task", inc, "ack", full)
    cli.ok("task", inc, "drop", t2, "--note", "vendor called us")
    assert [(t["owner"], t["status"]) for t in cli.show(inc)["open_tasks"]] == [
        ("carol", "acknowledged")]  # fmt: skip
    cli.ok("task", inc, "done", t1[-5:])  # any unambiguous tail of the id
    assert cli.show(inc)["open_tasks"] == []
    due = [e for e in cli.timeline() if e["kind"] == "task_delegated"][0]["text"]
    assert due == "Task for carol: check the DB (due 14:30)"


def test_task_refusals(cli, inc):
    r = cli("task", inc, "add", "x")
    assert r.code == 2 and "--to" in r.err
    r = cli("task", inc, "add", "x", "--to", "bob", "--due", "whenever")
    assert r.code == 2 and "--due" in r.err
    note = cli.ok("note", inc, "not a task")
    r = cli("task", inc, "ack", note)
    assert r.code == 1 and f"no task {note}" in r.err
    r = cli("task", inc, "ack", "zz")
    assert r.code == 2 and "not an entry id" in r.err


@pytest.mark.parametrize(
    ("checklist", "item", "expected"),
    [
        ("intake", ["1"], ("intake", "Customer impact known")),
        ("1", ["blast"], ("intake", "Blast radius known")),
        ("IC", ["roles", "filled"], ("kickoff", "Roles filled (IC, scribe, tech lead, comms)")),
        ("Resolution criteria", ["Customer impact ended"], ("resolution", "Customer impact ended")),
    ],
)
def test_check_matches_checklist_and_item_by_name_number_or_prefix(cli, inc, checklist, item,
                                                                   expected):  # fmt: skip
    cli.ok("check", inc, checklist, *item)
    name, text = expected
    shown = cli.show(inc)["checklists"]
    assert shown[name][0] == 1
    assert cli.timeline()[-1]["text"] == f"☑ {name}: {text}"


def test_uncheck_and_unknown_items(cli, inc):
    cli.ok("check", inc, "intake", "1")
    cli.ok("check", inc, "intake", "1", "--uncheck")
    assert cli.show(inc)["checklists"]["intake"] == [0, 5]
    r = cli("check", inc, "intake", "known")  # every intake item ends in "known", none starts so
    assert r.code == 2 and "matches none" in r.err
    r = cli("check", inc, "intake", "w")  # "When..." and "What..." and "Who..."
    assert r.code == 2 and "matches several" in r.err
    r = cli("check", inc, "nope", "1")
    assert r.code == 2 and "checklist 'nope'" in r.err


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("15m", "2026-11-23T14:17:"),  # the clock reads 14:02:xx when the task is added
        ("+1h30m", "2026-11-23T15:32:"),
        ("14:30", "2026-11-23T14:30:00"),
        ("13:00", "2026-11-24T13:00:00"),  # already past today: tomorrow
        ("2026-11-23T18:00:00Z", "2026-11-23T18:00:00"),
    ],
)
def test_due_times(cli, inc, db_path, due, expected):
    cli.clock.advance(minutes=2)
    cli.ok("task", inc, "add", "x", "--to", "bob", "--due", due)
    with Store.open(db_path) as s:
        task = [e for e in s.events(s.incident(inc).id) if e.kind == "task_delegated"][0]
    assert task.body.due.isoformat().startswith(expected)
