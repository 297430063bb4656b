"""Newer and older cockpits side by side: every event carries its format version; one of a kind
or with fields this reader does not know is read as an unknown entry (kept whole, shown, never
folded); a known kind whose known fields are wrong is invalid, unless a newer writer wrote it."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from pydantic import ValidationError

from cockpit.core import events as ev
from cockpit.core.state import IncidentState
from cockpit.core.timeline import Timeline
from cockpit.core.versions import FORMAT_VERSION, UnknownBody, content, why_invalid
from tests.conftest import make

INC = "0196e1a4-0000-7000-8000-00000000c0de"


def _json(clock, body: dict | None = None, **envelope) -> dict:
    e = make(INC, "alice", {"kind": "note", "text": "hello"}, clock)
    data = json.loads(e.model_dump_json())
    if body is not None:
        data["body"] = body
    return data | envelope


def test_every_event_carries_its_format_version_and_old_ones_read_as_1(clock):
    data = _json(clock)
    # Version 1 is the absence of `v`: the same JSON as before the version existed, so that
    # cockpits from before it (which refuse fields they do not know) read it still.
    assert "v" not in data and FORMAT_VERSION == 1
    e = ev.Event.model_validate(data)
    assert e.v == 1 and not e.unknown and e.body.text == "hello"
    newer = ev.Event.model_validate(data | {"v": 2})
    assert newer.v == 2 and json.loads(newer.model_dump_json())["v"] == 2


@pytest.mark.parametrize(
    "change",
    [
        {"body": {"kind": "forecast", "what": "impact started", "level": 2}},  # a new kind
        {"body": {"kind": "note", "text": "hi", "visibility": "team"}},  # a new field
        {"sig": "abc"},  # a new envelope field
        {"v": 2, "body": {"kind": "severity_set", "severity": "SEV0"}},  # a newer writer's value
    ],
    ids=["new-kind", "new-field", "new-envelope-field", "newer-value"],
)
def test_what_this_reader_does_not_know_is_an_unknown_entry_kept_whole(clock, change):
    data = _json(clock) | change
    e = ev.Event.model_validate(data)
    assert e.unknown and isinstance(e.body, UnknownBody)
    assert e.kind == data["body"]["kind"]  # its real kind, for the timeline to show
    again = json.loads(e.model_dump_json())
    assert content(json.dumps(again)) == content(json.dumps(data | {"body": again["body"]}))
    assert all(again["body"][k] == v for k, v in data["body"].items())  # nothing dropped
    assert "unknown entry" in e.body.describe(tz=UTC) and e.body.register() is None


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"kind": "note", "text": ""}, "body.note.text"),
        ({"kind": "severity_set", "severity": "SEV9"}, "body.severity_set.severity"),
        ({"kind": "role_assigned", "role": "ic"}, "body.role_assigned.person"),
    ],
)
def test_a_known_kind_with_wrong_known_fields_is_invalid_with_its_reason(clock, body, where):
    with pytest.raises(ValidationError) as err:
        ev.Event.model_validate(_json(clock, body))
    assert why_invalid(err.value).startswith(where)


def test_the_envelope_must_be_readable(clock):
    data = _json(clock)
    del data["at"]
    with pytest.raises(ValidationError) as err:
        ev.Event.model_validate(data)
    assert why_invalid(err.value).startswith("at: Field required")
    with pytest.raises(ValidationError):
        ev.Event.model_validate(_json(clock, body="not an object"))


def test_who_recorded_it_is_never_read_from_the_event_itself(clock):
    e = ev.Event.model_validate(_json(clock, recorded_by="mallory"))
    assert e.recorded_by == "" and not e.unknown
    marked = e.model_copy(update={"recorded_by": "alice"})
    assert "recorded_by" not in marked.model_dump_json()  # metadata, never content
    assert content(marked.model_dump_json()) == content(e.model_dump_json())


def test_the_fold_ignores_what_it_does_not_understand_and_the_timeline_shows_it(clock):
    declared = make(INC, "alice", {"kind": "incident_declared", "title": "t"}, clock)
    sev = make(INC, "alice", {"kind": "severity_set", "severity": "SEV2"}, clock)
    known = [declared, sev]
    future = [
        ev.Event.model_validate(
            _json(clock, {"kind": "severity_set", "severity": "SEV1", "scope": "eu"})
        ),
        ev.Event.model_validate(_json(clock, {"kind": "forecast", "what": "impact ended"})),
    ]
    plain, mixed = IncidentState(INC), IncidentState(INC)
    plain.apply_all(known)
    mixed.apply_all([*known, *future])
    snap = mixed.snapshot()
    assert snap["severity"].value == "SEV2" and snap["heads"] == plain.snapshot()["heads"]
    assert snap["count"] == 4  # they are there, and set nothing
    tl = Timeline(UTC)
    tl.apply_all([*known, *future])
    shown = {r.id: r.text for r in tl}
    assert shown[future[1].id].startswith("(unknown entry)")
    assert "impact ended" in shown[future[1].id]
    assert shown[future[0].id] == "(unknown entry) severity=SEV1, scope=eu"


def test_content_compares_copies_without_their_clock(clock):
    data = _json(clock)
    capped = dict(data, hlc="000000000000001.000000")
    assert content(json.dumps(data)) == content(json.dumps(capped))
    explicit = dict(data, v=1)
    assert content(json.dumps(explicit)) == content(json.dumps(data))
    other = dict(data, body={"kind": "note", "text": "changed"})
    assert content(json.dumps(other)) != content(json.dumps(data))


def test_unknown_entries_of_known_kinds_never_break_the_timeline(clock):
    """A newer cockpit's versions of kinds this one reads closely (a pin, a task's status, a
    task): their fields may be missing or of any type; each shows as an unknown entry."""
    task = make(INC, "alice", {"kind": "task_delegated", "task": "check db", "owner": "bob"}, clock)
    odd = [
        {"kind": "entry_pinned", "pinned": True, "why": "important"},  # no target
        {"kind": "task_status", "target": {"id": task.id}, "status": "done", "by": "x"},
        {"kind": "task_status", "target": task.id, "status": "done", "eta": 5},
        {"kind": "task_delegated", "owner": "bob", "team": "db"},  # no task
        {"kind": "mitigation_started", "by": "bob", "plan": [1, 2]},
    ]
    future = [ev.Event.model_validate(_json(clock, body)) for body in odd]
    assert all(e.unknown for e in future)
    tl = Timeline(UTC)
    tl.apply_all([task, *future])
    later = make(INC, "bob", {"kind": "task_status", "target": future[3].id, "status": "done"},
                 clock)  # fmt: skip
    tl.apply(later)  # a known event about an unknown one
    texts = {r.id: r.text for r in tl}
    assert all(texts[e.id].startswith("(unknown entry)") for e in future)
    assert texts[later.id].startswith("Task “(unknown entry)")
    state = IncidentState(INC)
    state.apply_all([task, *future, later])
    assert [t.status.value for t in state.all_tasks()] == ["delegated"]
