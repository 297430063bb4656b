"""The rules of the end of an incident (../shared/PRACTICE.md, "Ending it"), pure functions of
the state and a time, shared by the screen and the CLI.

- The monitoring window: after the last `mitigated` milestone (impact may have come back and
  been reduced again), watch a while before calling it resolved: 15 minutes by default, per
  severity from `[closing] monitor_minutes`. It counts on screen while the incident is open.
  Resolving (or closing straight from an open phase) before it ends needs a reason, recorded
  on the phase change. With nothing recorded as mitigated there is no window.
- The resolution criteria: the `resolution` checklist (a user's file of that name replaces
  it); resolving records which were met (`criteria_checked`, core/ending.py). Ticks on that
  checklist while monitoring (it is the monitoring phase's) count as met unless said.
- Loose ends: closing with a mitigation in flight, an open task or a recovery item not done
  (ticked, or shown done by the record) needs an override, recorded with what was open.
- The all-clear stands the team down: each role released ("stood down") and a `stood_down`
  event. From then until the incident is reopened, no role counts as empty.
- Reopening moves the phase back to an open one (investigating unless said) with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from cockpit.core import checklists
from cockpit.core.checklists import Checklist
from cockpit.core.ending import STOOD_DOWN_NOTE
from cockpit.core.milestones import ENDED_PHASES, MilestoneName, resolution
from cockpit.core.vocabulary import Phase, Role, Severity, TaskStatus

if TYPE_CHECKING:
    from cockpit.core.events import Event
    from cockpit.core.state import IncidentState

DEFAULT_MONITOR_MINUTES = 15  # PRACTICE.md: "usually about 15 minutes"
OPEN_PHASES = tuple(p for p in Phase if p not in ENDED_PHASES)
REOPEN_TO = Phase.INVESTIGATING  # impact came back: find out why, again


@dataclass(frozen=True)
class MonitorPolicy:
    """How long to watch after the fix, by severity (0: no window)."""

    default: int = DEFAULT_MONITOR_MINUTES
    by_severity: Mapping[Severity, int] = field(default_factory=dict)

    def minutes(self, severity: Severity | None) -> int:
        if severity is not None and severity in self.by_severity:
            return self.by_severity[severity]
        return self.default


DEFAULT_POLICY = MonitorPolicy()


@dataclass(frozen=True, slots=True)
class MonitorWindow:
    start: datetime  # the last `mitigated` milestone's time
    minutes: int
    mitigated: str  # that milestone's id

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    def left(self, now: datetime) -> timedelta:
        """How long until it ends (zero once it has)."""
        return max(timedelta(0), self.end - now)

    def running(self, now: datetime) -> bool:
        return now < self.end


def monitor_window(
    state: IncidentState, policy: MonitorPolicy = DEFAULT_POLICY
) -> MonitorWindow | None:
    """The window after the last `mitigated`, at the severity in force; None with nothing
    mitigated or no window for that severity."""
    last = state.lifecycle.last(MilestoneName.MITIGATED)
    minutes = policy.minutes(state.severity)
    if last is None or minutes <= 0:
        return None
    return MonitorWindow(last.at, minutes, last.id)


def counting(state: IncidentState, now: datetime,
             policy: MonitorPolicy = DEFAULT_POLICY) -> MonitorWindow | None:  # fmt: skip
    """The window to count down on screen now: running, and the incident still open."""
    if state.phase in ENDED_PHASES:
        return None
    w = monitor_window(state, policy)
    return w if w is not None and w.running(now) else None


# ---- moving the phase -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LooseEnd:
    what: str  # mitigation, task, recovery
    text: str  # one line, for a person (people's words in it: show it safe)
    ref: str  # the mitigation's or task's id, or the recovery item


@dataclass(frozen=True, slots=True)
class Move:
    """What a move of the phase to `to` at `at` asks for before it is recorded."""

    to: Phase
    resolving: bool  # from an open phase to resolved or closed: the incident ends here
    closing: bool  # to closed from another phase
    window: MonitorWindow | None  # the monitoring window, when resolving
    early: timedelta | None  # resolving this long before the window ends: a reason, please
    loose: tuple[LooseEnd, ...]  # closing with these open: an override, please
    criteria: Checklist  # the resolution criteria, when resolving


def check_move(state: IncidentState, to: Phase, at: datetime, *,
               policy: MonitorPolicy = DEFAULT_POLICY,
               own: tuple[Checklist, ...] = ()) -> Move:  # fmt: skip
    """What moving the phase to `to` at `at` asks for (`own`: the user's checklists, which may
    replace the resolution criteria and the recovery checklist)."""
    now = state.phase
    resolving = to in ENDED_PHASES and now not in ENDED_PHASES
    closing = to is Phase.CLOSED and now is not Phase.CLOSED
    window = monitor_window(state, policy) if resolving else None
    early = window.end - at if window is not None and at < window.end else None
    loose = tuple(loose_ends(state, checklists.named("recovery", own))) if closing else ()
    return Move(to, resolving, closing, window, early, loose, checklists.named("resolution", own))


def loose_ends(state: IncidentState, recovery: Checklist) -> list[LooseEnd]:
    """What is still open: mitigations in flight, open tasks, recovery items not done."""
    out = [LooseEnd("mitigation", f"mitigation in flight: {m.what} (by {m.by})", m.id)
           for m in state.mitigations_in_flight()]  # fmt: skip
    for t in state.open_tasks():
        status = "not acknowledged" if t.status is TaskStatus.DELEGATED else t.status.value
        out.append(LooseEnd("task", f"open task: {t.owner}: {t.text} ({status})", t.id))
    out += [LooseEnd("recovery", f"recovery not done: {item}", item) for item in recovery.items
            if not checklists.done(state, recovery, item)]  # fmt: skip
    return out


def loose_words(loose: tuple[LooseEnd, ...] | list[LooseEnd]) -> str:
    """The loose ends in one line, the recovery items together."""
    parts = [x.text for x in loose if x.what != "recovery"]
    recovery = [x.ref for x in loose if x.what == "recovery"]
    if recovery:
        parts.append("recovery not done: " + ", ".join(recovery))
    return "; ".join(parts)


def ticked_criteria(state: IncidentState, criteria: Checklist) -> tuple[str, ...]:
    """The criteria already ticked (or shown done by the record): met unless said otherwise."""
    return tuple(i for i in criteria.items if checklists.done(state, criteria, i))


def parse_met(text: str, criteria: Checklist) -> tuple[str, ...]:
    """`all`, `none`, or numbers and names separated by commas (`1,3`, `restored`): the
    criteria met, in the checklist's order; a ValueError names what it does not know."""
    words = [w.strip() for w in text.split(",") if w.strip()]
    lowered = [w.lower() for w in words]
    if lowered == ["all"]:
        return criteria.items
    if lowered in (["none"], []):
        return ()
    chosen: set[str] = set()
    for word in words:
        if word.isdigit() and 1 <= int(word) <= len(criteria.items):
            chosen.add(criteria.items[int(word) - 1])
            continue
        found = [i for i in criteria.items if word.lower() in i.lower()]
        if len(found) != 1:
            why = "matches several" if found else "matches none"
            known = "; ".join(f"{n}={i}" for n, i in enumerate(criteria.items, 1))
            raise ValueError(f"criterion {word!r} {why}; use all, none, or numbers: {known}")
        chosen.add(found[0])
    return tuple(i for i in criteria.items if i in chosen)


def criteria_body(move: Move, met: tuple[str, ...], phase_event: str = "") -> dict[str, Any]:
    """The `criteria_checked` body for a resolving move."""
    items = move.criteria.items
    body: dict[str, Any] = {"kind": "criteria_checked", "checklist": move.criteria.name,
                            "met": [i for i in items if i in met],
                            "unmet": [i for i in items if i not in met]}  # fmt: skip
    if move.early is not None and move.window is not None:
        body["early_by"] = max(1, int(move.early.total_seconds()))
        body["window_minutes"] = move.window.minutes
    if phase_event:
        body["phase_event"] = phase_event
    return body


def override_body(move: Move, reason: str, phase_event: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {"kind": "close_overridden", "open": [x.text[:500] for x in move.loose],
                            "reason": reason}  # fmt: skip
    if phase_event:
        body["phase_event"] = phase_event
    return body


# ---- standing down and reopening -------------------------------------------------------------


def reopened_at(state: IncidentState) -> datetime | None:
    """When the incident was last reopened after its last resolution (None if it was not, or
    is ended again)."""
    _end, reopened = resolution(state.phase_history)
    return reopened.at if reopened is not None else None


def last_reopening(state: IncidentState) -> datetime | None:
    """When the incident was last reopened (a move from resolved or closed to an open phase),
    even if it ended again since."""
    last, was_ended = None, False
    for step in state.phase_history:
        ended = step.phase in ENDED_PHASES
        if was_ended and not ended:
            last = step.at
        was_ended = ended
    return last


def stood_down(state: IncidentState) -> Event | None:
    """The all-clear in force: the latest, unless the incident was reopened after it (the
    team was called back; a later all-clear stands it down again)."""
    downs = state.ending.stand_downs
    if not downs:
        return None
    last = downs[-1]
    again = last_reopening(state)
    return None if again is not None and again >= last.at else last


def holders_to_release(state: IncidentState) -> list[tuple[Role, str]]:
    """Every role held now and by whom, in the role board's order."""
    return [(h.role, h.person) for role in Role for h in state.holders(role)]


def stand_down_bodies(state: IncidentState, update: str = "") -> list[dict[str, Any]]:
    """The all-clear's events: each role released ("stood down"), then the stand-down."""
    held = holders_to_release(state)
    out: list[dict[str, Any]] = [
        {"kind": "role_released", "role": role.value, "person": person, "note": STOOD_DOWN_NOTE}
        for role, person in held
    ]
    down: dict[str, Any] = {"kind": "stood_down", "released": len(held)}
    if update:
        down["update"] = update
    return out + [down]


def all_clear_refusal(state: IncidentState) -> str | None:
    """Why the all-clear cannot be given now (one line), or None."""
    if state.phase not in ENDED_PHASES:
        return (f"the incident is {state.phase.value}: resolve it first (the all-clear comes "
                "after the resolution criteria are met)")  # fmt: skip
    if stood_down(state) is not None:
        return "the responders are already stood down (reopening the incident calls them back)"
    return None


def reopen_choices(state: IncidentState) -> list[Phase]:
    """The phases a reopen may go back to, the default (investigating) first, then the one
    before the resolution if it was another."""
    before = previous_open_phase(state)
    rest = [p for p in OPEN_PHASES if p not in (REOPEN_TO, Phase.DECLARED)]
    if before in rest:
        rest.remove(before)
        rest.insert(0, before)
    return [REOPEN_TO, *rest]


def previous_open_phase(state: IncidentState) -> Phase | None:
    """The phase the incident was in just before its last resolution."""
    history = state.phase_history
    end, _ = resolution(history)
    if end is None:
        return None
    i = [s.event_id for s in history].index(end.event_id)
    return history[i - 1].phase if i > 0 else None
