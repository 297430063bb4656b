"""The nudges' types: every rule's threshold (`[nudges]` in the config), one nudge as the
views show it, and what each rule is called in a list. The rules are in cockpit.core.nudges,
which re-exports these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import cast

from cockpit.core import events as ev
from cockpit.core.pace import NudgeSnoozed


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Every rule's threshold (the defaults follow the practice; `[nudges]` changes them)."""

    idle: timedelta = timedelta(minutes=5)
    unacked_task: timedelta = timedelta(minutes=3)
    open_tasks: int = 1  # more than this many open tasks for one person is too many
    empty_role: timedelta = timedelta(minutes=2)
    role_away: timedelta = timedelta(0)  # the IC or scribe stepped away: at once
    ic_hands_on: timedelta = timedelta(minutes=2)
    page_ack: timedelta = timedelta(minutes=5)
    check_in: timedelta = timedelta(minutes=15)
    break_every: timedelta = timedelta(hours=2)
    ic_rotation: timedelta = timedelta(hours=3)
    long_incident: timedelta = timedelta(hours=4)
    night_start: time = time(22, 0)  # in `tz`; a night may cross midnight
    night_end: time = time(6, 0)
    max_snooze: timedelta = timedelta(hours=4)
    tz: tzinfo = UTC  # the user's zone: the night, and the clock times in the texts


DEFAULT = Thresholds()


@dataclass(frozen=True, slots=True)
class Nudge:
    id: str  # stable: what a snooze names
    rule: str
    text: str  # one line, precise about why; starts lower case (the view capitalises)
    due_since: datetime  # when its threshold was crossed
    action: str  # the binding id of the action that deals with it (keymap.py)
    snooze: ev.Event | None = None  # the snooze in force, when snoozed

    @property
    def snoozed(self) -> bool:
        return self.snooze is not None

    @property
    def until(self) -> datetime | None:
        return cast(NudgeSnoozed, self.snooze.body).until if self.snooze else None


# (rule, what it is called in a list, what it asks for) in the order of urgency.
TITLES: dict[str, str] = {
    "conflict": "conflict",
    "role_empty": "role empty",
    "role_away": "role holder away",
    "page_unacked": "page not acknowledged",
    "idle": "nothing in progress",
    "task_unacked": "task not acknowledged",
    "task_overdue": "task overdue",
    "report_back": "report back",
    "ic_hands_on": "IC hands-on",
    "busy": "several tasks",
    "ic_rotation": "IC rotation",
    "break_due": "break due",
    "check_in": "check-in",
    "downgrade": "consider downgrading",
}
