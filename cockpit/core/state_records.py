"""What the state hands out about roles, mitigations, tasks and conflicts: plain, frozen
records made from the events (cockpit.core.state builds them and re-exports them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cockpit.core.registers import Write
from cockpit.core.vocabulary import Outcome, Role, TaskStatus


@dataclass(frozen=True, slots=True)
class Holder:
    role: Role
    person: str
    since: datetime
    event_id: str


@dataclass(frozen=True, slots=True)
class Mitigation:
    id: str
    what: str
    by: str
    started_at: datetime
    override: str
    outcome: Outcome | None
    outcome_at: datetime | None


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    text: str
    owner: str
    due: datetime | None
    delegated_at: datetime
    delegated_by: str
    status: TaskStatus
    status_at: datetime
    report_back: datetime | None = None  # the first report asked for (nudges: report_back)


@dataclass(frozen=True, slots=True)
class Conflict:
    register: tuple[str, ...]
    writes: list[Write]  # the standing values, newest first; the first is the one in force
