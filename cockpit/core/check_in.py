"""The check-in cycle, in words (PRACTICE.md, "Regular check-ins"): during a lull, restate
the impact, the actions in progress and when each is expected to finish. The screen offers
this text prefilled (`C`), to be edited and posted as a note."""

from __future__ import annotations

from datetime import datetime, tzinfo

from cockpit.core import nudges, progress
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import TaskStatus


def check_in_text(state: IncidentState, tz: tzinfo, next_update: datetime | None = None) -> str:
    """`Check-in. Impact: ... In progress: failover (bob, since 14:02, no expected time);
    DB pool (priya, due 14:30). Next update 14:45.`"""

    def hm(when: datetime) -> str:
        return when.astimezone(tz).strftime("%H:%M")

    impact = progress.impact_words(state, tz, "not stated yet")  # ended, or ongoing since
    doing = [f"{m.what} ({m.by}, since {hm(m.started_at)}, no expected time)"
             for m in state.mitigations_in_flight()]  # fmt: skip
    for t in state.open_tasks():
        report = nudges.report_due(state, t)
        when = (f"due {hm(t.due)}" if t.due else f"report by {hm(report)}" if report
                else "no expected time")  # fmt: skip
        waiting = ", not acknowledged" if t.status is TaskStatus.DELEGATED else ""
        doing.append(f"{t.text} ({t.owner}{waiting}, {when})")
    text = f"Check-in. Impact: {impact}. In progress: {'; '.join(doing) or 'nothing'}."
    if next_update is not None:
        text += f" Next update {hm(next_update)}."
    return text
