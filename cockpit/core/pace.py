"""The pace issue's kinds: people leaving the call and taking breaks, and nudges snoozed.

Who joined (`person_joined`) and who was paged (`person_paged`) are the first release's kinds
(`cockpit.core.events`). These add what the roster and the nudges need besides:

- `break_taken`: a person steps away, from the event's `at` until `until` (or for `minutes`);
  with neither, a short break taken at `at`. Time on duty since the last break counts from its
  end. Written only with the fields set, so each reads as typed.
- `person_left`: a person left the call; they are off the roster until they join again.
- `nudge_snoozed`: a nudge (`cockpit.core.nudges`, by its id) is quiet until `until`, for a
  reason everyone sees: an event, so every terminal stops showing it, and never for good (the
  core caps `until`). The latest snooze of a nudge wins, so snoozing until now brings it back.
  `what` says in words what was snoozed (`dev has not acknowledged: Check DB pool`): the id
  names a task by its id, which means nothing to a reader (written only when set; a snooze
  without it reads from its id, `cockpit.core.nudge_words`).
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from cockpit.core.body import BodyModel, Name, NonEmpty
from cockpit.core.timefmt import clock

NudgeId = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[a-z_]+(:.+)?$")]
NudgeWhat = Annotated[str, Field(min_length=1, max_length=300)]


class BreakTaken(BodyModel):
    kind: Literal["break_taken"] = "break_taken"
    person: Name
    until: AwareDatetime | None = Field(None, exclude_if=lambda v: v is None)
    minutes: int | None = Field(None, ge=1, le=24 * 60, exclude_if=lambda v: v is None)

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        if self.until is not None:
            return f"{self.person} on a break until {clock(self.until, tz)}"
        if self.minutes is not None:
            return f"{self.person} on a break for {self.minutes} min"
        return f"{self.person} took a break"


class PersonLeft(BodyModel):
    kind: Literal["person_left"] = "person_left"
    person: Name

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return f"{self.person} left the call"


class NudgeSnoozed(BodyModel):
    kind: Literal["nudge_snoozed"] = "nudge_snoozed"
    nudge: NudgeId  # `break_due:priya`, `idle`: see cockpit.core.nudges
    until: AwareDatetime
    reason: NonEmpty
    what: NudgeWhat | None = Field(None, exclude_if=lambda v: v is None)  # the nudge, in words

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        from cockpit.core.nudge_words import from_id  # nudges import this module

        what = self.what or from_id(self.nudge)
        return f'Snoozed "{what}" until {clock(self.until, tz)}: {self.reason}'
