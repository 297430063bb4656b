"""What every event body is: the base model and the field types they share.

A body says what happened (`kind`). Bodies that set shared state name a *register* and give
it a value; the reducer settles each register last-writer-wins. The bodies of the first
release are in `cockpit.core.events`; later kinds live in modules named for their subject
(milestones, follow-ups, communications, pace...) and are listed once in `events.Body`, with
their rows in `cockpit.core.kinds`.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from cockpit.core.limits import MAX_NAME
from cockpit.core.limits import MAX_TEXT as MAX_TEXT  # re-exported: callers read it from here

Register = tuple[str, ...]

NonEmpty = Annotated[str, Field(min_length=1, max_length=MAX_TEXT, pattern=r"\S")]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
# The word as typed, when it was one of the team's aliases for the value beside it (`P0` for
# SEV1: cockpit.core.aliases); written only then, so older readers keep reading the rest.
Alias = Annotated[str, Field(max_length=200, exclude_if=lambda v: not v)]


def said(alias: str) -> str:
    """The word as typed, after the value it stands for: `SEV1 (P0)`."""
    return f" ({alias})" if alias else ""


class BodyModel(BaseModel):
    # defer_build: each kind's validator is built when first used, not when this module is
    # imported (~40 ms of every start for ~50 kinds); the screen builds them all after its
    # first frame (core.events.warm), so the first entry typed does not wait for them.
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid", use_enum_values=False)

    def register(self) -> Register | None:
        """The piece of shared state this event sets, or None if it only adds."""
        return None

    def value(self) -> Any:
        """The value this event gives its register."""
        return None

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        """One line (or more, for evidence) that the timeline shows; `about`, for an event
        about another entry (a pin, a resolution...), names that entry; `tz`, the reader's
        zone: a time inside the text (a task's due time, a break's end) reads in it, through
        `cockpit.core.timefmt.clock`, as every other time on the screen and in the exports.
        The zone is given, never defaulted: the log holds instants, a text is made per reader."""
        return ""
