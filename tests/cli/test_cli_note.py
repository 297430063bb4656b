"""`note`: kinds, standard input kept verbatim, backdating, authors, refusals that save nothing."""

from datetime import UTC, datetime

import pytest

from cockpit.store import Store


def entries(cli, kind=None):
    return [e for e in cli.timeline() if kind is None or e["kind"] == kind]


def test_note_prints_the_short_id_and_is_in_the_timeline(cli, inc):
    short = cli.ok("note", inc, "rolled back deploy 42", "--author", "bob")
    assert len(short) == 8
    last = entries(cli)[-1]
    assert (last["short"], last["kind"], last["author"], last["text"]) == (
        short, "note", "bob", "rolled back deploy 42")  # fmt: skip
    assert last["id"].replace("-", "").endswith(short)


@pytest.mark.parametrize("kind", ["note", "decision", "evidence", "action", "hypothesis",
                                  "question"])  # fmt: skip
def test_every_entry_kind(cli, inc, kind):
    cli.ok("note", inc, f"a {kind}", "--kind", kind)
    assert entries(cli, kind)[-1]["text"] == f"a {kind}"


def test_evidence_from_standard_input_is_kept_verbatim(cli, inc):
    log = "  2026-11-23 13:59:01 ERROR  pool exhausted\n\tat db.connect()\n\n  trailing  \n"
    cli.ok("note", inc, "--kind", "evidence", stdin=log)  # TEXT omitted, piped
    cli.ok("note", inc, "-", "--kind", "evidence", stdin="second\n")
    got = [e["text"] for e in entries(cli, "evidence")]
    assert got == [log, "second\n"]


def test_undecodable_bytes_on_stdin_are_kept_byte_for_byte(cli, inc):
    """Not U+FFFD (which loses the bytes): base64 under a line that says so."""
    import base64

    cli.ok("note", inc, "-", stdin=b"bad \xff byte")
    header, encoded = entries(cli)[-1]["text"].split("\n", 1)
    assert "not UTF-8" in header and base64.b64decode(encoded) == b"bad \xff byte"


def test_link(cli, inc):
    cli.ok("note", inc, "p99 graph", "--kind", "evidence", "--link", "https://g/1")
    assert entries(cli)[-1]["link"] == "https://g/1"


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("13:42", datetime(2026, 11, 23, 13, 42, tzinfo=UTC)),
        ("-5m", datetime(2026, 11, 23, 13, 55, 2, tzinfo=UTC)),
        ("-1h30m", datetime(2026, 11, 23, 12, 30, 2, tzinfo=UTC)),
        ("2026-11-23T13:01:00Z", datetime(2026, 11, 23, 13, 1, tzinfo=UTC)),
    ],
)
def test_backdating_puts_the_entry_in_its_place(cli, inc, at, expected):
    # the clock reads 14:00:02 when the note is written (declare at :01, note at :02)
    cli.ok("note", inc, "happened earlier", "--at", at)
    tl = entries(cli)
    assert tl[0]["text"] == "happened earlier"
    assert datetime.fromisoformat(tl[0]["at"]) == expected
    assert tl[0]["recorded_at"] == "2026-11-23T14:00:02Z"


def test_author_falls_back_to_the_configured_name_then_the_os_user(cli, inc, monkeypatch):
    import getpass

    cli.ok("note", inc, "one")
    assert entries(cli)[-1]["author"] == getpass.getuser()
    monkeypatch.setenv("COCKPIT_NAME", "Dana")
    cli.ok("note", inc, "two")
    assert entries(cli)[-1]["author"] == "Dana"
    cli.ok("--author", "Eve", "note", inc, "three")
    assert entries(cli)[-1]["author"] == "Eve"
    cli.ok("--author", "Eve", "note", inc, "four", "--author", "Finn")
    assert entries(cli)[-1]["author"] == "Finn"


@pytest.mark.parametrize(
    ("argv", "stdin", "code", "words"),
    [
        (["note", "INC-1", "   "], None, 2, "empty note"),
        (["note", "INC-1", "-"], "\n  \n", 2, "empty note"),
        (["note", "INC-1"], None, 2, "no note text"),
        (["note", "INC-1", "x", "--at", "25:99"], None, 2, "not a time of day"),
        (["note", "INC-1", "x", "--at", "yesterday"], None, 2, "cannot read the time"),
        (["note", "INC-1", "x", "--kind", "rumour"], None, 2, "unknown kind 'rumour'"),
        (["note", "INC-9", "x"], None, 1, "no incident 'INC-9'"),
        (["note", "INC-1", "x" * (256 * 1024 + 1)], None, 2, "too long"),
    ],
)
def test_bad_input_is_one_line_and_saves_nothing(cli, inc, db_path, argv, stdin, code, words):
    before = len(entries(cli))
    r = cli(*argv, stdin=stdin)
    assert r.code == code
    assert r.out == ""
    assert r.err.startswith("cockpit: ") and r.err.count("\n") == 1 and words in r.err
    assert "Traceback" not in r.err
    with Store.open(db_path) as s:
        assert s.count(s.incident("INC-1").id) == before
