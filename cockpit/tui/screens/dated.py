"""Forms that backdate: a form whose text says what was done (a mitigation started, its
outcome) reads a leading time in it as the entry bar does (`10:26 restarted the index`,
`-5m ...`: cockpit.core.entry_input.leading_time), and saves the event at that time.

A form's `handle` returns a `Dated` body for that; the screen saves it at its time and, once
saved, says where it went (`confirm_placement`), the same as for the bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from cockpit.core.entry_input import leading_time
from cockpit.core.timeparse import BadTime
from cockpit.tui.screens.form import FieldProblem

BACKDATE = "a leading 14:02 or -5m backdates it"  # said in each form that reads one


@dataclass(frozen=True, slots=True)
class Dated:
    """An event body and when it happened (None: now)."""

    body: dict[str, Any]
    at: datetime | None = None
    at_offset: int | None = None  # the UTC offset of the wall clock the time was typed on


def read_dated(field: str, text: str, now: datetime,
               tz: tzinfo) -> tuple[str, datetime | None, int | None]:  # fmt: skip
    """The text without its leading time, the time (None: none typed) and its offset. A time
    that cannot be read is a FieldProblem on `field`: the form comes back, as typed, saying
    what to type instead."""
    try:
        return leading_time(text, now, tz)
    except BadTime as exc:
        raise FieldProblem(field, str(exc)) from None
