"""The practice's rules as pure functions of the state and the time (see ../shared/PRACTICE.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

# The update cadence is a rule of its own, per audience (cockpit.core.cadence); its names are
# kept here for the callers that knew them here.
from cockpit.core.cadence import CLOSED_PHASES as CLOSED_PHASES
from cockpit.core.cadence import DEFAULT_CADENCE as DEFAULT_CADENCE
from cockpit.core.cadence import UpdateClock as UpdateClock
from cockpit.core.cadence import next_update as next_update
from cockpit.core.state import IncidentState, Mitigation, Task
from cockpit.core.vocabulary import Role, TaskStatus

UNACKED_TASK_AFTER = timedelta(minutes=3)
IDLE_AFTER = timedelta(minutes=5)


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
