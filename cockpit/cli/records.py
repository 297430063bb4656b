"""The record as data, for scripts: each timeline entry's structured fields (`timeline
--json`), and the incident's timed histories (`show --json`).

A script should not have to parse "Severity SEV1 (P0): all regions" back into its parts: each
entry carries what its event says (severity, phase, role, person, outcome, the mitigation's
id, audience, milestone, component, level, the word as typed...). A redacted entry keeps its
structured fields but none of its free text: a secret pasted into a reason is hidden too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from cockpit.core import events as ev
from cockpit.core.milestones import Milestone, resolution

if TYPE_CHECKING:  # output.py imports this module, and cli.main imports output: kept light
    from cockpit.core.state import IncidentState
    from cockpit.core.timeline import Timeline

# Body fields that hold what someone typed: left out of a redacted entry's record.
FREE_TEXT = frozenset({"text", "reason", "note", "what", "task", "title", "summary", "impact",
                       "started", "changes", "notify", "value", "link", "override"})  # fmt: skip
RENAMED = {"name": "milestone"}  # a milestone's name reads as what it is
ENVELOPE = frozenset({"id", "short", "kind", "at", "recorded_at", "author", "recorded_by",
                      "edited", "redacted", "original_text", "at_offset", "unknown", "body"})  # fmt: skip


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def structured(e: ev.Event, *, redacted: bool = False) -> dict[str, Any]:
    """The fields of an event's body, for one timeline entry (not `text`, which the entry
    has as it reads now, edits applied). Plain entries and unknown events add nothing."""
    if e.plain or e.unknown:
        return {}
    data = e.body.model_dump(mode="json", by_alias=True)
    data.pop("kind", None)
    data.pop("text", None)
    out: dict[str, Any] = {}
    for name, value in data.items():
        if redacted and name in FREE_TEXT:
            continue
        if value is None or value == "":
            continue
        key = RENAMED.get(name, name)
        out[key if key not in ENVELOPE else f"body_{key}"] = value
    if e.kind == "mitigation_started":
        out["mitigation"] = e.id  # a start is its mitigation: outcomes name this id
    return out


def history_json(state: IncidentState, timeline: Timeline) -> dict[str, Any]:
    """The timed histories of `show --json`: the declaration, the phase and severity
    histories, every mitigation, update, milestone and page. Texts as they read now (edits
    applied); a redacted one is null, marked `redacted`."""

    def text(event_id: str, raw: str) -> tuple[str | None, bool]:
        row = timeline.by_id.get(event_id)
        if row is None:
            return raw, False
        if row.redacted:
            return None, True
        return (row.edits.winner.value if row.edited and row.edits and row.edits.winner
                else raw), False  # fmt: skip

    d = state.declared
    declared_body = cast(ev.IncidentDeclared, d.body) if d is not None else None
    end, reopened = resolution(state.phase_history)
    updates = []
    for e in state.updates:
        b = cast(ev.StatusUpdate, e.body)
        said, hidden = text(e.id, b.text)
        updates.append({"id": e.id, "at": _iso(e.at), "author": e.author,
                        "audience": b.audience, "text": said, "redacted": hidden,
                        "next_in_minutes": b.next_in_minutes})  # fmt: skip
    mitigations = []
    for m in state.all_mitigations():
        said, hidden = text(m.id, m.what)
        mitigations.append({"id": m.id, "what": said, "redacted": hidden, "by": m.by,
                            "started_at": _iso(m.started_at), "override": m.override or None,
                            "outcome": m.outcome.value if m.outcome else None,
                            "outcome_at": _iso(m.outcome_at)})  # fmt: skip
    milestones = []
    for e in state.lifecycle.all_milestones:
        mb = cast(Milestone, e.body)
        said, hidden = text(e.id, mb.text)
        milestones.append({"id": e.id, "milestone": mb.name.value, "at": _iso(e.at),
                           "author": e.author, "component": mb.component or None,
                           "level": mb.level.value if mb.level else None,
                           "how": mb.how.value if mb.how else None, "text": said or None,
                           "redacted": hidden, "corrects": mb.corrects or None,
                           "counts": not state.lifecycle.corrected(e.id)})  # fmt: skip
    return {
        "declared_at": _iso(d.at) if d else None,
        "declared_by": d.author if d else None,
        "declared_severity": declared_body.severity.value
        if declared_body and declared_body.severity else None,
        "phase_history": [{"phase": s.phase.value, "at": _iso(s.at), "author": s.author,
                           "reason": text(s.event_id, s.reason)[0], "id": s.event_id,
                           "kind": s.kind} for s in state.phase_history],
        "resolved_at": _iso(end.at) if end and reopened is None else None,
        "reopened_at": _iso(reopened.at) if reopened else None,
        "mitigations": mitigations,
        "updates": updates,
        "milestones": milestones,
        "pages": [{"person": p.person, "page": p.page_id, "paged_at": _iso(p.paged_at),
                   "via": p.via or None, "acknowledged_at": _iso(p.acknowledged_at),
                   "acknowledgement": p.ack_id}
                  for p in state.pages.view()],
        "ending": _ending(state),
    }  # fmt: skip


def _ending(state: Any) -> dict[str, Any]:
    """The end (core/ending.py): the criteria checked at each resolution, each close past
    loose ends, and the all-clear in force (None when there is none, or it was reopened)."""
    from cockpit.core.closing import stood_down

    e = state.ending
    down = stood_down(state)
    return {
        "criteria": [{"id": x.id, "at": _iso(x.at), "met": list(x.body.met),
                      "unmet": list(x.body.unmet), "early_by": x.body.early_by or None,
                      "phase_event": x.body.phase_event or None} for x in e.criteria],
        "overrides": [{"id": x.id, "at": _iso(x.at), "redacted": x.id in state.redacted,
                       "open": None if x.id in state.redacted else list(x.body.open),
                       "reason": None if x.id in state.redacted else x.body.reason,
                       "phase_event": x.body.phase_event or None} for x in e.overrides],
        "stood_down_at": _iso(down.at) if down is not None else None,
    }  # fmt: skip
