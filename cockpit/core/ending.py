"""The end of an incident, as events: the resolution criteria checked, a close past loose ends,
and the all-clear that stands the responders down (../shared/PRACTICE.md, "Ending it").

Resolving, closing and reopening stay moves of the phase (`phase_set`, with its `reason`);
what goes with them is recorded beside the move, in kinds of their own, rather than as new
fields of `phase_set`: a cockpit from before these kinds reads a `phase_set` with a field it
does not know as an unknown entry and does not fold it (core/versions.py), so an older
terminal in the same incident would not see it resolved. A new kind leaves the phase change
as every cockpit reads it, and shows itself there as an unknown entry.

- `criteria_checked`: which of the resolution criteria (the `resolution` checklist, or the
  user's file of that name) were met when the incident was resolved, and, resolved before
  the monitoring window ended, how early (the reason is the phase change's own).
- `close_overridden`: closed with loose ends (a mitigation in flight, an open task, a
  recovery item not done): what was open, in words, and why close anyway.
- `stood_down`: the all-clear: the final update posted (`update`, the internal one), each
  role released (their own `role_released` events, noted "stood down", counted here). The
  pace nudges stop asking for an Incident Commander or a scribe (cockpit.core.closing).
"""

from __future__ import annotations

import bisect
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from cockpit.core.body import BodyModel, NonEmpty
from cockpit.core.timefmt import span_words

if TYPE_CHECKING:
    from cockpit.core.events import Event
    from cockpit.core.state import IncidentState

STOOD_DOWN_NOTE = "stood down"  # the note on each role released by the all-clear

Item = Annotated[str, Field(min_length=1, max_length=500)]
Items = Annotated[tuple[Item, ...], Field(max_length=100)]


def _unset(value: object) -> bool:
    return value in ("", (), None, 0)


def _list(items: tuple[str, ...], limit: int = 3) -> str:
    shown = "; ".join(items[:limit])
    return shown + (f"; +{len(items) - limit} more" if len(items) > limit else "")


class CriteriaChecked(BodyModel):
    """The resolution criteria as the incident was resolved: which were met, which not."""

    kind: Literal["criteria_checked"] = "criteria_checked"
    checklist: Annotated[str, Field(min_length=1, max_length=120)] = "resolution"
    met: Items = ()
    unmet: Items = ()
    # Resolved this many seconds before the monitoring window ended (its reason is on the
    # phase change); written only then.
    early_by: Annotated[int, Field(ge=0, le=10**7, exclude_if=_unset)] = 0
    window_minutes: Annotated[int, Field(ge=0, le=10**5, exclude_if=_unset)] = 0
    phase_event: Annotated[str, Field(max_length=64, exclude_if=_unset)] = ""  # the phase_set

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        total = len(self.met) + len(self.unmet)
        out = f"Resolution criteria: {len(self.met)} of {total} met"
        if self.unmet:
            out += f"; not met: {_list(self.unmet)}"
        if self.early_by:
            early = span_words(timedelta(seconds=self.early_by))
            out += (f"; resolved {early} before the {self.window_minutes}-minute monitoring "
                    "window ended")  # fmt: skip
        return out


class CloseOverridden(BodyModel):
    """Closed although something was still open: what, and why close anyway."""

    kind: Literal["close_overridden"] = "close_overridden"
    open: Annotated[tuple[Item, ...], Field(min_length=1, max_length=100)]
    reason: NonEmpty
    phase_event: Annotated[str, Field(max_length=64, exclude_if=_unset)] = ""  # the phase_set

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return f"Closed with {len(self.open)} open ({_list(self.open)}): {self.reason}"


class StoodDown(BodyModel):
    """The all-clear: the final update posted, the responders stood down."""

    kind: Literal["stood_down"] = "stood_down"
    update: Annotated[str, Field(max_length=64, exclude_if=_unset)] = ""  # the final update
    released: Annotated[int, Field(ge=0, le=10**4, exclude_if=_unset)] = 0  # roles released

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        out = "All clear: responders stood down"
        if self.released:
            out += f", {self.released} role{'s' if self.released != 1 else ''} released"
        return out


# ---- the state's part -----------------------------------------------------------------------

ENDING_KINDS = frozenset({"criteria_checked", "close_overridden", "stood_down"})


def _sort_key(e: Event) -> tuple[datetime, str, str]:
    return (e.at, e.hlc, e.id)


class Ending:
    """The ending's events of one incident, each kind in `at` order (a few at most)."""

    def __init__(self) -> None:
        self.criteria: list[Event] = []
        self.overrides: list[Event] = []
        self.stand_downs: list[Event] = []

    def add(self, e: Event) -> None:
        kind = e.body.kind
        into = (self.criteria if kind == "criteria_checked"
                else self.overrides if kind == "close_overridden" else self.stand_downs)  # fmt: skip
        bisect.insort(into, e, key=_sort_key)


def add_ending(state: IncidentState, e: Event) -> None:
    """The reducer's part for ENDING_KINDS."""
    state.ending.add(e)
