"""The issue's check: a script declares an incident, two writer processes add hundreds of notes
each at the same moment while `cockpit note` processes add more (one backdated), severity
changes twice, and `cockpit timeline --json` has every entry exactly once, in `at` order, with
`cockpit show` agreeing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

HERE = Path(__file__).parent
WRITER = HERE / "cli_writer.py"
PER_WRITER = 400
CLI_NOTES = 3


def cockpit(db: Path, *argv: str) -> list[str]:
    return [sys.executable, "-m", "cockpit.cli.main", "--db", str(db), *argv]


def run(db: Path, *argv: str) -> str:
    out = subprocess.run(cockpit(db, *argv), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_two_writer_processes_and_the_cli_at_once(tmp_path):
    db = tmp_path / "cockpit.sqlite3"
    assert run(db, "declare", "Checkout errors", "--severity", "SEV3") == "INC-1\n"

    writers = [
        subprocess.Popen(
            [
                sys.executable,
                str(WRITER),
                str(db),
                "INC-1",
                str(PER_WRITER),
                f"writer{k}",
                "--wait-go",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for k in range(2)
    ]
    for w in writers:
        assert w.stdout.readline() == "ready\n"
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    notes = [
        subprocess.Popen(
            cockpit(db, "note", "INC-1", f"cli note {i}", "--author", "scribe"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for i in range(CLI_NOTES)
    ]
    backdated = subprocess.Popen(
        cockpit(db, "note", "INC-1", "it started here", "--at", "-30m", "--kind", "evidence"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    written: set[str] = set()
    for w in writers:
        out, _ = w.communicate(timeout=120)
        assert w.returncode == 0
        ids = out.split()
        assert len(ids) == PER_WRITER
        written.update(ids)
    cli_shorts = []
    for p in [*notes, backdated]:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        cli_shorts.append(out.strip())
    run(db, "severity", "INC-1", "SEV2", "--reason", "spreading")
    run(db, "severity", "INC-1", "SEV1", "--reason", "all of EU")

    timeline = json.loads(run(db, "timeline", "INC-1", "--json"))
    ids = [e["id"] for e in timeline]
    assert len(ids) == len(set(ids))  # exactly once
    assert len(timeline) == 1 + 2 * PER_WRITER + CLI_NOTES + 1 + 2
    assert written <= set(ids)
    assert {e["short"] for e in timeline} >= set(cli_shorts)
    assert [e["at"] for e in timeline] == sorted(e["at"] for e in timeline)
    assert timeline[0]["text"] == "it started here"  # backdated before the declaration
    for k in range(2):
        mine = [e["text"] for e in timeline if e["author"] == f"writer{k}"]
        assert mine == [f"writer{k} {i}" for i in range(PER_WRITER)]

    shown = json.loads(run(db, "show", "INC-1", "--json"))
    assert shown["severity"] == "SEV1"
    assert [h["severity"] for h in shown["severity_history"]] == ["SEV3", "SEV2", "SEV1"]
    assert shown["entries"] == len(timeline)
    assert shown["conflicts"] == []
