"""The state as plain data, every derived view of it: two folds are equal when their
snapshots are (the property tests fold the same events in any order and compare)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cockpit.core import events as ev
from cockpit.core.vocabulary import Role

if TYPE_CHECKING:
    from cockpit.core.state import IncidentState


def snapshot(s: IncidentState) -> dict[str, Any]:
    """Every derived view of `s` as plain data: equal snapshots mean equal states (the
    property tests compare folds in any order this way)."""
    return {
        "incident": s.incident_id,
        "declared": s.declared.id if s.declared else None,
        "fields": {f: s.field(f) for f in ev.INCIDENT_FIELDS},
        "severity": s.severity,
        "severity_history": [e.id for e in s.severity_history],
        "phase": s.phase,
        "roles": {r.value: s.holders(r) for r in Role},
        "mitigations": s.all_mitigations(),
        "tasks": s.all_tasks(),
        "checks": sorted(k for k, r in s.registers.items() if k[0] == "check" and r.value),
        "updates": [e.id for e in s.updates],
        "open_questions": [e.id for e in s.open_questions()],
        "asked": sorted(s.questions),
        "pinned": sorted(s.pinned()),
        "followups": sorted(s.followups),
        "conflicts": [(c.register, [w.id for w in c.writes]) for c in s.conflicts()],
        "heads": {k: r.heads() for k, r in sorted(s.registers.items())},
        "people": dict(sorted(s.people.items())),
        "on_call": dict(sorted(s.on_call.items())),
        "pace": s.pace.snapshot(),
        "count": len(s.ids),
        "last_progress_at": s.last_progress_at,
        "milestones": [e.id for e in s.milestones],
        "phase_history": [s.event_id for s in s.phase_history],
        "pages": s.pages.view(),
        "ending": [
            [e.id for e in x] for x in (s.ending.criteria, s.ending.overrides, s.ending.stand_downs)
        ],
    }
