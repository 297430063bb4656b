"""Which orders of the incident's facts cannot be: refused when they are recorded.

A few facts of the shape answer or end another one, and so come after it: an acknowledgement
answers a page; an impact end ends an impact start of its component (any, for an end of the
whole service). Recorded before the fact it answers or ends, such a fact is a slip (a wrong
`--at`, the page's own time typed wrongly): the CLI and the screen's milestone picker refuse
it with one line that says which times disagree and what to give instead; nothing is saved.

Other orders are unusual but real (PRACTICE.md), and stay allowed: detection before the
impact started (an alert on a leading signal), mitigated before detected (automation reduced
the impact before anyone noticed, or the detection was recorded late, from memory), declared
before detected (declared on suspicion), the cause found before detection. Their metrics have
no duration then: `cockpit.core.metrics` gives None with the reason, never a negative number.

Events already in the log (synced from another terminal, imported) are not judged here: they
fold as they are, and the metrics and `impact.Shape.notes` say what does not fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, cast

from cockpit.core.impact import impact_windows
from cockpit.core.milestones import Milestone, MilestoneName

if TYPE_CHECKING:
    from cockpit.core.events import Event
    from cockpit.core.pages import Pages


def clock_text(at: datetime, tz: tzinfo, beside: datetime | None = None) -> str:
    """`04:12` (`04:12:30` when it has seconds), with its date when not on `beside`'s date."""
    local = at.astimezone(tz)
    shown = f"{local:%H:%M:%S}" if local.second else f"{local:%H:%M}"
    if beside is not None and beside.astimezone(tz).date() != local.date():
        shown = f"{local:%Y-%m-%d} {shown}"
    return shown


def ack_problem(pages: Pages, person: str, at: datetime, tz: tzinfo) -> str | None:
    """Why an acknowledgement by `person` at `at` cannot be (None: it can): the page it would
    answer (`Pages.unanswered_page`) was sent after it."""
    page = pages.unanswered_page(person, at)
    if page is None or page.at <= at:
        return None
    sent, answered = clock_text(page.at, tz, at), clock_text(at, tz, page.at)
    return (f"{person}'s page was sent at {sent}, so an answer at {answered} would come before "
            f"it; give the time they answered ({sent} or later)")  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Draft:
    """The milestone about to be recorded, as the impact windows read an event."""

    body: Milestone
    at: datetime
    id: str = "(new)"
    hlc: str = "\uffff"  # after every stored event at the same instant, as it will be


def milestone_problem(milestones: list[Event], new: Milestone, at: datetime,
                      tz: tzinfo) -> str | None:  # fmt: skip
    """Why recording `new` at `at` beside the milestones that count (`Lifecycle.milestones`)
    cannot be (None: it can): an impact end before the start it would end, or a correction
    that moves a start after the end that ended it."""
    if new.name not in (MilestoneName.IMPACT_STARTED, MilestoneName.IMPACT_ENDED):
        return None
    draft = cast("Event", _Draft(new, at))
    before = impact_windows(milestones)
    ending = {w.ended_by for w in before.windows if w.ended_by}
    kept = [e for e in milestones if e.id != new.corrects]
    after = impact_windows(sorted([*kept, draft], key=lambda e: (e.at, e.hlc, e.id)))
    for end, start in after.misordered:
        if end is not draft and end.id not in ending:
            continue  # it ended nothing before either: not this milestone's doing
        what = new.component.strip() or "the whole service"
        if end is draft:
            began = clock_text(start.at, tz, at)
            return (f"impact on {what} started at {began}, so an end at "
                    f"{clock_text(at, tz, start.at)} would come before the start it ends; give "
                    f"the time impact ended ({began} or later), or correct that start")  # fmt: skip
        ended = clock_text(end.at, tz, at)
        return (f"impact on {what} was recorded as ended at {ended}, so a start at "
                f"{clock_text(at, tz, end.at)} would come after its end; give a start before "
                f"{ended}, or correct that end first")  # fmt: skip
    return None
