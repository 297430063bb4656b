from datetime import UTC, datetime, timedelta, timezone

import pytest

from cockpit.core.timeparse import BadTime, mentions, parse_when, split_leading_time, tags

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
CET = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-5m", NOW - timedelta(minutes=5)),
        ("-1h30m", NOW - timedelta(hours=1, minutes=30)),
        ("-45s", NOW - timedelta(seconds=45)),
        ("14:02", datetime(2026, 11, 23, 14, 2, tzinfo=UTC)),
        ("15:10", datetime(2026, 11, 22, 15, 10, tzinfo=UTC)),  # later than now: yesterday
        ("2026-11-23T13:00:00Z", datetime(2026, 11, 23, 13, tzinfo=UTC)),
    ],
)
def test_times_people_type(text, expected):
    assert parse_when(text, NOW, UTC) == expected


def test_a_clock_time_is_read_in_the_local_zone():
    assert parse_when("15:02", NOW, CET) == datetime(2026, 11, 23, 15, 2, tzinfo=CET)


@pytest.mark.parametrize("bad", ["", "25:00", "yesterday", "-5x", "14:61"])
def test_bad_times_say_what_to_type(bad):
    with pytest.raises(BadTime, match="14:02"):
        parse_when(bad, NOW, UTC)


def test_leading_time_mentions_and_tags():
    assert split_leading_time("14:02 rolled back api") == ("14:02", "rolled back api")
    assert split_leading_time("-5m @bob restarted") == ("-5m", "@bob restarted")
    assert split_leading_time("rolled back at 14:02") == (None, "rolled back at 14:02")
    assert split_leading_time("14:02") == (None, "14:02")
    text = "@bob and @carol.s saw #DB #db-primary errors; mail a@b.com"
    assert mentions(text) == ["bob", "carol.s"]
    assert tags(text) == ["db", "db-primary"]
