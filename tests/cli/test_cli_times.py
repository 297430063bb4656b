"""Times on the command line: the one parser's rules, `--force`, `--tz` and per-date offsets."""

from datetime import UTC, datetime

import pytest

from cockpit.cli.times import attach_values


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["note", "INC-1", "x", "--at", "-99999999999m"], "more than ten years ago"),
        (["note", "INC-1", "x", "--at", "9999-12-31T23:59:59Z"], "ahead of the clock"),
        (["note", "INC-1", "x", "--at", "0001-01-01"], "more than ten years"),
        (
            ["severity", "INC-1", "SEV1", "--reason", "r", "--at", "2027-01-01T00:00:00Z"],
            "ahead of the clock",
        ),
        (["task", "INC-1", "add", "x", "--to", "bob", "--due", "99999999999m"], "ten years ahead"),
        (["task", "INC-1", "add", "x", "--to", "bob", "--due", "-5m"], "in the future"),
    ],
)
def test_implausible_times_are_one_line_exit_2_and_say_force(cli, inc, argv, words):
    """Issue 10: OverflowError tracebacks, and times at the ends of the calendar accepted."""
    before = len(cli.timeline())
    r = cli(*argv)
    assert r.code == 2 and r.out == ""
    assert r.err.startswith("cockpit: ") and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert words in r.err and "--force" in r.err
    assert len(cli.timeline()) == before


def test_force_keeps_a_time_outside_the_bounds(cli, inc):
    cli.ok("note", inc, "from the archive", "--at", "2012-05-01T10:00:00Z", "--force")
    assert cli.timeline()[0]["at"] == "2012-05-01T10:00:00Z"
    r = cli("note", inc, "x", "--at", "-99999999999m", "--force")  # past the calendar itself
    assert r.code == 2 and "out of range" in r.err and r.err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["note", "INC-1", "--at", "-5m", "option first"],
        ["note", "INC-1", "option last", "--at", "-5m"],
        ["note", "INC-1", "--at=-5m", "with an equals sign"],
        ["note", "INC-1", "spelt out", "--at", "5m ago"],
    ],
)
def test_a_relative_time_after_at_is_its_value(cli, inc, argv):
    """`--at -5m` without argparse's private negative-number matcher."""
    cli.ok(*argv)
    assert cli.timeline()[0]["at"] == "2026-11-23T13:55:02Z"


def test_attach_values_touches_only_the_time_flags_and_stops_at_the_double_dash():
    assert attach_values(["note", "I", "--at", "-5m", "t"]) == ["note", "I", "--at=-5m", "t"]
    assert attach_values(["--tz", "-05:00", "list"]) == ["--tz=-05:00", "list"]
    assert attach_values(["note", "I", "--at", "--kind", "x"]) == [
        "note",
        "I",
        "--at",
        "--kind",
        "x",
    ]
    assert attach_values(["note", "I", "--link", "-5m"]) == ["note", "I", "--link", "-5m"]
    assert attach_values(["note", "I", "--", "--at", "-5m"]) == ["note", "I", "--", "--at", "-5m"]


def test_a_clock_time_that_means_yesterday_says_so(cli, inc, clock):
    """Issue 11 item 5: `23:02` typed at 21:04 went to yesterday silently."""
    clock.set(datetime(2026, 11, 23, 21, 4, tzinfo=UTC))
    r = cli("note", inc, "the deploy went out", "--at", "23:02")
    assert r.code == 0 and len(r.out.strip()) == 8  # stdout: the id alone, for scripts
    assert r.err == "cockpit: saved at Sun 2026-11-22 23:02 UTC (yesterday)\n"
    assert cli("note", inc, "today", "--at", "20:00").err == ""  # today: nothing to say


def test_the_typed_offset_is_kept_on_the_event(cli, inc):
    cli.ok("note", inc, "from the Bangalore team", "--at", "19:02+05:30")
    cli.ok("note", inc, "relative", "--at", "-1m")
    entries = {e["text"]: e for e in cli.timeline()}
    assert entries["from the Bangalore team"]["at"] == "2026-11-23T13:32:00Z"
    assert entries["from the Bangalore team"]["at_offset"] == 330
    assert "at_offset" not in entries["relative"]


def test_next_update_takes_minutes_a_duration_or_a_time(cli, inc):
    cli.ok("update", inc, "one", "--next", "20")
    cli.ok("update", inc, "two", "--next", "1h")
    cli.ok("update", inc, "three", "--next", "14:30")  # the clock reads 14:00:04
    r = cli("update", inc, "four", "--next", "-5m")
    assert r.code == 2 and "--next" in r.err and "in the future" in r.err
    assert cli.show(inc)["next_update"] == "2026-11-23T14:30:04Z"


# ---- the time zone ------------------------------------------------------------------------

WINTER_CLOCK = datetime(2026, 12, 15, 12, 0, tzinfo=UTC)


def summer_and_winter(cli, clock):
    clock.set(WINTER_CLOCK)
    cli.ok("declare", "Checkout API errors", "--author", "alice")
    cli.ok("note", "INC-1", "summer entry", "--at", "2026-07-01T12:00:00Z")
    cli.ok("note", "INC-1", "winter entry", "--at", "2026-12-15T11:00:00Z")


def lines_of(cli, *flags):
    return {
        line.split("  ")[-1].strip(): line
        for line in cli.ok(*flags, "timeline", "INC-1").splitlines()
        if "entry" in line
    }


@pytest.mark.parametrize(
    ("zone", "summer", "winter", "day_line"),
    [
        ("Europe/Berlin", "14:00:00", "12:00:00", "── Wednesday 2026-07-01 (CEST, UTC+02:00) ──"),
        ("America/New_York", "08:00:00", "06:00:00", "── Wednesday 2026-07-01 (EDT, UTC-04:00) ──"),
    ],
)
def test_each_time_is_shown_in_the_offset_of_its_own_date(
    cli, clock, zone, summer, winter, day_line
):
    """Issue 11 item 6: a summer entry shown in winter was an hour off (today's offset)."""
    summer_and_winter(cli, clock)
    shown = lines_of(cli, "--tz", zone)
    assert shown["summer entry"].startswith(summer)
    assert shown["winter entry"].startswith(winter)
    assert day_line in cli.ok("--tz", zone, "timeline", "INC-1").splitlines()


def test_the_zone_comes_from_the_flag_then_the_environment_then_the_config(cli, clock, monkeypatch):
    from cockpit.settings import config_path

    summer_and_winter(cli, clock)
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('tz = "America/New_York"\n')
    assert lines_of(cli)["summer entry"].startswith("08:00:00")
    monkeypatch.setenv("COCKPIT_TZ", "Europe/Berlin")
    assert lines_of(cli)["summer entry"].startswith("14:00:00")
    assert lines_of(cli, "--tz", "UTC")["summer entry"].startswith("12:00:00")
    assert lines_of(cli, "--tz", "+05:30")["summer entry"].startswith("17:30:00")


def test_typed_clock_times_are_read_in_the_zone_too(cli, clock):
    clock.set(datetime(2026, 7, 1, 12, 30, tzinfo=UTC))  # 14:30 in Berlin (CEST)
    cli.ok("declare", "t", "--author", "alice")
    cli.ok("--tz", "Europe/Berlin", "note", "INC-1", "berlin time", "--at", "14:02")
    entry = next(e for e in cli.timeline() if e["text"] == "berlin time")
    assert entry["at"] == "2026-07-01T12:02:00Z" and entry["at_offset"] == 120


def test_an_unknown_zone_is_one_line(cli, inc, monkeypatch):
    r = cli("--tz", "Mars/Olympus", "timeline", "INC-1")
    assert r.code == 2 and r.err.count("\n") == 1 and "unknown time zone 'Mars/Olympus'" in r.err
    monkeypatch.setenv("COCKPIT_TZ", "Europe/Berln")
    r = cli("timeline", "INC-1")
    assert r.code == 2 and "Europe/Berlin" in r.err and r.err.count("\n") == 1


def test_the_system_zone_has_rules_for_every_date_not_todays_offset(monkeypatch):
    from cockpit.cli.context import system_zone

    monkeypatch.setenv("TZ", "Europe/Berlin")
    tz = system_zone()
    assert datetime(2026, 7, 1, 12, tzinfo=UTC).astimezone(tz).hour == 14
    assert datetime(2026, 12, 1, 12, tzinfo=UTC).astimezone(tz).hour == 13
    monkeypatch.setenv("TZ", ":America/New_York")
    assert datetime(2026, 7, 1, 12, tzinfo=UTC).astimezone(system_zone()).hour == 8
