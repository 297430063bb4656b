"""A nudge in a few words, for the record of its snooze: `dev has not acknowledged: Check DB
pool`, `break due: priya`. A nudge's id names what it is about by id (a task's is a uuid),
which a reader cannot follow; its text holds times that go stale ("delegated 5 min ago").
These words are neither: they are written into the `nudge_snoozed` event (`what`) when a nudge
is snoozed, and read back from the id for a snooze written before that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cockpit.core.nudges import TITLES
from cockpit.core.vocabulary import Role

if TYPE_CHECKING:
    from cockpit.core.state import IncidentState

LONGEST = 300  # as long as `what` may be (cockpit.core.pace)

TASK_WORDS = {"task_unacked": "{owner} has not acknowledged: {task}",
              "task_overdue": "overdue: {owner}: {task}",
              "report_back": "check in with {owner}: {task}"}  # fmt: skip


def _role(value: str) -> str:
    try:
        return Role(value).title
    except ValueError:
        return value


def from_id(nudge_id: str, state: IncidentState | None = None) -> str:
    """The nudge `nudge_id` in words; with the state, a task's nudge names the task."""
    rule, _, subject = nudge_id.partition(":")
    title = TITLES.get(rule, rule.replace("_", " "))
    if rule in TASK_WORDS:
        task = state.task(subject) if state is not None else None
        words = (TASK_WORDS[rule].format(owner=task.owner, task=task.text) if task
                 else f"{title}: a task")  # fmt: skip
    elif rule == "role_empty":
        words = f"no {_role(subject)}"
    elif rule == "role_away":
        role, _, person = subject.partition(":")
        words = f"{_role(role)} away: {person}" if person else f"{_role(role)} away"
    elif subject:
        words = f"{title}: {subject}"
    else:
        words = title
    words = " ".join(words.split())  # one line: a task's text may hold several
    return words if len(words) <= LONGEST else words[: LONGEST - 1] + "…"
