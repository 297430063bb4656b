"""The words of incident command, with the definitions the screen and the help show.

Definitions follow ../shared/PRACTICE.md (PagerDuty's public severity scale and roles).
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"

    @property
    def definition(self) -> str:
        return SEVERITY_DEFINITIONS[self]

    @property
    def rank(self) -> int:
        return int(self.value[-1])


SEVERITY_DEFINITIONS: dict[Severity, str] = {
    Severity.SEV1: "Critical: many customers affected, data exposure, public notice, executives involved.",
    Severity.SEV2: "Major: a large share of customers cannot use a core function.",
    Severity.SEV3: "Minor: some customers affected, and a workaround exists.",
    Severity.SEV4: "No customer impact yet.",
}


class Phase(StrEnum):
    DECLARED = "declared"
    INVESTIGATING = "investigating"
    MITIGATING = "mitigating"
    MONITORING = "monitoring"
    RESOLVED = "resolved"
    CLOSED = "closed"


PHASE_HELP: dict[Phase, str] = {
    Phase.DECLARED: "Declared on suspicion; answer the intake questions and set a severity.",
    Phase.INVESTIGATING: "Finding out what is wrong: roles filled, call and channel announced.",
    Phase.MITIGATING: "Acting to reduce impact, one mitigating action at a time.",
    Phase.MONITORING: "A fix is in; watch for about 15 minutes before calling it resolved.",
    Phase.RESOLVED: "Resolution criteria met; run the recovery checklist.",
    Phase.CLOSED: "Done: follow-ups handed off, postmortem scheduled.",
}


class Role(StrEnum):
    IC = "ic"
    DEPUTY_IC = "deputy_ic"
    TECH_LEAD = "tech_lead"
    COMMS_LEAD = "comms_lead"
    SCRIBE = "scribe"
    SME = "sme"
    SUPPORT_LEAD = "support_lead"
    EXEC_SPONSOR = "exec_sponsor"

    @property  # the role's name for people; str.title() is never wanted on a role
    def title(self) -> str:  # type: ignore[override]
        return ROLE_TITLES[self]

    @property
    def multi(self) -> bool:
        """Roles that several people hold at once; the others have one holder."""
        return self in MULTI_HOLDER_ROLES

    @property
    def critical(self) -> bool:
        """Roles that must always be filled; the screen flags them when empty."""
        return self in CRITICAL_ROLES


ROLE_TITLES: dict[Role, str] = {
    Role.IC: "Incident Commander",
    Role.DEPUTY_IC: "Deputy IC",
    Role.TECH_LEAD: "Tech lead",
    Role.COMMS_LEAD: "Comms lead",
    Role.SCRIBE: "Scribe",
    Role.SME: "Subject matter expert",
    Role.SUPPORT_LEAD: "Support lead",
    Role.EXEC_SPONSOR: "Executive sponsor",
}

ROLE_HELP: dict[Role, str] = {
    Role.IC: "Single point of coordination: delegates every hands-on task, decides, owns updates.",
    Role.DEPUTY_IC: "Hot standby: watches the clocks, reminds of updates due, can take over.",
    Role.TECH_LEAD: "Drives the technical investigation and mitigation with the SMEs.",
    Role.COMMS_LEAD: "Internal and external messaging; never promises a time of resolution.",
    Role.SCRIBE: "Keeps the record: actions, decisions, status reports, evidence, follow-ups.",
    Role.SME: "Diagnoses and fixes on the IC's instruction; reports conditions, actions, needs.",
    Role.SUPPORT_LEAD: "Customer tickets and support channels.",
    Role.EXEC_SPONSOR: "Approves big moves and business risk acceptance.",
}

MULTI_HOLDER_ROLES = frozenset({Role.SME, Role.SCRIBE})
CRITICAL_ROLES = frozenset({Role.IC, Role.SCRIBE})

ROLE_ALIASES: dict[str, Role] = {
    "ic": Role.IC,
    "commander": Role.IC,
    "incident_commander": Role.IC,
    "deputy": Role.DEPUTY_IC,
    "deputy_ic": Role.DEPUTY_IC,
    "tech": Role.TECH_LEAD,
    "tech_lead": Role.TECH_LEAD,
    "ops_lead": Role.TECH_LEAD,
    "comms": Role.COMMS_LEAD,
    "comms_lead": Role.COMMS_LEAD,
    "scribe": Role.SCRIBE,
    "sme": Role.SME,
    "expert": Role.SME,
    "support": Role.SUPPORT_LEAD,
    "support_lead": Role.SUPPORT_LEAD,
    "exec": Role.EXEC_SPONSOR,
    "exec_sponsor": Role.EXEC_SPONSOR,
    "sponsor": Role.EXEC_SPONSOR,
}


def parse_role(text: str) -> Role:
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return ROLE_ALIASES[key]
    except KeyError:
        names = ", ".join(r.value for r in Role)
        raise ValueError(f"unknown role {text!r}; use one of: {names}") from None


def parse_severity(text: str) -> Severity:
    key = text.strip().upper()
    if key.isdigit():
        key = f"SEV{key}"
    try:
        return Severity(key)
    except ValueError:
        raise ValueError(f"unknown severity {text!r}; use SEV1, SEV2, SEV3 or SEV4") from None


def parse_phase(text: str) -> Phase:
    try:
        return Phase(text.strip().lower())
    except ValueError:
        names = ", ".join(p.value for p in Phase)
        raise ValueError(f"unknown phase {text!r}; use one of: {names}") from None


class Outcome(StrEnum):
    WORKED = "worked"
    PARTLY = "partly"
    NO_EFFECT = "no_effect"
    MADE_WORSE = "made_worse"
    UNKNOWN = "unknown"


def parse_outcome(text: str) -> Outcome:
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {"partial": "partly", "none": "no_effect", "worse": "made_worse"}
    try:
        return Outcome(aliases.get(key, key))
    except ValueError:
        names = ", ".join(o.value for o in Outcome)
        raise ValueError(f"unknown outcome {text!r}; use one of: {names}") from None


class TaskStatus(StrEnum):
    DELEGATED = "delegated"
    ACKNOWLEDGED = "acknowledged"
    DONE = "done"
    DROPPED = "dropped"


class Resolution(StrEnum):
    """How a hypothesis or an open question was settled."""

    CONFIRMED = "confirmed"
    RULED_OUT = "ruled_out"
    ANSWERED = "answered"


# The intake questions (PRACTICE.md: declare early, then ask these), by the incident field
# that holds each answer, with an example answer. The declare and intake forms, and the flags
# of `cockpit declare` and `cockpit intake`, all ask them in these words.
INTAKE_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("summary", "Summary: what is happening", "e.g. 5xx on /v1/pay since 13:52"),
    ("impact", "Customer impact and blast radius", "e.g. card payments fail in the EU"),
    ("started", "When it started", "e.g. 13:52, the first 5xx alert"),
    ("changes", "What changed recently", "deploys, config, feature flags, traffic"),
    ("notify", "Who else needs to know", "support, legal, the status page, a key customer"),
    ("service", "Service affected", "e.g. checkout"),
)


class Audience(StrEnum):
    """Who a status update is for: the same four names in the config, the CLI and the screen.

    Responders (the people on the incident and the teams around it), executives, support
    (who answer customers' tickets) and customers (the status page: external, so nothing
    internal goes to them)."""

    RESPONDERS = "responders"
    EXEC = "exec"
    SUPPORT = "support"
    CUSTOMERS = "customers"

    @property
    def external(self) -> bool:
        return self is Audience.CUSTOMERS

    @property
    def title(self) -> str:  # type: ignore[override]
        return AUDIENCE_TITLES[self]


AUDIENCE_TITLES: dict[Audience, str] = {
    Audience.RESPONDERS: "Responders",
    Audience.EXEC: "Executives",
    Audience.SUPPORT: "Support",
    Audience.CUSTOMERS: "Customers (status page)",
}

# Updates written before the four audiences said "internal" or "external": they still read.
AUDIENCE_ALIASES: dict[str, Audience] = {
    "internal": Audience.RESPONDERS,
    "external": Audience.CUSTOMERS,
    "responder": Audience.RESPONDERS,
    "executives": Audience.EXEC,
    "execs": Audience.EXEC,
    "customer": Audience.CUSTOMERS,
    "statuspage": Audience.CUSTOMERS,
}


def parse_audience(text: str) -> Audience:
    key = text.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    if key in AUDIENCE_ALIASES:
        return AUDIENCE_ALIASES[key]
    try:
        return Audience(key)
    except ValueError:
        names = ", ".join(a.value for a in Audience)
        raise ValueError(f"unknown audience {text!r}; use one of: {names}") from None


def audience_of(stored: str) -> Audience:
    """The audience of a stored update: one of the four, "internal"/"external" from before
    them, and anything else (a free word typed into an old `--audience`) as responders, the
    audience every update had before."""
    try:
        return parse_audience(stored)
    except ValueError:
        return Audience.RESPONDERS


class Stage(StrEnum):
    """Where a customer-facing message stands (PRACTICE.md: external messages move through
    investigating, identified, fix applied / monitoring, resolved)."""

    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"

    @property
    def title(self) -> str:  # type: ignore[override]
        return self.value.capitalize()

    @property
    def statement(self) -> str:
        return STAGE_STATEMENTS[self]


# What each stage says to customers, in words that promise no time of resolution.
STAGE_STATEMENTS: dict[Stage, str] = {
    Stage.INVESTIGATING: "We are investigating reports of a problem.",
    Stage.IDENTIFIED: "We have identified the cause and are working on a fix.",
    Stage.MONITORING: "A fix has been applied and we are monitoring the results.",
    Stage.RESOLVED: "This incident has been resolved.",
}

# The stage a customer update starts from, by the incident's phase (the IC still picks it).
STAGE_OF_PHASE: dict[Phase, Stage] = {
    Phase.DECLARED: Stage.INVESTIGATING,
    Phase.INVESTIGATING: Stage.INVESTIGATING,
    Phase.MITIGATING: Stage.IDENTIFIED,
    Phase.MONITORING: Stage.MONITORING,
    Phase.RESOLVED: Stage.RESOLVED,
    Phase.CLOSED: Stage.RESOLVED,
}


def parse_stage(text: str) -> Stage:
    key = text.strip().lower()
    aliases = {"fixed": "monitoring", "fix applied": "monitoring", "identify": "identified"}
    try:
        return Stage(aliases.get(key, key))
    except ValueError:
        names = ", ".join(s.value for s in Stage)
        raise ValueError(f"unknown stage {text!r}; use one of: {names}") from None
