"""The practice's rules as pure functions of the state and the time (see ../shared/PRACTICE.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from cockpit.core.events import StatusUpdate
from cockpit.core.state import IncidentState, Mitigation, Task
from cockpit.core.vocabulary import Phase, Role, Severity, TaskStatus

# Internal status updates: SEV1 every 20 minutes, SEV2 every 30, SEV3 hourly, SEV4 none.
DEFAULT_CADENCE: dict[Severity, int | None] = {
    Severity.SEV1: 20,
    Severity.SEV2: 30,
    Severity.SEV3: 60,
    Severity.SEV4: None,
}

UNACKED_TASK_AFTER = timedelta(minutes=3)
IDLE_AFTER = timedelta(minutes=5)
CLOSED_PHASES = (Phase.RESOLVED, Phase.CLOSED)


@dataclass(frozen=True, slots=True)
class UpdateClock:
    due: datetime | None  # None: no update cadence (SEV4, or the incident is over)
    last: datetime | None
    cadence_minutes: int | None  # the severity's cadence (never a single update's promise)
    promised_minutes: int | None = None  # the last update's "next in N minutes", if it said

    def remaining(self, now: datetime) -> timedelta | None:
        return None if self.due is None else self.due - now

    def overdue(self, now: datetime) -> bool:
        return self.due is not None and now >= self.due


def next_update(
    state: IncidentState, cadence: dict[Severity, int | None] | None = None
) -> UpdateClock:
    """When the next stakeholder update is due.

    The last update's own "next in N minutes" wins; otherwise the severity's cadence, counted
    from the last update, or from the declaration before the first one.
    """
    cadence = DEFAULT_CADENCE if cadence is None else cadence
    last = state.last_update
    every = cadence.get(state.severity) if state.severity else None
    promised = cast(StatusUpdate, last.body).next_in_minutes if last is not None else None
    minutes = promised or every
    last_at = last.at if last else None
    if state.phase in CLOSED_PHASES or minutes is None:
        return UpdateClock(None, last_at, every, promised)
    start = last.at if last else state.declared_at
    if start is None:
        return UpdateClock(None, None, every, promised)
    return UpdateClock(start + timedelta(minutes=minutes), last_at, every, promised)


def unacknowledged_tasks(
    state: IncidentState, now: datetime, after: timedelta = UNACKED_TASK_AFTER
) -> list[Task]:
    """Delegated but not acknowledged for longer than `after`: not really delegated yet."""
    return [
        t
        for t in state.open_tasks()
        if t.status is TaskStatus.DELEGATED and now - t.delegated_at >= after
    ]


def in_progress(state: IncidentState) -> bool:
    """Something is being done: a mitigation in flight or an acknowledged open task."""
    if state.mitigations_in_flight():
        return True
    return any(t.status is TaskStatus.ACKNOWLEDGED for t in state.open_tasks())


def idle_for(
    state: IncidentState, now: datetime, after: timedelta = IDLE_AFTER
) -> timedelta | None:
    """How long nothing has been in progress, once that is longer than `after`; else None."""
    if state.phase in CLOSED_PHASES or in_progress(state):
        return None
    moments = [d for d in (state.last_progress_at, state.declared_at) if d is not None]
    if not moments:
        return None
    idle = now - max(moments)
    return idle if idle >= after else None


def blocking_mitigation(state: IncidentState) -> Mitigation | None:
    """The mitigation whose outcome must be recorded before another one starts."""
    return state.current_mitigation


def empty_critical_roles(state: IncidentState) -> list[Role]:
    return [r for r in Role if r.critical and not state.holders(r)]
