"""`timeline` (text and JSON, in `at` order) and `tail` (entries as they arrive)."""

import json
from datetime import UTC

from cockpit.cli.timeline_cmds import follow
from cockpit.core.compose import new_event
from cockpit.settings import os_user
from cockpit.store import Store


def test_timeline_json_is_in_at_order_with_the_fields_scripts_need(cli, inc):
    cli.ok("note", inc, "b")
    cli.ok("note", inc, "a, earlier", "--at", "13:30")
    cli.ok("note", inc, "c")
    tl = cli.timeline()
    assert [e["text"] for e in tl] == ["a, earlier", "Declared: Checkout API errors [checkout]",
                                       "b", "c"]  # fmt: skip
    assert [e["at"] for e in tl] == sorted(e["at"] for e in tl)
    for e in tl:
        assert {"id", "kind", "at", "author", "text", "edited", "redacted"} <= set(e)


def test_timeline_text_has_day_lines_times_ids_authors_and_indented_lines(cli, inc):
    short = cli.ok("note", inc, "--kind", "evidence", "--author", "bob", stdin="one\ntwo\n")
    cli.ok("note", inc, "yesterday", "--at", "2026-11-22T23:50:00Z")
    lines = cli.ok("timeline", inc).splitlines()
    assert lines[0] == "── Sunday 2026-11-22 ──"
    assert lines[2] == "── Monday 2026-11-23 ──"
    # written here under another author: who recorded it shows beside it (SYNC.md)
    by = f"bob via {os_user()}"
    assert lines[4].startswith(f"14:00:02  {short}  {by:<12}  evidence    one")
    assert lines[5] == "  │ two"  # a continuation, never taken for a row
    assert len(lines) == 6


def test_timeline_of_an_unknown_incident(cli, inc):
    r = cli("timeline", "INC-7")
    assert r.code == 1 and "no incident 'INC-7'" in r.err and "INC-1" in r.err


def test_follow_prints_the_backlog_then_what_other_writers_add(cli, inc, db_path, clock):
    for i in range(5):
        cli.ok("note", inc, f"old {i}")
    lines: list[str] = []
    writer = Store.open(db_path)
    reader = Store.open(db_path)
    ref = reader.incident(inc)
    script = [
        lambda: writer.append(new_event(ref.id, "bob", {"kind": "note", "text": "new 1"}, clock)),
        lambda: None,  # nothing new: data_version unchanged, nothing read
        lambda: writer.append(new_event(ref.id, "bob", {"kind": "note", "text": "new 2"}, clock)),
    ]
    polls = iter(script)
    n = follow(reader, ref.id, lines.append, backlog=2, as_json=True, tz=UTC,
               wait=lambda: next(polls)(), stop=lambda: len(lines) >= 4)  # fmt: skip
    writer.close()
    reader.close()
    assert n == 2
    assert [json.loads(x)["text"] for x in lines] == ["old 3", "old 4", "new 1", "new 2"]


def test_follow_shows_edits_and_redactions_without_the_redacted_text(cli, inc, db_path, clock):
    target = cli.ok("note", inc, "token=hunter2")
    full = cli.timeline()[-1]["id"]
    lines: list[str] = []
    with Store.open(db_path) as writer, Store.open(db_path) as reader:
        ref = reader.incident(inc)
        steps = iter(
            [
                lambda: writer.append(
                    new_event(ref.id, "bob", {"kind": "entry_redacted", "target": full}, clock)
                ),  # fmt: skip
            ]
        )
        follow(reader, ref.id, lines.append, backlog=0, tz=UTC, wait=lambda: next(steps)(),
               stop=lambda: len(lines) >= 1)  # fmt: skip
    assert len(lines) == 1 and f"{target}: Redacted an entry" in lines[0]
    assert "hunter2" not in lines[0]
    lines.clear()
    with Store.open(db_path) as reader:
        follow(reader, reader.incident(inc).id, lines.append, backlog=5, tz=UTC,
               stop=lambda: True)  # fmt: skip
    assert len(lines) == 2 and "hunter2" not in "".join(lines) and "█ redacted" in lines[1]


def test_tail_refuses_bad_numbers(cli, inc):
    r = cli("tail", inc, "-n", "-1")
    assert r.code == 2


def test_a_settled_hypothesis_reads_as_how_it_was_settled(cli, inc):
    """Issue 11 item 7: a confirmation was labelled `resolved`, which reads like the phase."""
    hyp = cli.ok("note", inc, "bad deploy", "--kind", "hypothesis")
    cli.ok("settle", inc, hyp, "confirmed", "rollback fixed it")
    q = cli.ok("note", inc, "is EU hit?", "--kind", "question")
    cli.ok("settle", inc, q, "answered", "no")
    lines = cli.ok("timeline", inc).splitlines()
    assert any("  confirmed   Confirmed “bad deploy”: rollback fixed it" in x for x in lines)
    assert any("  answered    Answered “is EU hit?”: no" in x for x in lines)
    assert not any("resolved" in x for x in lines)
