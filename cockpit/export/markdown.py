"""The postmortem draft: one incident as a blameless Markdown document (PRACTICE.md, "After:
learning").

Written for the morning after: what happened and how it was handled first (facts, summary,
customer impact, the metrics with their definitions, contributing factors, mitigations,
lessons, follow-ups), then the record it comes from (severity, phases, roles, decisions,
updates, evidence, what was left open, the timeline). Sections
the record cannot fill (the factors nobody confirmed, the lessons) are prefilled from what it
holds (confirmed and ruled-out hypotheses, decisions, mitigations and their outcomes) and say
in italics what to add. It reads the same rendered (a wiki, a pull request) and as plain text
(a terminal, a mail): see `md_text` for how people's text is made safe for both. Nothing in it
names an event id: the same incident and the same moment give the same document.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from cockpit.core import events as ev
from cockpit.core.cadence import Cadences
from cockpit.export import md_metrics, md_record, md_sections, md_shape
from cockpit.export.md_context import Context
from cockpit.export.md_text import heading

Section = Callable[[Context], list[str]]

SECTIONS: tuple[Section, ...] = (
    md_shape.summary,
    md_shape.customer_impact,
    md_metrics.metrics,
    md_sections.contributing_factors,
    md_sections.mitigations,
    md_sections.lessons,
    md_sections.followup_section,
    md_sections.severity,
    md_shape.phases,
    md_sections.roles,
    md_record.decisions,
    md_record.updates,
    md_record.evidence,
    md_record.still_open,
    md_record.timeline,
)

BLAMELESS = (
    "Blameless: it says what happened and what made it possible, not who was at fault; "
    "people acted on what they knew then."
)


def postmortem(events: list[ev.Event], *, label: str, tz: tzinfo, now: datetime,
               cadences: Cadences | None = None) -> str:  # fmt: skip
    """The draft for one incident's events, as of `now` (what is still open, overdue, the
    impact so far), with every time in `tz`; `cadences` (the team's update cadences, the
    defaults when None) say which status updates came late, as `cockpit metrics` does."""
    c = Context(label, events, tz, now, cadences)
    title = c.state.title
    if c.state.declared is not None:
        title = c.text(c.state.declared.id, title)
    entries = sum(1 for _ in c.timeline)
    out = [
        f"# {heading(label)}: {heading(title or 'untitled incident')}",
        "",
        f"Postmortem draft, made by cockpit on {c.full(now)} from {entries} entries. "
        f"{c.zone_line()}",
        "",
        BLAMELESS,
        "",
        *md_sections.facts(c),
    ]
    for section in SECTIONS:
        lines = section(c)
        while lines and not lines[-1]:
            lines = lines[:-1]
        if lines:
            out.extend(["", *lines])
    return "\n".join(out) + "\n"


def slug(text: str, limit: int = 40) -> str:
    """A file name's part from a title: `checkout-api-high-error-rate`."""
    words = "".join(ch.lower() if ch.isalnum() else " " for ch in text).split()
    out = "-".join(words)[:limit].strip("-")
    return out or "incident"
