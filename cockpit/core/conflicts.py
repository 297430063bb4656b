"""Conflicts people can see and settle: two writes to the same shared state that did not see
each other (see registers.py). Each standing value is shown with who set it; settling one
is a new event that sets the register to the chosen value and names every standing write
as seen (`prev`), which ends the conflict everywhere it syncs to."""

from __future__ import annotations

from typing import Any

from cockpit.core.questions import QuestionAsked, QuestionSettled
from cockpit.core.state import Conflict, IncidentState
from cockpit.core.vocabulary import ROLE_TITLES, Role


def what(register: tuple[str, ...], state: IncidentState | None = None) -> str:
    """What the register is, for people: "severity", "the IC", "checklist intake: ..."."""
    head, *rest = register
    match head, rest:
        case (("severity" | "phase"), []):
            return head
        case "role", [role]:
            return ROLE_TITLES[Role(role)]
        case "role", [role, person]:
            return f"{person} as {ROLE_TITLES[Role(role)]}"
        case "check", [checklist, item]:
            return f"checklist {checklist}: {item}"
        case "field", [name]:
            return f"the incident's {name}"
        case "mitigation", [mid]:
            m = state.mitigation(mid) if state else None
            return f"the outcome of {m.what!r}" if m else "a mitigation's outcome"
        case "task", [tid]:
            t = state.task(tid) if state else None
            return f"the task {t.text!r}" if t else "a task's status"
        case "followup", [fid]:
            f = state.followups.get(fid) if state else None
            return f"the follow-up {f.text!r}" if f else "a follow-up's status"
        case "edit", _:
            return "an entry's text"
        case "pin", _:
            return "an entry's pin"
        case "resolution", _:
            return "how a hypothesis or question was settled"
        case "question", [qid]:
            asked = state.questions.get(qid) if state else None
            if asked is not None and isinstance(asked.body, QuestionAsked):
                return f"the reply to {asked.body.asker}: {asked.body.text!r}"
            return "the reply to a stakeholder's question"
    return " ".join(register)


def show(register: tuple[str, ...], value: Any) -> str:
    """A standing value, for people."""
    head = register[0]
    if value is None:
        return "nobody" if head == "role" else "(none)"
    if isinstance(value, QuestionSettled):
        return value.shown()
    if isinstance(value, bool):
        if head == "check":
            return "checked" if value else "unchecked"
        if head == "pin":
            return "pinned" if value else "not pinned"
        return "held" if value else "released"
    return str(getattr(value, "value", value)).replace("_", " ")


def keep(register: tuple[str, ...], value: Any) -> dict[str, Any]:
    """The event body that sets `register` to `value` (written with `prev` = every head)."""
    head, *rest = register
    v = getattr(value, "value", value)
    match head, rest:
        case "severity", []:
            return {"kind": "severity_set", "severity": v, "reason": "settled a conflict"}
        case "phase", []:
            return {"kind": "phase_set", "phase": v, "reason": "settled a conflict"}
        case "role", [role]:
            if v is None:
                raise ValueError("to leave the role empty, release it (x)")
            return {
                "kind": "role_assigned",
                "role": role,
                "person": v,
                "note": "settled a conflict",
            }
        case "role", [role, person]:
            kind = "role_assigned" if v else "role_released"
            return {"kind": kind, "role": role, "person": person, "note": "settled a conflict"}
        case "check", [checklist, item]:
            return {"kind": "checklist_item", "checklist": checklist, "item": item, "checked": v}
        case "field", [name]:
            return {"kind": "field_set", "field": name, "value": v}
        case "mitigation", [mid]:
            return {"kind": "mitigation_outcome", "mitigation": mid, "outcome": v}
        case "task", [tid]:
            return {"kind": "task_status", "target": tid, "status": v}
        case "followup", [fid]:
            return {"kind": "followup_set", "target": fid, "status": v,
                    "note": "settled a conflict"}  # fmt: skip
        case "edit", [target]:
            return {"kind": "entry_edited", "target": target, "text": v}
        case "pin", [target]:
            return {"kind": "entry_pinned", "target": target, "pinned": v}
        case "resolution", [target]:
            return {"kind": "entry_resolved", "target": target, "resolution": v}
        case "question", [_] if isinstance(value, QuestionSettled):
            return value.model_dump(mode="json")
    raise ValueError(f"cannot settle {register}")


def summary(conflict: Conflict, state: IncidentState | None = None) -> str:
    """One line: "severity: SEV1 (ann) or SEV2 (bob)"."""
    values = " or ".join(
        f"{show(conflict.register, w.value)} ({w.author})" for w in conflict.writes
    )
    return f"{what(conflict.register, state)}: {values}"
