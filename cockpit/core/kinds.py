"""Every kind of event, said once: its name, how it reads, and what it is.

The timeline, the CLI, the screen's loader, the server's incident summary and the entry bar
all take their lists of kinds from `TABLE`; adding a kind is one row here (plus its body model
in `events.py`, which a test checks against this table). Pure data: no pydantic, so the
screen's first frame can use it before the models are imported.

Adding a kind: its row here (where it sits in the table is its place in lists and menus),
its body model in `events.py` (with `register()` and `value()` if it sets shared state), and
its case in the reducer if it changes more than a register. Nothing else lists kinds.

Labels: `label` (at most LABEL_WIDTH characters) for the CLI and the wide screen, `short` (at
most SHORT_WIDTH) for the compact screen: both whole words or plain abbreviations, never a
word cut in half. An event whose label depends on what it says (a hypothesis confirmed or
ruled out) names the body field in `variant_field` and its labels by value in `variants`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from cockpit.core.display import safe

LABEL_WIDTH = 10
SHORT_WIDTH = 8


@dataclass(frozen=True, slots=True)
class Kind:
    name: str  # the `kind` stored in the event's body
    label: str  # how it reads: the CLI and the wide screen (capitals: it stands out, in bold)
    short: str  # how it reads on the compact screen (80x24)
    colour: str = "kind-system"  # the theme variable the screen colours its label with
    entry: bool = False  # typed in the entry bar and by `cockpit note --kind`
    plain: bool = False  # only text: sets no shared state, about nothing, never settled
    open: bool = False  # stays open until settled (a hypothesis, a question)
    summary: bool = False  # what the incident list needs: title, severity, phase
    row: bool = True  # a row of its own in the timeline (an edit changes its target's)
    about: str = ""  # the body field naming the entry it is about (a pin, an outcome...)
    loud: bool = False  # its text stands out in the timeline too
    prompt: str = ""  # the entry bar's placeholder, for entry kinds
    variant_field: str = ""  # a body field whose value picks the label from `variants`
    variants: tuple[tuple[str, str, str], ...] = ()  # (value, label, short) by that field

    def labels(self, body: Any = None) -> tuple[str, str]:
        """(label, short) for an event of this kind; `body` for the kinds that vary by it."""
        if self.variant_field and body is not None:
            value = getattr(body, self.variant_field, None)
            value = getattr(value, "value", value)  # an enum, or its text
            for known, label, short in self.variants:
                if known == value:
                    return label, short
        return self.label, self.short


TABLE: tuple[Kind, ...] = (
    Kind("incident_declared", "DECLARED", "DECLARED", "alarm", summary=True, loud=True),
    Kind("field_set", "intake", "intake", summary=True),
    Kind("severity_set", "severity", "severity", summary=True),
    Kind("phase_set", "phase", "phase", summary=True),
    Kind("role_assigned", "role", "role", "role-other"),
    Kind("role_released", "role", "role", "role-other"),
    Kind("note", "note", "note", "kind-note", entry=True, plain=True,
         prompt="What happened? (14:02 or -5m first to backdate; Enter saves; Esc closes)"),
    Kind("decision", "DECISION", "DECISION", "kind-decision", entry=True, plain=True, loud=True,
         prompt="What was decided, and by whom?"),
    Kind("evidence", "evidence", "evidence", "kind-evidence", entry=True, plain=True,
         prompt="Log line, graph link, error text (kept verbatim)"),
    Kind("action", "action", "action", "kind-action", entry=True, plain=True,
         prompt="What was done?"),
    Kind("hypothesis", "hypothesis", "theory", "kind-question", entry=True, open=True,
         prompt="What might be causing it?"),
    Kind("question", "question", "question", "kind-question", entry=True, open=True,
         prompt="What do we not know yet?"),
    # A hypothesis or question settled: named for how, never "resolved" (that is a phase).
    Kind("entry_resolved", "settled", "settled", "kind-question", about="target",
         variant_field="resolution", variants=(
             ("confirmed", "confirmed", "verified"),
             ("ruled_out", "ruled out", "excluded"),
             ("answered", "answered", "answered"),
         )),
    Kind("mitigation_started", "MITIGATION", "MITIGATE", "kind-action"),
    Kind("mitigation_outcome", "outcome", "outcome", "kind-action", about="mitigation"),
    Kind("task_delegated", "task", "task"),
    Kind("task_status", "task", "task", about="target"),
    Kind("checklist_item", "check", "check"),
    Kind("status_update", "UPDATE", "UPDATE", "primary", loud=True),
    # What became of an update at one destination (cockpit/comms sends, and records this).
    Kind("delivery", "delivery", "delivery", about="update", variant_field="status", variants=(
             ("sent", "sent", "sent"),
             ("retrying", "retrying", "retrying"),
             ("failed", "NOT SENT", "NOT SENT"),
             ("given_up", "NOT SENT", "NOT SENT"),
         )),
    Kind("person_paged", "paged", "paged"),
    Kind("person_joined", "joined", "joined"),
    Kind("person_left", "left", "left"),
    Kind("break_taken", "break", "break"),
    Kind("nudge_snoozed", "snoozed", "snoozed"),
    Kind("entry_edited", "edit", "edit", row=False),
    Kind("entry_redacted", "redaction", "redact", row=False, summary=True),  # hides a title
    Kind("entry_pinned", "pin", "pin", about="target"),
    Kind("incident_linked", "link", "link"),  # to another incident (core/links.py)
    Kind("followup_added", "follow up", "followup", "kind-action"),
    Kind("followup_set", "follow up", "followup", "kind-action", about="target"),
    # Stakeholders' questions to the IC (cockpit.core.questions), and how the IC settled each.
    Kind("question_asked", "asked", "asked", "kind-question"),
    Kind("question_settled", "inbox", "inbox", "kind-question", about="target",
         variant_field="how", variants=(
             ("answered", "answered", "answered"),
             ("deferred", "deferred", "deferred"),
             ("passed", "passed on", "passed"),
         )),
    # The incident's shape (milestones.py): facts with times, named for which.
    Kind("milestone", "MILESTONE", "MOMENT", "primary", loud=True, variant_field="name",
         variants=(
             ("impact_started", "IMPACT", "IMPACT"),
             ("impact_ended", "IMPACT END", "ENDED"),
             ("detected", "DETECTED", "DETECTED"),
             ("cause_identified", "CAUSE", "CAUSE"),
             ("mitigated", "MITIGATED", "REDUCED"),
         )),
    Kind("page_acknowledged", "page ack", "page ack"),  # pages.py
    # The end of an incident (ending.py): beside the phase changes they go with.
    Kind("criteria_checked", "criteria", "criteria", "primary"),
    Kind("close_overridden", "OVERRIDE", "OVERRIDE", "alarm", loud=True),
    Kind("stood_down", "ALL CLEAR", "CLEAR", "primary", loud=True),
    # Who may see the incident (restriction.py); the server's list and reach follow it.
    Kind("incident_restricted", "access", "access", "alarm", summary=True, loud=True),
)  # fmt: skip

BY_NAME: Mapping[str, Kind] = MappingProxyType({k.name: k for k in TABLE})

KINDS: tuple[str, ...] = tuple(k.name for k in TABLE)
ENTRY_KINDS: tuple[str, ...] = tuple(k.name for k in TABLE if k.entry)
PLAIN_KINDS: frozenset[str] = frozenset(k.name for k in TABLE if k.plain)
OPEN_KINDS: tuple[str, ...] = tuple(k.name for k in TABLE if k.open)
SUMMARY_KINDS: tuple[str, ...] = tuple(k.name for k in TABLE if k.summary)
CHANGE_KINDS: frozenset[str] = frozenset(k.name for k in TABLE if not k.row)
LOUD_KINDS: frozenset[str] = frozenset(k.name for k in TABLE if k.loud)
ABOUT_FIELD: Mapping[str, str] = MappingProxyType({k.name: k.about for k in TABLE if k.about})


def of(name: str) -> Kind:
    """The kind named `name`; one this version does not know (written by a newer one) reads
    as its own name, shown safe and cut to fit the label columns."""
    known = BY_NAME.get(name)
    if known is not None:
        return known
    shown = safe(name)
    return Kind(name, _fit(shown, LABEL_WIDTH), _fit(shown, SHORT_WIDTH))


def label(name: str, body: Any = None, *, short: bool = False) -> str:
    """How an event of this kind reads (`body` picks the variant, for the kinds that have one)."""
    long_label, short_label = of(name).labels(body)
    return short_label if short else long_label


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
