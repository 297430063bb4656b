"""The postmortem draft's record: the decisions, the status updates, the evidence, what was
still open, and the whole timeline, with a line for each day naming the zone's offset that
day. Every entry reads as it does now (its latest edit; a redaction in place of redacted
text); an entry this cockpit does not understand (a newer one's kind) is shown as an unknown
entry with its kind, author and time, never dropped.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import cast

from cockpit.core import events as ev
from cockpit.core import kinds
from cockpit.core.kinds import LOUD_KINDS
from cockpit.core.timefmt import offset_name
from cockpit.core.timeline import Row
from cockpit.core.vocabulary import TaskStatus
from cockpit.export.md_context import Context
from cockpit.export.md_sections import prompt, who
from cockpit.export.md_text import heading, inline, text_lines

UNKNOWN = "(unknown entry)"
# Kinds whose entries each section below shows whole: the timeline gives their first line.
WHOLE_IN = {"evidence": "Evidence", "status_update": "Status updates", "decision": "Decisions"}


def _link(row: Row) -> str:
    """An entry's link, as an autolink when it is a plain web address."""
    if row.redacted or row.unknown or not isinstance(row.src.body, ev.Entry):
        return ""
    link = row.src.body.link.strip()
    if not link or link in row.src.text:
        return ""
    if link.startswith(("https://", "http://")) and not any(ch in link for ch in " <>\n"):
        return f" <{link}>"
    return f" ({inline(link)})"


def _by(row: Row) -> str:
    return who(row.author, row.recorded_by)


def decisions(c: Context) -> list[str]:
    out = ["## Decisions", ""]
    rows = c.rows("decision")
    if not rows:
        return [*out, "None recorded."]
    for row in rows:
        edited = " (edited)" if row.edited and not row.redacted else ""
        out.extend(text_lines(c.entry_text(row), f"- {c.when(row.at)} {_by(row)}{edited}: "))
    return out


def updates(c: Context) -> list[str]:
    out = ["## Status updates", ""]
    rows = c.rows("status_update")
    if not rows:
        return [*out, "None posted."]
    for row in rows:
        b = cast(ev.StatusUpdate, row.event.body)
        nxt = f" (next one promised in {b.next_in_minutes} min)" if b.next_in_minutes else ""
        text = c.entry_text(row) if (row.redacted or row.edited) else b.text
        start = f"- {c.when(row.at)} to {inline(b.audience)}, by {_by(row)}{nxt}: "
        out.extend(text_lines(text, start))
    return out


def evidence(c: Context) -> list[str]:
    out = ["## Evidence", ""]
    rows = c.rows("evidence")
    if not rows:
        return [*out, "None recorded."]
    for row in rows:
        start = f"- {c.when(row.at)} {_by(row)}{_link(row)}: "
        out.extend(text_lines(c.entry_text(row), start, verbatim=True))
    return out


def still_open(c: Context) -> list[str]:
    """What the record leaves open: unsettled hypotheses and questions, open tasks, a
    mitigation without an outcome. Empty when nothing is."""
    s = c.state
    items: list[str] = []
    for e in s.open_questions():
        row = c.row(e.id)
        text = c.entry_text(row) if row is not None else e.text
        first = text.strip().split("\n", 1)[0]
        items.append(f"- {e.kind} ({who(e.author)}, {c.when(e.at)}): {inline(first)}")
    for t in s.open_tasks():
        due = f", due {c.when(t.due)}" if t.due else ""
        status = "not acknowledged" if t.status is TaskStatus.DELEGATED else t.status.value
        items.append(f"- task for {inline(t.owner)}{due}: {inline(c.text(t.id, t.text))} "
                     f"({status})")  # fmt: skip
    for m in s.mitigations_in_flight():
        items.append(f"- mitigation without an outcome: {inline(c.text(m.id, m.what))} "
                     f"({inline(m.by)}, since {c.when(m.started_at)})")  # fmt: skip
    if not items:
        return []
    return ["## Still open when this draft was made", "", *items, "",
            prompt("Settle each, or turn it into a follow-up.")]  # fmt: skip


# ---- the timeline -------------------------------------------------------------------------


def _label(row: Row) -> str:
    if row.unknown:
        return f"unknown entry “{inline(row.kind)}”"
    if row.src.plain:  # most rows: the label of their kind alone
        return _kind_label(row.kind)
    label = kinds.label(row.kind, row.src.body).lower()
    return f"**{label}**" if row.kind in LOUD_KINDS else label


@functools.lru_cache(maxsize=256)
def _kind_label(kind: str) -> str:
    label = kinds.label(kind).lower()
    return f"**{label}**" if kind in LOUD_KINDS else label


def _entry(c: Context, row: Row) -> list[str]:
    """One timeline entry (under its day's heading, so its time alone)."""
    edited = " (edited)" if row.edited and not row.redacted else ""
    if row.kind == "milestone" and c.state.lifecycle.corrected(row.id):
        edited += " (corrected by a later milestone: not counted)"
    start = f"- {row.at.astimezone(c.tz):%H:%M} {_label(row)} ({_by(row)}){edited}{_link(row)}: "
    if row.redacted:
        return [start + inline(c.entry_text(row))]
    text = row.text if row.edited or not row.src.plain else row.src.text  # the link: below
    if row.unknown:
        text = text.removeprefix(UNKNOWN).strip() or "(nothing this version can show)"
    lines = text.strip("\n").split("\n")
    section = WHOLE_IN.get(row.kind)
    if section and len(lines) > 1:  # whole in its own section: the first line here
        more = f"{len(lines) - 1} more line" + ("s" if len(lines) > 2 else "")
        return [start + inline(lines[0]) + f" (+{more}: see {section})"]
    return text_lines(text, start)


def timeline(c: Context) -> list[str]:
    out = ["## Timeline", ""]
    day: date | None = None
    offset: timedelta | None = None
    for row in c.timeline:
        local = row.at.astimezone(c.tz)
        if local.date() != day:
            if day is not None:
                out.append("")
            out.append(f"### {local:%A %Y-%m-%d} ({heading(offset_name(row.at, c.tz))})")
            out.append("")
        elif local.utcoffset() != offset:
            out.append(f"- the clocks changed: now {offset_name(row.at, c.tz)}")
        day, offset = local.date(), local.utcoffset()
        out.extend(_entry(c, row))
    return out
