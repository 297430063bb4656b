"""Who held which role when: handovers, releases, several SMEs at once, in `at` order."""

from __future__ import annotations

from datetime import timedelta

from cockpit.core.role_history import tenures
from cockpit.core.state import fold
from cockpit.core.vocabulary import Role
from tests.conftest import make

INC = "0196e1a4-0000-7000-8000-0000000a01e5"


def role(clock, kind, r, person, author="maria", **kw):
    return make(INC, author, {"kind": kind, "role": r, "person": person}, clock, **kw)


def test_handovers_releases_and_several_smes(clock):
    t0 = clock.now()
    events = [
        role(clock, "role_assigned", "ic", "maria"),  # t0+1s
        role(clock, "role_assigned", "sme", "dev"),  # +2s
        role(clock, "role_assigned", "sme", "kim"),  # +3s
        role(clock, "role_assigned", "ic", "maria"),  # +4s: again, still one tenure
    ]
    clock.advance(minutes=30)
    events.append(role(clock, "role_assigned", "ic", "omar"))
    clock.advance(minutes=5)
    events.append(role(clock, "role_released", "sme", "dev"))
    state = fold(events)
    held = [(t.role, t.person, t.start - t0, t.end - t0 if t.end else None) for t in tenures(state)]
    handover = timedelta(minutes=30, seconds=5)
    assert held == [
        (Role.IC, "maria", timedelta(seconds=1), handover),
        (Role.IC, "omar", handover, None),
        (Role.SME, "dev", timedelta(seconds=2), handover + timedelta(minutes=5, seconds=1)),
        (Role.SME, "kim", timedelta(seconds=3), None),
    ]


def test_a_backdated_assignment_takes_its_place_in_time(clock):
    t0 = clock.now()
    late = role(clock, "role_assigned", "ic", "omar", at=t0 + timedelta(minutes=10))
    early = role(clock, "role_assigned", "ic", "maria", at=t0)  # written later, happened first
    state = fold([late, early])
    assert [(t.person, t.start - t0, t.end) for t in tenures(state)] == [
        ("maria", timedelta(0), t0 + timedelta(minutes=10)),
        ("omar", timedelta(minutes=10), None),
    ]


def test_a_released_role_and_an_empty_incident(clock):
    a = role(clock, "role_assigned", "scribe", "sam")
    b = role(clock, "role_released", "scribe", "sam")
    assert [(t.person, t.end) for t in tenures(fold([a, b]))] == [("sam", b.at)]
    assert tenures(fold([])) == []
