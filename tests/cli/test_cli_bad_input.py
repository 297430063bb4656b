"""Bad text of any kind gets one line that says what is wrong and what to do, exit code 2,
and nothing is saved; bytes that are not UTF-8 on standard input are kept, recoverably."""

from __future__ import annotations

import base64

import pytest

from cockpit.core.events import MAX_TEXT

NOT_UTF8 = b"ab\xff\xfe\x00\x80cd\n"


def refused(r, *words: str) -> None:
    assert r.code == 2, r.err
    assert r.out == ""
    assert r.err.startswith("cockpit: ") and r.err.count("\n") == 1, r.err
    for w in words:
        assert w in r.err, r.err


def test_an_argument_that_is_not_utf8_says_so(cli, inc):
    typed = NOT_UTF8.decode("utf-8", "surrogateescape")  # what Python makes of such argv
    refused(cli("note", inc, typed), "not valid UTF-8", "byte 0xff at character 3", "pipe")
    refused(cli("declare", "X", "--service", typed), "--service is not valid UTF-8", "retype")
    refused(cli("declare", typed), "the title is not valid UTF-8")
    refused(cli("note", inc, "fine", "--author", typed), "--author is not valid UTF-8")
    refused(cli("role", inc, "assign", "ic", typed), "not valid UTF-8")
    assert [e["kind"] for e in cli.timeline(inc)] == ["incident_declared"]


def test_bytes_that_are_not_utf8_on_stdin_are_kept_as_base64(cli, inc):
    r = cli("note", inc, "--kind", "evidence", stdin=NOT_UTF8)
    assert r.code == 0, r.err
    assert "not UTF-8" in r.err and "base64" in r.err and r.err.count("\n") == 1
    text = cli.timeline(inc)[-1]["text"]
    header, encoded = text.split("\n", 1)
    assert "not UTF-8" in header and f"{len(NOT_UTF8)} bytes" in header
    assert base64.b64decode(encoded) == NOT_UTF8


def test_utf8_on_stdin_stays_text(cli, inc):
    cli.ok("note", inc, stdin="déploiement annulé\n".encode())
    assert cli.timeline(inc)[-1]["text"] == "déploiement annulé\n"


def test_binary_too_large_for_an_entry_is_refused_with_what_to_do(cli, inc):
    refused(cli("note", inc, stdin=b"\xff" * MAX_TEXT), "too large", "--link")


@pytest.mark.parametrize(
    ("argv", "words"),
    [(["declare", "x" * 201], ["the title is too long", "201 characters", "at most 200"]),
     (["intake", "INC-1", "--title", "x" * 201], ["the title is too long", "at most 200"]),
     (["role", "INC-1", "assign", "ic", "p" * 201], ["the person's name", "at most 200"]),
     (["task", "INC-1", "add", "check", "--to", "o" * 201], ["--to is too long", "at most 200"]),
     (["mitigation", "INC-1", "start", "fail over", "--by", "b" * 201], ["--by", "at most 200"]),
     (["page", "INC-1", "p" * 201], ["the person's name", "at most 200"]),
     (["note", "INC-1", "x", "--author", "a" * 201], ["--author is too long", "at most 200"]),
     (["note", "INC-1", "x" * (MAX_TEXT + 1)], [f"at most {MAX_TEXT}", "--link"])],
    ids=["title", "intake-title", "person", "owner", "by", "paged", "author", "text"],
)  # fmt: skip
def test_a_text_over_its_limit_names_the_limit_of_that_field(cli, inc, argv, words):
    refused(cli(*argv), *words)
    if argv[0] != "declare":
        assert [e["kind"] for e in cli.timeline(inc)] == ["incident_declared"]
