from datetime import UTC, datetime, timedelta, timezone

import pytest

from cockpit.core.entry_input import EmptyEntry, read_entry
from cockpit.core.timeparse import BadTime

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


def test_a_leading_time_backdates_and_is_removed_from_the_text():
    t = read_entry("14:02 rolled back @bob's deploy #deploy", "action", NOW, UTC)
    assert t.at == datetime(2026, 11, 23, 14, 2, tzinfo=UTC)
    assert t.body.text == "rolled back @bob's deploy #deploy" and t.body.kind == "action"
    assert t.mentions == ("bob",) and t.tags == ("deploy",)
    assert read_entry("-5m paged carol", "note", NOW, UTC).at == NOW - timedelta(minutes=5)
    assert read_entry("no time here", "note", NOW, UTC).at is None


def test_a_multi_line_evidence_paste_is_kept_verbatim():
    paste = "14:02:11 ERROR pool exhausted\n    at db.connect (db.py:42)\n"
    t = read_entry(paste, "evidence", NOW, UTC)
    assert t.at is None
    assert t.body.text == "14:02:11 ERROR pool exhausted\n    at db.connect (db.py:42)"


def test_a_bare_link_is_kept_as_the_link():
    t = read_entry("https://grafana.example/d/abc", "evidence", NOW, UTC)
    assert (
        t.body.link == "https://grafana.example/d/abc"
        and t.body.text == "https://grafana.example/d/abc"
    )


def test_empty_and_bad_input_say_what_to_do():
    with pytest.raises(EmptyEntry, match="type some text"):
        read_entry("   ", "note", NOW, UTC)
    with pytest.raises(BadTime, match="14:02"):
        read_entry("25:99 something", "note", NOW, UTC)
    with pytest.raises(ValueError, match="unknown entry kind"):
        read_entry("x", "gossip", NOW, UTC)


def test_the_bar_takes_the_same_past_forms_as_at():
    """Issue 11 item 5: a full ISO time typed in the bar was saved as text."""
    t = read_entry("2026-11-23T13:02:00Z rolled back", "action", NOW, UTC)
    assert (t.at, t.at_offset, t.body.text) == (datetime(2026, 11, 23, 13, 2, tzinfo=UTC), 0,
                                                "rolled back")  # fmt: skip
    assert read_entry("2h ago paged bob", "note", NOW, UTC).at == NOW - timedelta(hours=2)
    assert read_entry("yesterday 23:02 deploy", "note", NOW, UTC).at == datetime(
        2026, 11, 22, 23, 2, tzinfo=UTC)  # fmt: skip
    cet = timezone(timedelta(hours=1))
    t = read_entry("14:02 rolled back", "note", NOW, cet)
    assert t.at == datetime(2026, 11, 23, 13, 2, tzinfo=UTC) and t.at_offset == 60
    assert read_entry("1h30m of downtime so far", "note", NOW, UTC).at is None


def test_an_implausible_time_in_the_bar_is_refused_with_a_word():
    with pytest.raises(BadTime, match="ahead of the clock"):
        read_entry("2027-01-01T00:00:00Z new year", "note", NOW, UTC)


def test_a_one_line_log_paste_as_evidence_is_dated_by_its_stamp_and_keeps_it():
    line = "2026-11-23T14:02:11Z ERROR pool exhausted"
    t = read_entry(line, "evidence", NOW, UTC)
    assert t.at == datetime(2026, 11, 23, 14, 2, 11, tzinfo=UTC) and t.body.text == line
    old = "2001-01-01T00:00:00Z ERROR ancient"  # out of bounds: kept as text, dated now
    t = read_entry(old, "evidence", NOW, UTC)
    assert t.at is None and t.body.text == old


def test_a_kept_drafts_relative_time_is_anchored_to_when_it_was_typed():
    from datetime import timedelta

    from cockpit.core.entry_input import anchor_relative

    typed = datetime(2026, 12, 1, 17, 57, 41, tzinfo=UTC)
    same_day, next_day = typed + timedelta(hours=1), typed + timedelta(days=1)
    assert anchor_relative("-3m raj confirms", typed, same_day, UTC) == "17:54:41 raj confirms"
    assert anchor_relative("5m ago raj", typed, same_day, UTC) == "17:52:41 raj"
    assert anchor_relative("-3m raj", typed, next_day, UTC) == "2026-12-01T17:54:41+00:00 raj"
    for kept in ("14:02 rolled back", "in 5m we retry", "no time here", "-3m"):
        assert anchor_relative(kept, typed, same_day, UTC) == kept
