"""Who held which role when: each role's holders over time, for a postmortem and a handover.

Read from the role registers' writes (every assignment and release is one), in the order
things happened (`at`): a single-holder role passes from one person to the next at each
assignment; a role several people hold (SME, scribe) starts and ends per person. A tenure
still running at the end has no end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cockpit.core.registers import Write
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Role


@dataclass(frozen=True, slots=True)
class Tenure:
    role: Role
    person: str
    start: datetime
    end: datetime | None  # None: holds it still
    by: str  # who assigned them


def _in_order(writes: dict[str, Write]) -> list[Write]:
    return sorted(writes.values(), key=lambda w: (w.at, w.hlc, w.id))


def tenures(state: IncidentState) -> list[Tenure]:
    """Every tenure of every role, by role (in the vocabulary's order), then by start."""
    out: list[Tenure] = []
    for key, register in state.registers.items():
        if key[0] != "role":
            continue
        role = Role(key[1])
        holder: tuple[str, datetime, str] | None = None  # (person, since, by)
        for w in _in_order(register.writes):
            person = w.value  # a name, or None for a release
            if holder is not None and person == holder[0]:
                continue  # assigned again: still the same tenure
            if holder is not None:
                out.append(Tenure(role, holder[0], holder[1], w.at, holder[2]))
                holder = None
            if person:
                holder = (person, w.at, w.author)
        if holder is not None:
            out.append(Tenure(role, holder[0], holder[1], None, holder[2]))
    order = {role: i for i, role in enumerate(Role)}
    return sorted(out, key=lambda t: (order[t.role], t.start, t.person))
