"""The one keymap says which actions write: a new one writes unless it says otherwise, so a
key added later is absent for followers until someone decides it only reads."""

from __future__ import annotations

from cockpit.tui import keymap


def test_a_new_action_writes_unless_declared_read_only():
    assert keymap.Action("x", "x", "x", "X", "x").writes is True


def test_what_writes_and_what_reads():
    for action in ("entry('note')", "severity", "pin_entry", "selected('redact_entry')",
                   "switch_incident", "resolve_conflict"):  # fmt: skip
        assert keymap.writes(action), action
    for action in ("search", "filter_timeline", "help", "selected('entry_history')",
                   "common_ground", "clear_view"):  # fmt: skip
        assert not keymap.writes(action), action
    follower = {a.id for a in keymap.follower_actions()}
    assert "note" not in follower and {"search", "help", "quit", "history"} <= follower


def test_one_name_one_answer():
    """Two Actions of one screen action never disagree on writing (check_action sees names)."""
    by_name: dict[str, set[bool]] = {}
    for a in keymap.ACTIONS:
        by_name.setdefault(keymap.action_name(a.action), set()).add(a.writes)
    assert all(len(v) == 1 for v in by_name.values()), by_name
