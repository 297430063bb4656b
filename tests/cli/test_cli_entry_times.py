"""The times inside generated entry texts, on the command line and in the Markdown export, in
the reader's zone like every other time there (a reviewer saw `(due 02:22)` beside 18:..)."""

from datetime import UTC, datetime

LA = ("--tz", "America/Los_Angeles")


def test_timeline_and_export_say_due_until_and_redacted_at_in_the_zone(cli, clock):
    clock.set(datetime(2026, 12, 2, 1, 49, tzinfo=UTC))  # 17:49 PST on Dec 1
    cli.ok("declare", "Checkout errors", "--author", "jane")
    cli.ok("task", "INC-1", "add", "drain eu-west", "--to", "lena", "--due", "30m", tick=0)
    cli.ok(*LA, "break", "INC-1", "jane", "--until", "18:07", tick=0)  # typed in LA: 02:07Z
    secret = cli.ok("note", "INC-1", "key=AKIA0000", tick=0)
    clock.advance(5 * 60)
    cli.ok("redact", "INC-1", secret, "--author", "jane", tick=0)

    lines = cli.ok(*LA, "timeline", "INC-1")
    assert "Task for lena: drain eu-west (due 18:19)" in lines  # 02:19Z
    assert "jane on a break until 18:07" in lines
    assert "█ redacted by jane at 2026-12-01 17:54" in lines
    entries = lines.splitlines()[1:]  # under the day's line (`PST, UTC-08:00`)
    assert not [e for e in entries if "02:" in e or "UTC" in e or e.endswith("Z")]

    md = cli.ok(*LA, "export", "INC-1")
    assert "(due 18:19)" in md and "until 18:07" in md and "02:19" not in md

    as_json = cli(*LA, "timeline", "INC-1", "--json").json  # the text as read; `at` stays UTC
    task = next(r for r in as_json if r["kind"] == "task_delegated")
    assert task["text"].endswith("(due 18:19)") and task["at"].endswith("Z")
