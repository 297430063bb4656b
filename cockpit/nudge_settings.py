"""The `[nudges]` section of the config: when each nudge comes due (cockpit.core.nudges).

    [nudges]
    break_every_minutes = 90
    night_start = "23:00"

Every threshold in minutes; the defaults follow the practice (../shared/PRACTICE.md). A key
that is not one of these is an error, so a typo shows.
"""

from __future__ import annotations

from datetime import time, tzinfo
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, field_validator

if TYPE_CHECKING:
    from cockpit.core.nudges import Thresholds

DAY, WEEK = 24 * 60, 7 * 24 * 60  # in minutes: the longest snooze, the longest threshold


class NudgeSettings(BaseModel):
    """When each nudge comes due (cockpit.core.nudges): `[nudges] break_every_minutes = 90`.
    The defaults follow the practice (../shared/PRACTICE.md)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    idle_minutes: int = Field(
        default=5, ge=1, le=WEEK, description="Nothing in progress this long."
    )
    unacked_task_minutes: int = Field(
        default=3, ge=1, le=WEEK, description="A task not acknowledged this long."
    )
    open_tasks_per_person: int = Field(
        default=1, ge=1, le=50, description="More open tasks than this: too many."
    )
    empty_role_minutes: int = Field(
        default=2, ge=1, le=WEEK, description="No IC or no scribe this long."
    )
    role_away_minutes: int = Field(
        default=0, ge=0, le=WEEK, description="The IC or scribe on a break or gone this long."
    )
    ic_hands_on_minutes: int = Field(
        default=2, ge=1, le=WEEK, description="The IC doing hands-on work this long."
    )
    page_ack_minutes: int = Field(
        default=5, ge=1, le=WEEK, description="A page unanswered this long."
    )
    check_in_minutes: int = Field(
        default=15, ge=1, le=WEEK, description="Nothing recorded this long."
    )
    break_every_minutes: int = Field(
        default=120, ge=1, le=WEEK, description="On duty without a break this long."
    )
    ic_rotation_minutes: int = Field(
        default=180, ge=1, le=WEEK, description="The same IC this long."
    )
    downgrade_after_minutes: int = Field(
        default=240, ge=1, le=WEEK, description="At night, an incident this long."
    )
    night_start: str = Field(default="22:00", description="HH:MM, in the `tz` zone.")
    night_end: str = Field(default="06:00", description="HH:MM; the start's: no night.")
    max_snooze_minutes: int = Field(
        default=240, ge=1, le=DAY, description="How far a snooze reaches."
    )

    @field_validator("night_start", "night_end")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        _hhmm(value)
        return value.strip()

    def thresholds(self, tz: tzinfo) -> Thresholds:
        from datetime import timedelta

        from cockpit.core.nudges import Thresholds

        def m(n: int) -> timedelta:
            return timedelta(minutes=n)

        return Thresholds(
            idle=m(self.idle_minutes), unacked_task=m(self.unacked_task_minutes),
            open_tasks=self.open_tasks_per_person, empty_role=m(self.empty_role_minutes),
            ic_hands_on=m(self.ic_hands_on_minutes), page_ack=m(self.page_ack_minutes),
            check_in=m(self.check_in_minutes), break_every=m(self.break_every_minutes),
            ic_rotation=m(self.ic_rotation_minutes), role_away=m(self.role_away_minutes),
            long_incident=m(self.downgrade_after_minutes), night_start=_hhmm(self.night_start),
            night_end=_hhmm(self.night_end), max_snooze=m(self.max_snooze_minutes), tz=tz,
        )  # fmt: skip


def _hhmm(text: str) -> time:
    """`22:00` as a time of day; a ValueError that says what to write otherwise."""
    hours, _, minutes = text.strip().partition(":")
    try:
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"{text!r} is not a time of day; write it as HH:MM, e.g. 22:00") from None
