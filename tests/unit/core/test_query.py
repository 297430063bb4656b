from datetime import UTC

from cockpit.core.compose import new_event
from cockpit.core.query import Query, highlights, run
from cockpit.core.timeline import Timeline

INC = "inc-1"


def timeline(clock, *entries):
    tl = Timeline(UTC)
    for author, kind, text in entries:
        clock.advance(1)
        tl.apply(new_event(INC, author, {"kind": kind, "text": text}, clock))
    return tl


def test_filters_by_kind_author_tag_and_text(clock):
    tl = timeline(
        clock,
        ("ann", "note", "api latency up #api"),
        ("bob", "decision", "roll back deploy 42 #deploy"),
        ("ann", "evidence", "ERROR pool exhausted #DB"),
        ("bob", "note", "db looks fine #db"),
    )
    assert run(tl, Query()) == [0, 1, 2, 3]
    assert run(tl, Query(kinds=frozenset({"decision"}))) == [1]
    assert run(tl, Query(authors=frozenset({"ann"}))) == [0, 2]
    assert run(tl, Query(tags=frozenset({"db"}))) == [2, 3]
    assert run(tl, Query(text="POOL")) == [2]
    assert run(tl, Query(authors=frozenset({"bob"}), text="db")) == [3]


def test_a_narrowing_search_rescans_only_previous_matches(clock):
    tl = timeline(
        clock, ("a", "note", "rollback api"), ("a", "note", "rollout db"), ("a", "note", "x")
    )
    first = Query(text="roll")
    got = run(tl, first)
    assert got == [0, 1]
    assert Query(text="rollb").narrows(first) and not Query(text="rol").narrows(first)
    assert run(tl, Query(text="rollb"), previous=(first, got)) == [0]


def test_an_edit_is_searchable_and_a_redacted_secret_is_not(clock):
    tl = timeline(clock, ("a", "note", "token=abc123 #secret"), ("a", "note", "typo"))
    assert run(tl, Query(text="abc123")) == [0]
    secret, typo = tl.rows[0], tl.rows[1]
    tl.apply(new_event(INC, "b", {"kind": "entry_redacted", "target": secret.id}, clock))
    tl.apply(
        new_event(INC, "b", {"kind": "entry_edited", "target": typo.id, "text": "fixed"}, clock)
    )
    assert run(tl, Query(text="abc123")) == []
    assert run(tl, Query(tags=frozenset({"secret"}))) == []
    assert run(tl, Query(text="fixed")) == [1]


def test_highlight_spans_ignore_case():
    assert highlights("Rollback then ROLLBACK", "rollback") == [(0, 8), (14, 22)]
    assert highlights("anything", "  ") == []


def test_filters_read_light_rows_without_rebuilding_events(clock, monkeypatch):
    from cockpit.core.light import LightEntry

    tl = Timeline(UTC)
    for author, kind in (("ann", "note"), ("bob", "decision"), ("ann", "decision")):
        clock.advance(1)
        e = new_event(INC, author, {"kind": kind, "text": f"{kind} by {author}"}, clock)
        tl.apply(LightEntry.from_event(e))

    def rebuilt(self):
        raise AssertionError("a filter rebuilt a full event for a light row")

    monkeypatch.setattr(LightEntry, "to_event", rebuilt)
    assert run(tl, Query(kinds=frozenset({"decision"}), authors=frozenset({"ann"}))) == [2]
    assert run(tl, Query(only=frozenset({tl.rows[0].id}))) == [0]
