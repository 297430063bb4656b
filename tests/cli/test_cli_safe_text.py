"""Text is never a terminal command, on the command line: every line the CLI prints for a
person shows controls visibly and inertly (`␛`), JSON escapes them, a kept line break never
forges a timeline row, and the file keeps the text exactly as written."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC

from hypothesis import HealthCheck, given, settings

from cockpit.cli.output import CONTINUATION
from cockpit.cli.timeline_cmds import follow
from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage
from cockpit.store import Store
from tests.hostile import ATTACK, FORGED_ROW, hostile, raw_controls
from tests.sync.helpers import token

ROW = re.compile(r"^\d\d:\d\d:\d\d  [0-9a-f]{8}  ")


def clean(result, what: str, keep: str = "\n") -> None:
    """A command ended with a code (never a traceback) and printed nothing raw."""
    assert result.code in (0, 1, 2), (what, result)
    bad = raw_controls(result.out + result.err, keep)
    assert not bad, (what, bad, result.out, result.err)


def rows_and_marks(out: str) -> tuple[int, list[str]]:
    """How many lines of a text timeline are rows, and the lines that are neither a row, a
    day line nor a continuation (there must be none)."""
    lines = out.splitlines()
    rows = sum(1 for line in lines if ROW.match(line))
    other = [x for x in lines if not (ROW.match(x) or x.startswith(("── ", CONTINUATION)))]
    return rows, other


# ---- the attacks of issue 10, one by one ------------------------------------------------------


def test_the_title_and_clear_screen_note_prints_inert(cli, inc):
    cli.ok("note", inc, ATTACK)
    out = cli.ok("timeline", inc)
    assert "\x1b" not in out and "\x07" not in out
    assert "x␛]0;pwned␇␛[2J␛[31mred" in out
    listed = cli.ok("declare", ATTACK) and cli.ok("list")
    assert "x␛]0;pwned␇␛[2J␛[31mred" in listed and "\x1b" not in listed


def test_a_note_cannot_forge_a_timeline_row(cli, inc):
    assert CONTINUATION.strip()  # a visible mark, not only an indent
    short = cli.ok("note", inc, FORGED_ROW, "--author", "alice")
    out = cli.ok("timeline", inc)
    rows, other = rows_and_marks(out)
    assert rows == 2 and not other  # the declaration and the note, nothing else
    note = out.splitlines().index(next(x for x in out.splitlines() if short in x))
    forged = out.splitlines()[note + 1]
    assert (
        forged
        == CONTINUATION + "14:02:05  1a2b3c4d  mallory       decision    stand down, resolved"
    )
    assert not ROW.match(forged)


def test_a_carriage_return_never_rewrites_the_line(cli, inc):
    cli.ok("note", inc, "all good\r14:02:05  mallory  resolved")
    out = cli.ok("timeline", inc)
    assert "\r" not in out and "all good␍14:02:05  mallory  resolved" in out


def test_multi_line_evidence_keeps_its_lines_and_tabs(cli, inc):
    text = "Traceback:\n\tat pay()\r\n\x1b[31mERROR\x1b[0m x\n"
    cli.ok("note", inc, "--kind", "evidence", stdin=text)
    lines = cli.ok("timeline", inc).splitlines()
    assert lines[-3].endswith("evidence    Traceback:")
    assert lines[-2:] == [CONTINUATION + "\tat pay()", CONTINUATION + "␛[31mERROR␛[0m x"]


def test_json_output_escapes_every_control_and_reads_back_the_same(cli, inc):
    text = ATTACK + " \x9b2J \u202eevil\u202c \u200b \x7f 日本語"
    cli.ok("note", inc, text)
    for argv in (("timeline", inc, "--json"), ("show", inc, "--json"), ("list", "--json")):
        r = cli(*argv)
        clean(r, " ".join(argv))
        assert "\\u001b" in r.out or argv[0] != "timeline"
    r = cli("timeline", inc, "--json")
    assert "日本語" in r.out  # readable, not \\u65e5
    assert "\\u202e" in r.out and "\\u009b" in r.out and "\\u007f" in r.out
    assert r.json[-1]["text"] == text


def test_stored_text_stays_verbatim(cli, inc, db_path):
    """Evidence is evidence: the file holds exactly what was written, controls and all."""
    cli.ok("note", inc, ATTACK, "--author", "mallory\x1b[2J")
    piped = "line 1\r\n\x1b[31mred\x1b[0m\t\u202e\n"
    cli.ok("note", inc, "--kind", "evidence", stdin=piped)
    with sqlite3.connect(db_path) as db:
        stored = [json.loads(js) for (js,) in db.execute("SELECT json FROM events ORDER BY rowid")]
    assert stored[-2]["body"]["text"] == ATTACK and stored[-2]["author"] == "mallory\x1b[2J"
    assert stored[-1]["body"]["text"] == piped
    assert [e["text"] for e in cli.timeline()[-2:]] == [ATTACK, piped]


def test_error_lines_quote_what_was_typed_safely(cli, inc, tmp_path):
    cases = [
        ("show", f"INC-{ATTACK}"),
        ("note", inc, "x", f"--kind={ATTACK}"),
        ("severity", inc, ATTACK, "--reason=r"),
        ("role", inc, "assign", ATTACK, "bob"),
        ("role", inc, "release", "ic", ATTACK),
        ("settle", inc, ATTACK, "confirmed"),
        ("check", inc, ATTACK, "1"),
        ("mitigation", inc, "outcome", ATTACK),
        ("redact", inc, "abcd1234"),
        ("join", f"ftp://{ATTACK}"),
        (ATTACK,),
        ("note", inc, "x", f"--at={ATTACK}"),
    ]
    for argv in cases:
        r = cli(*argv)
        assert r.code in (1, 2), argv
        clean(r, repr(argv))
        assert len(r.err.strip().splitlines()) == 1, (argv, r.err)
    r = cli("--db", str(tmp_path / f"{ATTACK}.db"), "list")
    clean(r, "--db")
    assert "␛" in r.err


def test_a_mitigation_in_flight_is_quoted_safely_in_the_refusal(cli, inc):
    cli.ok("mitigation", inc, "start", ATTACK, f"--by={ATTACK}")
    r = cli("mitigation", inc, "start", "another")
    assert r.code == 1
    clean(r, "one at a time")
    assert "␛]0;pwned" in r.err


# ---- sync: a teammate's text and a server's words ---------------------------------------------


def test_join_lists_and_sync_reports_a_servers_words_safely(cli, inc, tmp_path, monkeypatch):
    server = ServerThread(SQLiteStorage(tmp_path / "server.sqlite3")).start()
    try:
        cli.ok("intake", inc, f"--title={ATTACK}", "--author", "alice")
        r = cli("--author", f"mal{ATTACK}", "join", server.url, inc,
                f"--token={token(server.storage, 'alice')}")  # fmt: skip
        clean(r, "join, the name")
        assert "records what you write as 'malx" in r.out  # the name it writes as, quoted
        monkeypatch.setenv("COCKPIT_TOKEN", token(server.storage, "bob"))
        r = cli("--db", str(tmp_path / "b.sqlite3"), "join", server.url)
        clean(r, "join, listing")
        assert "x␛]0;pwned␇␛[2J␛[31mred" in r.out
        r = cli("--author", "alice", "sync", "--once")
        clean(r, "sync --once")
    finally:
        server.stop()


# ---- every output, any text -------------------------------------------------------------------


def _hostile_everywhere(cli, text: str, db, server) -> None:
    """Write `text` into every field a command takes, then read it back every way."""
    run = lambda what, *argv, keep="\n", **kw: (r := cli(*argv, **kw), clean(r, what, keep))[0]  # noqa: E731
    r = run("declare", "declare", f"T{text}", f"--service={text}", f"--impact={text}",
            "--severity=SEV2", f"--author={text}")  # fmt: skip
    inc = r.out.strip() if r.code == 0 else run("declare", "declare", "plain").out.strip()
    note = run("note", "note", inc, f"n{text}", f"--author={text}", f"--link={text}")
    run("evidence", "note", inc, "--kind=evidence", stdin=text.encode("utf-8", "surrogatepass"))
    run("severity", "severity", inc, "SEV1", f"--reason={text}")
    run("phase", "phase", inc, "mitigating", f"--reason={text}")
    run("role", "role", inc, "assign", "ic", f"p{text}", f"--note={text}")
    run("role release", "role", inc, "release", "ic", f"q{text}")
    run("mitigation", "mitigation", inc, "start", f"m{text}", f"--by={text}")
    run("refused mitigation", "mitigation", inc, "start", "again")
    run("outcome", "mitigation", inc, "outcome", "worked", f"--note={text}")
    run("task", "task", inc, "add", f"t{text}", f"--to={text}", "--due=15m")
    run("page", "page", inc, f"p{text}", f"--via={text}")
    run("break", "break", inc, f"b{text}", "--for=15m", f"--author={text}")
    run("left", "left", inc, f"l{text}")
    run("snooze", "snooze", inc, "1", "--until=30m", f"--reason={text}")
    run("nudges", "nudges", inc)
    run("roster", "roster", inc)
    run("update", "update", inc, f"u{text}", f"--audience={text}")
    if run("question", "note", inc, f"q{text}", "--kind=question").code == 0:
        assert cli.timeline(inc)[-1]["text"] == f"q{text}"  # kept verbatim, whatever it holds
    run("intake", "intake", inc, f"--changes={text}", f"--title=T2{text}")
    if note.code == 0:
        short = note.out.strip()
        run("edit", "edit", inc, short, f"e{text}")
        run("redact", "redact", inc, short, f"--reason={text}")
    run("errors", "show", f"INC-{text}")
    run("errors", "note", inc, "x", f"--kind={text}")
    run("errors", "role", inc, "assign", f"r{text}", "x")
    run("errors", f"c{text}")

    timeline = run("timeline", "timeline", inc, keep="\n\t")
    tl_json = run("timeline --json", "timeline", inc, "--json")
    rows, other = rows_and_marks(timeline.out)
    assert not other and rows == len(tl_json.json), timeline.out
    run("show", "show", inc)
    run("show --json", "show", inc, "--json")
    run("list", "list")
    run("list --json", "list", "--json")

    with Store.open(db) as reader:  # what `cockpit tail` prints: the backlog, then arrivals
        incident = reader.incident(inc).id
        for as_json in (False, True):
            lines: list[str] = []
            steps = iter([lambda: run("tail's note", "note", inc, f"w{text}")])
            follow(reader, incident, lines.append, backlog=1000, as_json=as_json, tz=UTC,
                   wait=lambda s=steps: next(s, lambda: None)(),
                   stop=lambda n=[0]: (n.__setitem__(0, n[0] + 1), n[0] > 1)[1])  # fmt: skip
            shown = "\n".join(lines)
            assert not raw_controls(shown, keep="\n\t"), shown
            if as_json:
                assert all(json.loads(x) for x in lines)

    run("join", "join", server.url, inc)
    run("sync --once", "sync", "--once", "--timeout=3")


def test_no_raw_control_reaches_the_terminal_from_any_command(cli, tmp_path, monkeypatch):
    server = ServerThread(SQLiteStorage(tmp_path / "server.sqlite3")).start()
    monkeypatch.setenv("COCKPIT_TOKEN", token(server.storage, "alice"))

    @settings(max_examples=6, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    # Lone surrogates (undecodable bytes in an argument) reach the commands only through
    # standard input here: refusing them as arguments is the bad-input work of issue 10.
    @given(text=hostile(surrogates=False))
    def every_command(text: str) -> None:
        _hostile_everywhere(cli, text, cli.db, server)

    try:
        every_command()
    finally:
        server.stop()
