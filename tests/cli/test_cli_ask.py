"""`cockpit ask` and `cockpit inbox` (issue 14, "Questions go to the IC, not the engineers"):
a stakeholder's question recorded with who asks (`--from`) and who recorded it (`--author`);
the inbox lists them, open first, and settles each: answered, deferred, passed on as a task
(the task and the settling in one transaction); `--wait` follows the file until the answer,
written by another process, and prints it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from cockpit.core.state import fold
from cockpit.store import Store


def _questions(cli, *flags):
    return cli("inbox", "INC-1", "--json", *flags).json


def test_ask_records_who_asks_and_who_recorded_it(cli, inc):
    qid = cli.ok("--author", "scribe", "ask", inc, "Will EU customers get a credit?",
                 "--from", "VP Sales")  # fmt: skip
    [row] = [r for r in cli.timeline() if r["id"].endswith(qid)]
    assert (row["kind"], row["author"]) == ("question_asked", "scribe")
    assert row["text"] == "VP Sales asks: Will EU customers get a credit?"
    [q] = _questions(cli)
    assert (q["from"], q["text"], q["status"], q["by"]) == (
        "VP Sales", "Will EU customers get a credit?", "open", "scribe")  # fmt: skip
    cli.ok("ask", inc, "What is the ETA?", "--author", "bob")  # no --from: who writes asks
    assert [q["from"] for q in _questions(cli)] == ["VP Sales", "bob"]
    assert _questions(cli)[1]["by"].startswith("bob via ")  # recorded here, by this terminal
    piped = cli.ok("ask", inc, "--from", "CFO", stdin="Cost so far?\n")
    assert _questions(cli)[-1]["text"] == "Cost so far?\n" and piped


def test_bad_questions_are_refused_and_nothing_is_saved(cli, inc):
    before = len(cli.timeline())
    for argv, says in (
        (("ask", inc, "ETA?", "--from", " "), "--from is empty"),
        (("ask", inc), "no question text"),
        (("ask", inc, "x" * 4001), "the question is too long"),
        (("ask", inc, "a", "b"), "too many words"),
        (("ask", inc, "ETA?", "--timeout", "5m"), "--timeout goes with --wait"),
        (("ask", inc, "ETA?", "--wait", "--timeout", "soon"), "--timeout"),
        (("ask", inc, "--view", "--from", "x"), "--view shows the incident"),
    ):
        r = cli(*argv)
        assert r.code == 2 and says in r.err, (argv, r.err)
        assert len(r.err.strip().splitlines()) == 1
    assert len(cli.timeline()) == before


def test_the_inbox_lists_open_first_and_settles_each_way(cli, inc):
    a = cli.ok("ask", inc, "credit?", "--from", "VP Sales")
    b = cli.ok("ask", inc, "ETA?", "--from", "CFO")
    c = cli.ok("ask", inc, "regions?", "--from", "Support")
    assert cli.ok("inbox", inc, "answer", a, "Yes, per the SLA", "--author", "ic")
    assert cli.ok("inbox", inc, "defer", b, "--note", "in the 14:30 update")
    r = cli("inbox", inc, "pass", c, "--to", "carol", "--due", "15m")
    assert r.code == 0 and len(r.out.split()) == 2  # the task's id and the settling's
    qs = {q["id"][-8:]: q for q in _questions(cli)}
    assert qs[a]["status"] == "answered" and qs[a]["answer"] == "Yes, per the SLA"
    assert qs[a]["settled_by"] == "ic"
    assert qs[b]["status"] == "deferred" and "update" not in qs[b]
    assert qs[c]["status"] == "passed" and qs[c]["passed_to"] == "carol"
    with Store.open(cli.db) as store:
        state = fold(store.events(cli.show()["id"]))
    [task] = state.all_tasks()
    assert (task.id, task.owner, task.due is not None) == (qs[c]["task"], "carol", True)
    assert "regions?" in task.text and "Support" in task.text
    d = cli.ok("ask", inc, "new one?")
    lines = cli.ok("inbox", inc).splitlines()
    assert lines[0].startswith(d) and "open" in lines[0]  # the open one first
    assert cli.ok("inbox", inc, "--open").splitlines() == [lines[0]]
    assert any("→ carol (task" in x and "delegated" in x for x in lines)
    # the next stakeholder update answers the deferred question
    text = "Questions you asked:\n- CFO: ETA?\n  Answer: not before the fix is verified"
    cli.ok("update", inc, text, "--audience", "exec")
    assert _questions(cli, "--open")[0]["id"].endswith(d)
    deferred = next(q for q in _questions(cli) if q["id"].endswith(b))
    assert deferred["update"]["text"] == text
    assert deferred["answer"] == "not before the fix is verified"


def test_settling_names_a_question_or_says_what_to_do(cli, inc):
    note = cli.ok("note", inc, "not a question")
    r = cli("inbox", inc, "answer", note, "hmm")
    assert r.code == 1 and "no question" in r.err
    q = cli.ok("ask", inc, "ETA?")
    r = cli("inbox", inc, "pass", q, "--to", " ")
    assert r.code == 2 and "named person" in r.err
    r = cli("inbox", inc, "answer", q, " ")
    assert r.code == 2 and "empty answer" in r.err
    cli.ok("inbox", inc, "answer", q, "soon")
    again = cli("inbox", inc, "answer", q, "now")
    assert again.code == 0 and "was answered already" in again.err
    assert _questions(cli)[0]["answer"] == "now"


def test_the_inbox_shows_text_safe_and_json_escaped(cli, inc):
    cli.ok("ask", inc, "evil\x1b[2J?", "--from", "VP\x07")
    r = cli("inbox", inc)
    assert "\x1b" not in r.out and "\x07" not in r.out and "␛[2J" in r.out
    assert "\\u001b" in cli("inbox", inc, "--json").out


def test_view_shows_the_incident_as_a_stakeholder_sees_it(cli, inc):
    cli.ok("note", inc, "db password hunter2")
    cli.ok("note", inc, "stack trace", "--kind", "evidence")
    cli.ok("update", inc, "Payments degraded", "--audience", "support", "--next", "30")
    cli.ok("update", inc, "restart the pool", "--audience", "responders")
    q = cli.ok("ask", inc, "credit?", "--from", "VP Sales")
    cli.ok("inbox", inc, "answer", q, "Yes")
    out = cli.ok("ask", inc, "--view")
    assert "hunter2" not in out and "stack trace" not in out and "restart the pool" not in out
    assert "Payments degraded" in out and "answered by" in out and "Yes" in out
    assert "Next update by" in out
    view = cli("ask", inc, "--view", "--json").json
    assert view["questions"][0]["answer"] == "Yes"


def test_wait_prints_the_answer_another_process_writes(cli, inc, db_path):
    """The waiting `cockpit ask` is a process of its own; the answer comes from this one."""
    env = {**os.environ, "COCKPIT_DB": str(db_path), "COCKPIT_TZ": "UTC"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cockpit.cli.main", "ask", inc, "Credit?", "--from", "VP Sales",
         "--wait", "--timeout", "60"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    said: list[str] = []
    heard = threading.Event()

    def listen() -> None:  # its standard error, line by line, as it says them
        assert proc.stderr is not None
        for line in proc.stderr:
            said.append(line)
            heard.set()

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    try:
        qid = _when_asked(cli, proc)
        cli.ok("inbox", inc, "defer", qid, "--author", "ic")
        _until(heard, said, "deferred it to the next update to executives")  # it saw that
        cli.ok("update", inc, "Status: fixed\n- VP Sales: Credit?\n  Answer: EU customers get "
               "the SLA credit\nIC: ic", "--audience", "exec")  # fmt: skip
        proc.wait(timeout=60)  # its standard error is the listener's; its output is short
        assert proc.stdout is not None
        out = proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    listener.join(10)
    assert proc.returncode == 0, said
    asked, answer = out.splitlines()
    assert asked == qid  # the question's id first, as every command that records prints
    assert answer == "answered in the update of 14:00: EU customers get the SLA credit"
    assert "ic deferred it to the next update to executives at 14:00; waiting for that update" in (
        said[-1])  # fmt: skip


def _until(heard: threading.Event, said: list[str], text: str) -> None:
    for _ in range(600):
        if any(text in line for line in said):
            return
        heard.clear()
        heard.wait(0.1)
    raise AssertionError(f"never said {text!r}: {said}")


def _when_asked(cli, proc) -> str:
    """The question's id, once the waiting process has saved it (polled, with a deadline)."""
    done = threading.Event()
    for _ in range(3000):
        if proc.poll() is not None:
            raise AssertionError(proc.communicate()[1])
        found = _questions(cli, "--open")
        if found:
            return found[0]["id"][-8:]
        done.wait(0.01)
    raise AssertionError("the waiting process never asked")


def test_wait_gives_up_with_a_clear_line(cli, inc):
    r = cli("ask", inc, "Anyone?", "--wait", "--timeout", "0.2")
    assert r.code == 1
    assert "no answer within" in r.err and "stays in the IC's inbox" in r.err
    assert "`cockpit inbox INC-1` shows it" in r.err
    assert _questions(cli)[0]["status"] == "open"  # asked all the same


def test_show_says_how_many_wait_on_the_ic(cli, inc):
    assert "Inbox" not in cli.ok("show", inc)
    q = cli.ok("ask", inc, "ETA?", "--from", "CFO")
    assert "Inbox: 1 stakeholder question waiting on the IC (`cockpit inbox INC-1`)" in cli.ok(
        "show", inc
    )
    assert [x[-8:] for x in cli.show()["inbox_waiting"]] == [q]
    cli.ok("inbox", inc, "defer", q)
    assert cli.show()["inbox_waiting"] == []
