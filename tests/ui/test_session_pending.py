"""The screen's own writes still on their way to the file, as the next write sees them."""

from __future__ import annotations

from datetime import UTC

from cockpit.tui.session import Session
from tests.conftest import make


def test_a_write_names_our_pending_one_and_what_stands(store, clock, incident):
    s = Session(store, clock, "alice", incident, "INC-1", UTC)
    s.apply(store.events(incident))
    standing = make(incident, "bob", {"kind": "severity_set", "severity": "SEV3"}, clock)
    s.apply([store.append(standing)])
    first = s.make({"kind": "severity_set", "severity": "SEV2", "reason": "worse"})
    assert first.prev == (standing.id,)
    second = s.make({"kind": "severity_set", "severity": "SEV1", "reason": "much worse"})
    assert set(second.prev) == {standing.id, first.id}  # still names SEV3 should `first` fail
    assert s.value("severity").value == "SEV1"
    s.settled(first)  # failed, say: not the pending one any more (second is)
    assert s.pending[("severity",)] is second
    s.apply([store.append(second)])
    s.settled(second)
    assert not s.pending and not s.state.conflicts()
    assert s.state.severity.value == "SEV1"
