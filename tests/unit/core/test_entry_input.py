from datetime import UTC, datetime, timedelta

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
