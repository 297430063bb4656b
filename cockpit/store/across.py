"""Every incident in the file as the numbers across incidents read it (`cockpit stats`, the
screen's metrics view): only the kinds the metrics and the follow-ups need, so a file of many
notes reads fast."""

from __future__ import annotations

from datetime import datetime

from cockpit.core.cadence import Cadences
from cockpit.core.followups import FOLLOWUP_KINDS, completion, followups
from cockpit.core.metrics import METRIC_KINDS, compute
from cockpit.core.state import IncidentState
from cockpit.core.stats import Figures, peak_severity
from cockpit.store.store import Store


def figures(store: Store, now: datetime, cadences: Cadences | None = None,
            since: datetime | None = None) -> list[Figures]:  # fmt: skip
    """Each declared incident's figures, in INC order; `since`: declared at or after it."""
    states: dict[str, IncidentState] = {}
    for e in store.events_of_kinds((*METRIC_KINDS, *sorted(FOLLOWUP_KINDS))):
        states.setdefault(e.incident, IncidentState(e.incident)).apply(e)
    out = []
    for ref in store.incidents():
        state = states.get(ref.id)
        if state is None or state.declared is None:
            continue
        if since is not None and state.declared.at < since:
            continue
        out.append(Figures(ref.label, state.declared.at, peak_severity(state),
                           compute(state, now, cadences), state.pages.view(),
                           completion(followups(state), now)))  # fmt: skip
    return out
