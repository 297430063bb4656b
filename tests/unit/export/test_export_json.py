"""The complete incident as JSON: export, import into a fresh file, export again gives the same
bytes; ids, clock values and who recorded what are kept; redacted text never travels; an
import never replaces what a file holds."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cockpit.core.clock import FakeClock
from cockpit.core.metrics import compute
from cockpit.core.timeline import Timeline
from cockpit.demo import seed_demo
from cockpit.export.importing import import_document
from cockpit.export.json import FORMAT, NotAnExport, export_text, loads
from cockpit.export.redact import PLACEHOLDER
from cockpit.store import Store
from tests.unit.export.constructed import INC, SECRET, SHAPE_START, build, build_shape

END = datetime(2026, 11, 23, 15, 8, tzinfo=UTC)


@pytest.fixture
def origin(tmp_path: Path, clock) -> Store:
    s = Store.open(tmp_path / "origin.sqlite3", create=True, recorder="alice")
    build(s, clock)
    yield s
    s.close()


def fresh(tmp_path: Path, name: str = "fresh") -> Store:
    return Store.open(tmp_path / f"{name}.sqlite3", create=True, recorder="zoe")


def rows(store: Store, incident: str) -> list[tuple]:
    tl = Timeline(UTC)
    tl.apply_all(store.events(incident))
    return [(r.id, r.at, r.author, r.recorded_by, r.kind, r.redacted,
             "" if r.redacted else r.text) for r in tl]  # fmt: skip


def test_the_demo_goes_round_byte_for_byte(tmp_path):
    with Store.open(tmp_path / "a.sqlite3", create=True) as a, fresh(tmp_path) as b:
        ref = seed_demo(a, END, tz=UTC)
        first = export_text(a.events(ref.id))
        done = import_document(b, loads(first))
        assert (done.new, done.same, done.refused) == (len(a.events(ref.id)), 0, [])
        assert done.ref is not None and done.ref.label == "INC-1"
        assert export_text(b.events(ref.id)) == first
        assert b.state(ref.id).snapshot() == a.state(ref.id).snapshot()


def test_a_constructed_incident_goes_round_byte_for_byte(tmp_path, origin):
    first = export_text(origin.events(INC))
    with fresh(tmp_path) as b:
        b.declare(_other_incident(origin))  # the file holds another incident already
        done = import_document(b, loads(first))
        assert done.refused == [] and done.ref.number == 2  # the next INC-n there
        assert export_text(b.events(INC)) == first
        again = import_document(b, loads(first))  # twice: nothing changes
        assert (again.new, again.same) == (0, len(origin.events(INC)))
        assert export_text(b.events(INC)) == first
        # ids, clock values, times, offsets and who recorded what: kept
        here = {e.id: e for e in origin.events(INC)}
        for e in b.events(INC):
            o = here[e.id]
            kept = ("hlc", "at", "at_offset", "recorded_at", "author", "recorded_by", "v")
            assert [getattr(e, k) for k in kept] == [getattr(o, k) for k in kept]
        assert rows(b, INC) == rows(origin, INC)  # the timeline reads the same


def test_milestones_and_pages_go_round_and_keep_their_meaning(tmp_path):
    """The shape (milestones, a correction, pages and their answers, phase changes) comes back
    the same bytes, and means the same: a redacted correction still corrects, so the numbers
    of the imported copy are the original's."""
    clock = FakeClock(SHAPE_START)
    with Store.open(tmp_path / "night.sqlite3", create=True, recorder="alice") as a, \
            fresh(tmp_path) as b:  # fmt: skip
        inc = build_shape(a, clock)
        first = export_text(a.events(inc))
        kinds = [e["body"]["kind"] for e in json.loads(first)["events"]]
        assert kinds.count("milestone") == 9 and kinds.count("phase_set") == 3
        assert kinds.count("person_paged") == 2 and kinds.count("page_acknowledged") == 1
        (correction,) = [e for e in json.loads(first)["events"]
                         if e["body"].get("corrects")]  # fmt: skip
        assert correction["body"]["text"] == PLACEHOLDER and SECRET not in first  # redacted
        done = import_document(b, loads(first))
        assert done.refused == [] and done.new == len(a.events(inc))
        assert export_text(b.events(inc)) == first
        now = clock.now()
        assert compute(b.state(inc), now).as_data() == compute(a.state(inc), now).as_data()
        assert b.state(inc).snapshot() == a.state(inc).snapshot()


def _other_incident(store: Store):
    from cockpit.core.clock import FakeClock
    from cockpit.core.compose import new_event

    return new_event("0196e1a4-0000-7000-8000-0000000000aa", "zoe",
                     {"kind": "incident_declared", "title": "Other"}, FakeClock())  # fmt: skip


def test_the_export_carries_everything_but_redacted_text(origin):
    text = export_text(origin.events(INC))
    doc = json.loads(text)
    assert (doc["format"], doc["version"], doc["incident"]) == (FORMAT, 1, INC)
    assert doc["title"] == "Payments: 5xx *and* <timeouts>"
    assert SECRET not in text and "\x1b" not in text and "\\u001b[31m" in text
    events = doc["events"]
    assert len(events) == len(origin.events(INC))
    assert all(
        {"v", "id", "hlc", "at", "recorded_at", "author", "body"} <= e.keys() for e in events
    )
    by_kind = {}
    for e in events:
        by_kind.setdefault(e["body"]["kind"], []).append(e)
    (leak,) = [e for e in by_kind["evidence"]]
    assert leak["body"]["text"] == PLACEHOLDER  # the entry stays, its text does not
    edit_of_leak = [e for e in by_kind["entry_edited"] if e["body"]["target"] == leak["id"]]
    assert edit_of_leak[0]["body"]["text"] == PLACEHOLDER
    (redaction,) = by_kind["entry_redacted"]
    assert redaction["body"] == {
        "kind": "entry_redacted",
        "target": leak["id"],
        "reason": "a password",
    }
    other_edit = [e for e in by_kind["entry_edited"] if e["body"]["target"] != leak["id"]]
    assert other_edit[0]["body"]["text"] == "pool at 48/50"  # edits of the rest: kept
    (bot,) = [e for e in by_kind["note"] if e["author"] == "deploy-bot"]
    assert bot["recorded_by"] == "alice"
    assert all("recorded_by" not in e for e in events if e["author"] == "alice")
    (typed,) = [e for e in by_kind["note"] if e["body"].get("text") == "First alert fired"]
    assert typed["at_offset"] == 330
    assert by_kind["slo_burned"][0]["body"] == {"kind": "slo_burned", "component": "eu",
                                                "level": "outage", "text": "EU card payments down"}  # fmt: skip
    newer = [e for e in events if e["v"] == 2]
    assert newer and newer[0]["body"]["severity"] == "SEV0"
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)  # the timeline's order


def test_importing_back_where_it_came_from_changes_nothing(origin):
    before = [e.model_dump_json() for e in origin.events(INC)]
    done = import_document(origin, loads(export_text(origin.events(INC))))
    # the redacted entry and its edit come back with the placeholder: the same, not a clash
    assert (done.new, done.refused) == (0, []) and done.same == len(before)
    assert [e.model_dump_json() for e in origin.events(INC)] == before
    assert any(SECRET in js for js in before)  # the file keeps its original (never replaced)


def test_a_different_event_under_a_known_id_is_refused_and_nothing_replaced(tmp_path, origin):
    doc = json.loads(export_text(origin.events(INC)))
    with fresh(tmp_path) as b:
        import_document(b, loads(json.dumps(doc)))
        stored = [e.model_dump_json() for e in b.events(INC)]
        note = next(e for e in doc["events"] if e["body"].get("text") == "deploy 4812 finished")
        note["body"]["text"] = "deploy 4812 never happened"
        extra = dict(note, id="0196e1a4-0000-7000-8000-0000000000ee")  # and one new event
        doc["events"].append(extra)
        done = import_document(b, loads(json.dumps(doc)))
        assert done.refused == [
            (note["id"], "a different event under an id this file already holds")
        ]
        assert done.new == 1
        assert [e.model_dump_json() for e in b.events(INC)][: len(stored)] == stored


def test_an_id_another_incident_holds_is_refused(tmp_path, origin):
    doc = json.loads(export_text(origin.events(INC)))
    with fresh(tmp_path) as b:
        other = _other_incident(b)
        b.declare(other)
        doc["events"][1]["id"] = other.id  # an id this file gave to another incident's event
        done = import_document(b, loads(json.dumps(doc)))
        assert done.refused == [(other.id, f"id already used here by incident {other.incident}")]


def test_what_is_not_an_export_or_not_valid_is_said(tmp_path, origin):
    text = export_text(origin.events(INC))
    for bad, why in (("{", "not JSON"), ("[]", "not a cockpit incident export"),
                     (json.dumps({"format": FORMAT, "version": 2, "incident": INC, "events": []}),
                      "written by a newer cockpit (format version 2")):  # fmt: skip
        with pytest.raises(NotAnExport, match=re.escape(why)):
            loads(bad)
    doc = json.loads(text)
    events = doc["events"]
    empty = next(e for e in events if e["body"].get("text") == "pool at 48/5")
    empty["body"]["text"] = ""  # a note with no text: not a valid event
    moved = next(e for e in events if e["body"].get("text") == "The PSP is down")
    moved["incident"] = "another"
    events.append("junk")
    twice = json.loads(json.dumps(events[5]))
    events.append(json.loads(json.dumps(events[5])))  # the same event twice: taken once
    twice["author"] = "mallory"
    events.append(twice)  # the same id with other content: reported
    got = loads(json.dumps(doc))
    assert got.problems == [
        (empty["id"], "body.note.text: String should have at least 1 character"),
        (moved["id"], f"belongs to incident another, not {INC}"),
        (f"#{len(events) - 2}", "not a JSON object"),
        (twice["id"], "appears twice in the export, with different content"),
    ]
    with fresh(tmp_path) as b:
        done = import_document(b, got)  # the rest goes in
        assert done.new == len(doc["events"]) - 5
