"""Where the response stands, as the record says it: the phase and the milestones in words.

Generated text (status updates, the check-in, the handover briefing) used to repeat the
intake's impact in the present tense and the phase alone, long after the milestones said the
impact had ended or the cause was found. These are the words they share instead:

- `impact_state(state)`: is the impact ongoing (since when, where) or over (when), from the
  impact windows of the milestones (cockpit.core.milestones); unknown when none was recorded.
- `impact_words(state, tz)`: the intake's impact followed by that, for responders.
- `milestone_words(state, tz)`: what the milestones say, latest facts with their times.
- `stage_of(state)`: the customer stage the record implies (the IC may still pick another).
- `final(state, stage)`: an update that says no "next update" (the incident is over).

Pure: the time zone comes in; no clock is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import cast

from cockpit.core.impact import Window, impact_windows
from cockpit.core.milestones import DETECTED_HOW_TEXT, ENDED_PHASES, Milestone, MilestoneName
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Phase, Stage


@dataclass(frozen=True)
class ImpactNow:
    """The impact as the milestones have it now."""

    windows: list[Window]
    ongoing: bool  # a window is still open
    since: datetime | None  # ongoing: the earliest open window's start
    started: datetime | None  # the first window's start
    ended: datetime | None  # over: the last window's end
    where: list[str]  # ongoing: the components still affected ("" is the whole service)


def impact_state(state: IncidentState) -> ImpactNow | None:
    """None when no impact was recorded as a milestone (the intake's words are all there is)."""
    windows = impact_windows(state.milestones).windows
    if not windows:
        return None
    open_ = [w for w in windows if w.end is None]
    started = min(w.start for w in windows)
    if open_:
        return ImpactNow(windows, True, min(w.start for w in open_), started, None,
                         [w.component for w in open_])  # fmt: skip
    ended = max(cast(datetime, w.end) for w in windows)
    return ImpactNow(windows, False, None, started, ended, [])


def hm(at: datetime, tz: tzinfo | None) -> str:
    return f"{at.astimezone(tz):%H:%M}"


def impact_status(state: IncidentState, tz: tzinfo | None) -> str:
    """`ongoing since 09:37`, `ongoing since 09:37 for GET, PUT`, `ended 13:54`, or "" when no
    impact milestone says."""
    now = impact_state(state)
    if now is None:
        return ""
    if now.ongoing:
        assert now.since is not None
        parts = [c for c in now.where if c]
        where = f" for {', '.join(parts)}" if parts and len(parts) == len(now.where) else ""
        return f"ongoing since {hm(now.since, tz)}{where}"
    assert now.ended is not None
    return f"ended {hm(now.ended, tz)}"


def impact_words(state: IncidentState, tz: tzinfo | None, unknown: str = "") -> str:
    """The intake's impact and what the milestones say of it: `S3 returns 5xx (ended 13:54)`,
    or `ended 13:54` when the intake said nothing (`unknown` when nothing says)."""
    said = state.field("impact").strip()
    status = impact_status(state, tz)
    if not said:
        return status or unknown
    return f"{said} ({status})" if status else said


def _scope(m: Milestone) -> str:
    parts = [x for x in (m.component.strip(), m.level or "") if x]
    return f" ({', '.join(parts)})" if parts else ""


def milestone_words(state: IncidentState, tz: tzinfo | None) -> str:
    """What the milestones say, each with its time: impact per component (start–end or
    ongoing), detected, the latest cause identified and mitigated. "" when there are none."""
    out = []
    for w in impact_windows(state.milestones).windows:
        where = ", ".join(x for x in (w.component, w.level or "") if x)
        where = f" ({where})" if where else ""
        span = (
            f"{hm(w.start, tz)}–{hm(w.end, tz)}" if w.end else f"since {hm(w.start, tz)}, ongoing"
        )
        out.append(f"impact{where} {span}")
    life = state.lifecycle
    detected = life.first(MilestoneName.DETECTED)
    if detected is not None:
        b = cast(Milestone, detected.body)
        how = f" by {DETECTED_HOW_TEXT[b.how]}" if b.how is not None else ""
        out.append(f"detected {hm(detected.at, tz)}{how}")
    for name, words in ((MilestoneName.CAUSE_IDENTIFIED, "cause identified"),
                        (MilestoneName.MITIGATED, "mitigated")):  # fmt: skip
        e = life.last(name)
        if e is not None:
            out.append(f"{words} {hm(e.at, tz)}{_scope(cast(Milestone, e.body))}")
    return "; ".join(out)


def _mitigated_now(state: IncidentState, now: ImpactNow | None) -> bool:
    """A `mitigated` counts unless impact started again after it."""
    e = state.lifecycle.last(MilestoneName.MITIGATED)
    if e is None:
        return False
    return now is None or not any(w.end is None and w.start > e.at for w in now.windows)


def stage_of(state: IncidentState) -> Stage:
    """The customer stage the record implies: resolved or closed → resolved; monitoring, a
    mitigation that holds or the impact over → monitoring; the cause identified or mitigating →
    identified; else investigating."""
    phase = state.phase
    if phase in ENDED_PHASES:
        return Stage.RESOLVED
    now = impact_state(state)
    if phase is Phase.MONITORING or _mitigated_now(state, now) or (now and not now.ongoing):
        return Stage.MONITORING
    if phase is Phase.MITIGATING or state.lifecycle.last(MilestoneName.CAUSE_IDENTIFIED):
        return Stage.IDENTIFIED
    return Stage.INVESTIGATING


def final(state: IncidentState, stage: Stage | None = None) -> bool:
    """No next update is due after this one: the incident is resolved or closed, or a customer
    update says it is resolved."""
    return state.phase in ENDED_PHASES or stage is Stage.RESOLVED
