"""Checklists: the built-in ones from the practice, and which one each phase calls for.

User checklists (one per alert or service) are loaded from files outside the core and passed
in as `Checklist` values (`own`); the core only knows their shape. A user's file named for a
built-in one (`resolution.toml`) replaces it: `every`, `named` and `for_phase` give the
user's version wherever the built-in one would be.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Phase, Role


@dataclass(frozen=True, slots=True)
class Checklist:
    name: str  # stable id, used in events
    title: str
    items: tuple[str, ...]
    help: str = ""
    services: tuple[str, ...] = ()  # a runbook's: the catalog services it is for


INTAKE = Checklist(
    "intake",
    "Intake",
    (
        "Customer impact known",
        "Blast radius known",
        "When it started known",
        "What changed recently known",
        "Who else needs to know identified",
    ),
    "Declare early, on suspicion; these answers set the severity.",
)
KICKOFF = Checklist(
    "kickoff",
    "IC kick-off",
    (
        "Severity set",
        "Roles filled (IC, scribe, tech lead, comms)",
        "Incident call and channel announced",
        "First status update posted",
    ),
    "The IC's first minutes: severity, roles, announcement, first update.",
)
RESOLUTION = Checklist(
    "resolution",
    "Resolution criteria",
    (
        "Affected services restored",
        "Customer impact ended",
        "Metrics normal, no active alerts",
        "No known residual issues",
    ),
    "Monitor about 15 minutes after the fix before calling it resolved.",
)
RECOVERY = Checklist(
    "recovery",
    "Recovery",
    (
        "Temporary mitigations removed",
        "Monitoring and alerting back to normal",
        "Logs and evidence preserved",
        "Stakeholders told",
        "Postmortem scheduled",
    ),
    "Postmortem within 3 days for SEV1, 5 business days for SEV2.",
)

BUILT_IN: tuple[Checklist, ...] = (INTAKE, KICKOFF, RESOLUTION, RECOVERY)

PHASE_CHECKLIST: dict[Phase, Checklist] = {
    Phase.DECLARED: INTAKE,
    Phase.INVESTIGATING: KICKOFF,
    Phase.MITIGATING: KICKOFF,
    Phase.MONITORING: RESOLUTION,
    Phase.RESOLVED: RECOVERY,
    Phase.CLOSED: RECOVERY,
}


BUILT_IN_NAMES = frozenset(c.name for c in BUILT_IN)


def every(own: tuple[Checklist, ...] = ()) -> tuple[Checklist, ...]:
    """The built-in checklists, each replaced by the user's of the same name, then the
    user's others."""
    mine = {c.name: c for c in own}
    return (*(mine.get(c.name, c) for c in BUILT_IN),
            *(c for c in own if c.name not in BUILT_IN_NAMES))  # fmt: skip


def named(name: str, own: tuple[Checklist, ...] = ()) -> Checklist:
    """A built-in checklist by name, or the user's that replaces it."""
    found = next((c for c in own if c.name == name), None)
    return found or next(c for c in BUILT_IN if c.name == name)


def for_phase(phase: Phase, own: tuple[Checklist, ...] = ()) -> Checklist:
    return named(PHASE_CHECKLIST[phase].name, own)


def _answered(field: str) -> Callable[[IncidentState], str | None]:
    return lambda s: "answered in the intake" if s.field(field).strip() else None


KICKOFF_ROLES = (Role.IC, Role.SCRIBE, Role.TECH_LEAD, Role.COMMS_LEAD)

# Items the record itself shows done: nobody has to tick what the state already says. Each
# gives why it is done, or None. (Blast radius shares the intake's one "customer impact and
# blast radius" answer.)
EVIDENT: dict[tuple[str, str], Callable[[IncidentState], str | None]] = {
    ("intake", "Customer impact known"): _answered("impact"),
    ("intake", "Blast radius known"): _answered("impact"),
    ("intake", "When it started known"): _answered("started"),
    ("intake", "What changed recently known"): _answered("changes"),
    ("intake", "Who else needs to know identified"): _answered("notify"),
    ("kickoff", "Severity set"): lambda s: f"{s.severity.value} set" if s.severity else None,
    ("kickoff", "Roles filled (IC, scribe, tech lead, comms)"): lambda s: (
        "all four held" if all(s.holders(r) for r in KICKOFF_ROLES) else None
    ),
    ("kickoff", "First status update posted"): lambda s: "posted" if s.updates else None,
}


def evident(state: IncidentState, checklist: Checklist, item: str) -> str | None:
    """Why the record shows this item done without a tick, or None."""
    rule = EVIDENT.get((checklist.name, item))
    return rule(state) if rule is not None else None


def done(state: IncidentState, checklist: Checklist, item: str) -> bool:
    """Ticked, or shown done by the record itself."""
    return bool(state.checked(checklist.name, item)) or evident(state, checklist, item) is not None


def progress(state: IncidentState, checklist: Checklist) -> tuple[int, int]:
    finished = sum(1 for item in checklist.items if done(state, checklist, item))
    return finished, len(checklist.items)


def find(name: str, extra: tuple[Checklist, ...] = ()) -> Checklist | None:
    wanted = name.strip().lower()
    for c in every(extra):
        if c.name.lower() == wanted or c.title.lower() == wanted:
            return c
    return None
