"""`cockpit export` and `cockpit import` from a terminal: the draft printed or written whole,
the JSON read into another file under its next INC-n, twice without change, and a clash
refused and listed with exit code 1, nothing replaced."""

from __future__ import annotations

import json
from datetime import UTC

from cockpit.cli.main import main
from tests.hostile import ATTACK, raw_controls


def test_export_markdown_and_json_then_import_elsewhere(cli, inc, tmp_path, capsys, clock):
    cli.ok("severity", inc, "SEV1", "--reason", "all EU")
    cli.ok("note", inc, ATTACK, "--kind", "decision")
    cli.ok("followup", inc, "add", "Alert on it", "--owner", "dev", "--due", "7d", "--kind",
           "detect")  # fmt: skip
    md = cli("export", inc).out
    assert md.startswith("# INC-1: Checkout API errors\n") and "## Timeline" in md
    assert raw_controls(md) == [] and "**detect**, owner dev" in md
    r = cli("export", inc, "--format", "json", "--output", str(tmp_path / "inc.json"))
    assert r.code == 0 and r.out == "" and f"to {tmp_path / 'inc.json'}" in r.err
    exported = (tmp_path / "inc.json").read_text()
    assert json.loads(exported)["events"][-1]["body"]["kind"] == "followup_added"
    assert "\x1b" not in exported and "\\u001b" in exported

    other = ["--db", str(tmp_path / "other.sqlite3")]
    capsys.readouterr()
    assert main([*other, "declare", "Something else"], clock=clock, tz=UTC) == 0
    capsys.readouterr()
    assert main([*other, "import", str(tmp_path / "inc.json")], clock=clock, tz=UTC) == 0
    out, err = capsys.readouterr()
    assert out == "INC-2\n"
    assert "imported 4 entries of “Checkout API errors” as INC-2" in err
    assert main([*other, "import", str(tmp_path / "inc.json")], clock=clock, tz=UTC) == 0
    assert "nothing new: INC-2 “Checkout API errors” holds all 4 already" in capsys.readouterr().err
    assert main([*other, "export", "INC-2", "--format", "json"], clock=clock, tz=UTC) == 0
    assert capsys.readouterr().out == exported  # the same bytes, from another file


def test_a_clash_is_refused_listed_and_exits_1(cli, inc, tmp_path, capsys, clock):
    cli.ok("note", inc, "the original")
    doc = cli("export", inc, "--format", "json").json
    note = next(e for e in doc["events"] if e["body"].get("text") == "the original")
    note["body"]["text"] = "a forgery"
    (tmp_path / "changed.json").write_text(json.dumps(doc))
    r = cli("import", str(tmp_path / "changed.json"))
    assert r.code == 1 and r.out == "INC-1\n"
    assert f"refused {note['id'][-12:].replace('-', '')[-8:]}: a different event" in r.err
    assert "1 entry refused (listed above); nothing stored was replaced" in r.err
    assert [e["text"] for e in cli.timeline() if e["kind"] == "note"] == ["the original"]


def test_bad_files_and_flags_are_one_line(cli, inc, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "bin").write_bytes(b"\xff\xfe")
    for args, code, message in (
        (("import", str(tmp_path / "missing.json")), 1, "cannot use"),
        (("import", str(tmp_path / "notes.txt")), 1, "cannot import"),
        (("import", str(tmp_path / "bin")), 1, "is not UTF-8 text"),
        (("export", inc, "--format", "pdf"), 2, "unknown format 'pdf'"),
        (("export", inc, "--output", str(tmp_path)), 2, "is a folder"),
        (("export", "INC-9"), 1, "no incident 'INC-9'"),
    ):
        r = cli(*args)
        assert r.code == code and message in r.err and len(r.err.splitlines()) == 1, r.err


def test_import_reads_standard_input(cli, inc, tmp_path, capsys, clock):
    exported = cli("export", inc, "--format", "json").out
    other = ["--db", str(tmp_path / "piped.sqlite3")]
    import io
    import sys

    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(exported.encode()))
    try:
        assert main([*other, "import", "-"], clock=clock, tz=UTC) == 0
    finally:
        sys.stdin = old
    assert capsys.readouterr().out == "INC-1\n"


def test_the_draft_counts_late_updates_by_the_teams_cadence_as_metrics_does(cli, clock):
    """The draft's numbers are `cockpit metrics`'s, with the same configured cadences: an
    update 8 minutes in is late when the team asks for one every 5 minutes at SEV2, and not
    with the default (30)."""
    import os
    from pathlib import Path

    config = Path(os.environ["COCKPIT_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text("[cadence]\nSEV2 = 5\n")
    cli.ok("declare", "Checkout API errors", "--severity", "SEV2")
    clock.advance(8 * 60)
    cli.ok("update", "INC-1", "Investigating")
    data = cli("metrics", "INC-1", "--json").json
    assert (data["updates"]["posted"], data["updates"]["late"]) == (1, 1)
    md = cli("export", "INC-1").out
    assert "- **Status updates:** 1 posted, 1 late, none missed  \n" in md
    assert "  - 14:08 to responders: 3m 01s late, due 14:05" in md  # (each command: 1 s on)
    (config / "config.toml").write_text("")
    assert cli("metrics", "INC-1", "--json").json["updates"]["late"] == 0
    assert (
        "- **Status updates:** 1 posted, none late, none missed  \n" in cli("export", "INC-1").out
    )


def test_a_file_of_junk_gets_twenty_lines_and_an_honest_count(cli, inc, tmp_path):
    doc = cli("export", inc, "--format", "json").json
    doc["events"] = doc["events"][:1] + [0] * 50_000  # one good entry, then junk
    (tmp_path / "junk.json").write_text(json.dumps(doc))
    r = cli("--db", str(tmp_path / "other.sqlite3"), "import", str(tmp_path / "junk.json"))
    assert r.code == 1 and r.out == "INC-1\n"  # the good one is imported
    lines = r.err.splitlines()
    assert len(lines) == 23, lines  # 20 listed, the rest counted, what was imported, the total
    assert lines[0] == "cockpit: refused #2: not a JSON object"
    assert lines[20] == "cockpit: and 49980 more problems"
    assert "imported 1 entries" in lines[21]
    assert "50000 entries refused (the first 20 listed above)" in lines[22]


def test_a_file_over_the_limit_is_refused_before_it_is_read(cli, inc, tmp_path, monkeypatch):
    from cockpit.export import json as export_json

    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(64 * 2**20 + 1)  # sparse: nothing written, nothing to read
    r = cli("import", str(huge))
    assert r.code == 1 and len(r.err.splitlines()) == 1
    assert "larger than 64 MiB, the most `cockpit import` reads" in r.err

    monkeypatch.setattr(export_json, "MAX_BYTES", 1000)  # standard input: counted as it comes
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b" " * 1001)))
    r = cli("import", "-")
    assert r.code == 1 and "cannot import standard input: larger than" in r.err
