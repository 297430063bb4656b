"""The incidents in a file, with just enough state to pick one: read off the UI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cockpit.core.display import safe
from cockpit.core.kinds import SUMMARY_KINDS
from cockpit.core.rules import CLOSED_PHASES
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Phase, Severity
from cockpit.store.store import Store


@dataclass(frozen=True, slots=True)
class Summary:
    id: str
    label: str
    title: str
    severity: Severity | None
    phase: Phase
    declared_at: datetime | None

    @property
    def number(self) -> int:
        return int(self.label.split("-")[1])

    @property
    def open(self) -> bool:
        return self.phase not in CLOSED_PHASES


def summaries(store: Store) -> list[Summary]:
    states: dict[str, IncidentState] = {}
    for e in store.events_of_kinds(SUMMARY_KINDS):
        states.setdefault(e.incident, IncidentState(e.incident)).apply(e)
    out = []
    for ref in store.incidents():
        st = states.get(ref.id) or IncidentState(ref.id)
        out.append(Summary(ref.id, ref.label, st.title, st.severity, st.phase, st.declared_at))
    return out


def open_incidents(store: Store) -> list[Summary]:
    return [s for s in summaries(store) if s.open]


def past_line(past: tuple[Summary, ...]) -> str:
    """None is open: the line the declare form adds, so that a resolved incident is not
    mistaken for none at all (Esc on the form opens it, or lists them)."""
    last = past[-1]
    said = f"{last.label} “{safe(last.title)}” is {last.phase.value}"
    if len(past) == 1:
        return f"\n{said}: Esc opens it anyway."
    more = len(past) - 1
    return f"\nNo incident is open: {said}, and {more} more; Esc lists them to open one anyway."
