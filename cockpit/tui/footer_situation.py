"""Which keys the footer offers now: the ones the moment needs, beside the usual few.

The footer has room for about ten keys. Most are always there (note, decision, severity...);
others matter only at some moments, and then they must be in sight: a task nobody has
acknowledged yet asks for `k`, nothing in flight for `m` (one in flight: `o`, and `m` makes
way), an update due soon or overdue for `u`, a quiet spell for `t`, a phase that looks
behind what happened for `p`, a stakeholder's question waiting on the IC for `Q`. Keyed by
binding id, so a user's remap shows its own key.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cockpit.core import inbox, rules
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Outcome, Phase, TaskStatus

UPDATE_SOON = timedelta(minutes=5)  # the update key shows this long before it is due


def footer_wants(state: IncidentState, clock: rules.UpdateClock, now: datetime,
                 other_incidents: bool = False) -> dict[str, bool]:  # fmt: skip
    """Binding id -> show it (True) or keep it out of the way (False); ids not named keep
    their usual place (`Action.show`)."""
    flying = state.mitigations_in_flight()
    done = [m for m in state.all_mitigations() if m.outcome is not None]
    waiting = any(t.status is TaskStatus.DELEGATED for t in state.open_tasks())
    due = clock.remaining(now)
    phase = state.phase
    worked = bool(done) and done[-1].outcome in (Outcome.WORKED, Outcome.PARTLY)
    behind = (
        phase in (Phase.DECLARED, Phase.MONITORING)
        or (phase is Phase.INVESTIGATING and bool(flying))
        or (phase is Phase.MITIGATING and not flying and worked)
    )
    return {
        "mitigate": not flying,
        "outcome": bool(flying),
        "ack": waiting,
        "update": due is not None and due <= UPDATE_SOON,
        "delegate": not flying and not state.open_tasks(),
        "phase": behind and phase not in rules.CLOSED_PHASES,
        "switch": other_incidents,
        "inbox": inbox.unanswered_count(state) > 0,  # a stakeholder waits on the IC
    }
