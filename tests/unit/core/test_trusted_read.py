"""The screen's start reads events with their own kind's validator (core/trusted_read.py): it
must give the very Event that `Event` itself reads, and hand anything unusual back."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from cockpit.core.clock import FakeClock
from cockpit.core.events import Event
from cockpit.core.trusted_read import trusted_event
from cockpit.demo import seed_demo
from cockpit.store import Store
from tests.unit.export.constructed import build, build_shape

END = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def stored_events(tmp_path) -> list[str]:
    with Store.open(tmp_path / "all.sqlite3", create=True) as store:
        seed_demo(store, END, tz=UTC)
        build(store, FakeClock(END))
        build_shape(store, FakeClock(END))
        return [js for (js,) in store.query("SELECT json FROM events ORDER BY seq")]


def test_every_stored_event_reads_the_same_as_with_event_itself(tmp_path) -> None:
    rows = stored_events(tmp_path)
    kinds_read = set()
    for js in rows:
        slow = Event.model_validate_json(js)
        fast = trusted_event(json.loads(js))
        if slow.unknown:  # an unknown entry: only Event keeps those
            assert fast is None
            continue
        assert fast is not None, js
        kinds_read.add(fast.kind)
        assert fast == slow
        assert fast.model_fields_set == slow.model_fields_set
        assert fast.body.model_fields_set == slow.body.model_fields_set
        assert fast.model_dump_json() == slow.model_dump_json() == js
    assert len(kinds_read) >= 25  # the demo and the constructed incidents use most kinds


def ordinary() -> dict:
    return {"id": "e1", "incident": "i1", "author": "alice", "at": "2026-11-30T14:00:00Z",
            "recorded_at": "2026-11-30T14:00:00Z", "hlc": "0001",
            "body": {"kind": "severity_set", "severity": "SEV2"}}  # fmt: skip


@pytest.mark.parametrize(
    "change",
    [
        {"body": {"kind": "pizza_ordered", "size": "L"}},  # a kind this cockpit does not know
        {"body": {"kind": "severity_set", "severity": "SEV2", "colour": "red"}},  # a field
        {"colour": "red"},  # an envelope field it does not know
        {"v": 2},  # a newer format
        {"body": {"kind": "severity_set", "severity": "SEV9"}},  # not valid
        {"at": "2026-11-30T14:00:00"},  # a time without its zone
        {"recorded_by": "mallory"},  # never read from JSON
        {"body": "severity_set"},
    ],
)
def test_anything_unusual_is_left_to_event_itself(change: dict) -> None:
    data = ordinary() | change
    assert trusted_event(data) is None


def test_what_is_not_an_object_is_left_to_event_itself() -> None:
    assert trusted_event(["severity_set"]) is None


def test_an_ordinary_event_reads() -> None:
    e = trusted_event(ordinary())
    assert e is not None and e == Event.model_validate(ordinary())
