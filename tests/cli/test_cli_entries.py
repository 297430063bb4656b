"""`update`, `page`, `joined`, `edit`, `redact`: adding to the record and correcting it."""

import json

from cockpit.store import Store


def test_update_page_joined(cli, inc):
    cli.ok("update", inc, "Investigating; next update in 15 minutes", "--audience", "execs",
           "--next", "15")  # fmt: skip
    cli.ok("page", inc, "dave", "--via", "pager")
    cli.ok("joined", inc, "dave", "--at", "-1m")
    texts = [e["text"] for e in cli.timeline()]
    assert texts == [
        "dave joined",  # a minute ago: before the declaration, 3 s ago
        "Declared: Checkout API errors [checkout]",
        "Update to exec: Investigating; next update in 15 minutes (next in 15 min)",
        "Paged dave via pager",
    ]
    assert cli.show(inc)["last_update"] == "2026-11-23T14:00:02Z"
    assert cli.show(inc)["next_update"] == "2026-11-23T14:15:02Z"


def test_update_from_stdin_and_bad_next(cli, inc):
    cli.ok("update", inc, stdin="SBAR: situation...\n")
    assert cli.timeline()[-1]["text"] == "Update to responders: SBAR: situation...\n"
    r = cli("update", inc, "x", "--next", "0")
    assert r.code == 2 and "next_in_minutes" in r.err


def test_edit_keeps_the_original(cli, inc, db_path):
    short = cli.ok("note", inc, "rolled back 41")
    edit_id = cli.ok("edit", inc, short, "rolled back 42")
    entry = cli.timeline()[-1]
    assert (entry["text"], entry["edited"], entry["original_text"]) == (
        "rolled back 42", True, "rolled back 41")  # fmt: skip
    assert len(cli.timeline()) == 2  # the edit is not an entry of its own
    with Store.open(db_path) as s:
        kinds = [e.kind for e in s.events(s.incident(inc).id)]
    assert kinds == ["incident_declared", "note", "entry_edited"]
    r = cli("edit", inc, edit_id, "x")
    assert r.code == 2 and "not an entry" in r.err


def test_edit_refuses_state_changes(cli, inc):
    sev = cli.ok("severity", inc, "SEV2", "--reason", "r")
    r = cli("edit", inc, sev, "SEV1")
    assert r.code == 2 and "cockpit severity" not in r.out and "severity set" in r.err


def test_redacted_text_is_never_printed(cli, inc):
    secret = "password=hunter2"
    short = cli.ok("note", inc, secret, "--kind", "evidence", "--link", "https://x/hunter2")
    cli.ok("edit", inc, short, f"again {secret}")
    cli.ok("redact", inc, short, "--reason", "a secret")
    for argv in (["timeline", inc], ["timeline", inc, "--json"], ["show", inc],
                 ["show", inc, "--json"]):  # fmt: skip
        r = cli(*argv)
        assert r.code == 0 and "hunter2" not in r.out
    entry = cli.timeline()[-1]
    assert entry["redacted"] is True and entry["text"].startswith("█ redacted")
    r = cli("redact", inc, short)
    assert r.code == 0 and r.out == "" and "already redacted" in r.err
    r = cli("edit", inc, short, "x")
    assert r.code == 1 and "was redacted" in r.err


def test_ids_are_taken_short_or_full_and_unknown_ones_refused(cli, inc):
    short = cli.ok("note", inc, "typo")
    full = cli.timeline()[-1]["id"]
    cli.ok("edit", inc, full, "fixed")
    assert cli.timeline()[-1]["text"] == "fixed"
    cli.ok("edit", inc, full.upper(), "fixed again")
    assert cli.timeline()[-1]["text"] == "fixed again"
    r = cli("redact", inc, "deadbeef")
    assert r.code == 1 and "no entry deadbeef in INC-1" in r.err
    assert short in cli.ok("timeline", inc)


def test_resolve_settles_hypotheses_and_questions(cli, inc):
    h = cli.ok("note", inc, "is it DNS?", "--kind", "hypothesis")
    q = cli.ok("note", inc, "who deployed?", "--kind", "question")
    assert len(cli.show(inc)["open_questions"]) == 2
    cli.ok("settle", inc, h, "ruled-out", "dig shows the right records")
    assert "is it DNS?" not in cli.ok("show", inc)
    cli.ok("settle", inc, q, "answered")
    assert cli.show(inc)["open_questions"] == []
    assert cli.timeline()[-2]["text"] == "Ruled out “is it DNS?”: dig shows the right records"
    r = cli("settle", inc, h, "maybe")
    assert r.code == 2 and "unknown resolution 'maybe'" in r.err
    note = cli.ok("note", inc, "plain")
    r = cli("settle", inc, note, "answered")
    assert r.code == 1 and "no hypothesis or question" in r.err


def test_options_may_come_before_the_text(cli, inc):
    # argparse alone filled the optional TEXT before it reached `--at`, then refused the text.
    cli.ok("note", inc, "--at", "-5m", "backdated, option first")
    cli.ok("note", inc, "--kind", "evidence", "-", stdin="piped, option first\n")
    cli.ok("update", inc, "--next", "20", "still investigating")
    rows = {e["text"]: e for e in cli.timeline()}
    assert rows["backdated, option first"]["at"] == "2026-11-23T13:55:02Z"  # 5 min ago
    assert rows["piped, option first\n"]["kind"] == "evidence"  # verbatim
    assert any(t.startswith("Update to responders: still investigating") for t in rows)


def test_a_redacted_title_is_hidden_in_every_list(cli, inc):
    """A secret pasted into a title (at the declaration or in the intake) is redacted like one
    in a note: the list, show, the JSON and the export read the placeholder, never the words."""
    cli.ok("intake", inc, "--title", "DB down, password=hunter2")
    cli.ok("redact", inc, cli.timeline()[-1]["short"], "--reason", "a secret")
    other = cli.ok("declare", "token sk_live_hunter2 leaked", "--severity", "SEV2").strip()
    cli.ok("redact", other, cli.timeline(other)[0]["short"], "--reason", "a secret")
    for argv in (["list"], ["list", "--json"], ["show", inc], ["show", inc, "--json"],
                 ["show", other], ["timeline", other, "--json"], ["export", other, "--format", "md"],
                 ["export", inc, "--format", "json"]):  # fmt: skip
        r = cli(*argv)
        assert r.code == 0 and "hunter2" not in r.out, argv
    assert [i["title"] for i in json.loads(cli.ok("list", "--json"))] == ["█ redacted"] * 2


def test_redacting_a_title_says_the_incident_has_none_and_how_to_set_one(cli, inc):
    """A reviewer redacted a title and was left with an untitled incident and no word of it."""
    cli.ok("intake", inc, "--title", "DB down key=AKIAXXXX")
    r = cli("redact", inc, cli.timeline()[-1]["short"])
    assert r.code == 0 and r.err.count("\n") == 1
    assert "title was redacted" in r.err and f"`cockpit intake {inc} --title TEXT`" in r.err
    cli.ok("note", inc, "an ordinary note")
    r = cli("redact", inc, cli.timeline()[-1]["short"])  # not a title: nothing to say
    assert r.code == 0 and r.err == ""
    cli.ok("intake", inc, "--title", "DB down")
    assert cli.show(inc)["title"] == "DB down"
