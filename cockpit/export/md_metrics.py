"""The postmortem draft's numbers: each metric `cockpit metrics` gives, with its definition,
as of the moment the draft is made.

Values and definitions come from `cockpit.core.metrics` (the one place that defines and
computes them, through `Context.metrics`): nothing is restated or re-derived here. A value
the record cannot give reads "not recorded" with the milestone that is missing, never a
number made up from something else; what is not over yet (an impact going on, an incident
not resolved) says so, as of the draft.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from cockpit.core.metrics import EXTRA_DEFINITIONS, METRICS, Value
from cockpit.core.metrics_text import human
from cockpit.core.state import Mitigation
from cockpit.core.vocabulary import Outcome
from cockpit.export.md_context import Context
from cockpit.export.md_sections import OUTCOME_WORDS, prompt
from cockpit.export.md_shape import WHOLE
from cockpit.export.md_text import inline


def between(c: Context, start: datetime, end: datetime) -> str:
    """`14:57 to 14:59`; with the seconds when both fall in the same minute (`30s` from
    `14:59 to 14:59` would read as a mistake)."""
    a, b = c.when(start), c.when(end)
    if a == b:
        a = f"{start.astimezone(c.tz):%H:%M:%S}"
        b = f"{end.astimezone(c.tz):%H:%M:%S}"
    return f"{a} to {b}"


def _value(c: Context, v: Value) -> str:
    """The value and its span, or why there is none: "not recorded" and the milestone that
    is missing; what is not over yet (not resolved, an impact going on) as of the draft."""
    if v.seconds is not None and v.start is not None and v.end is not None:
        return f"{human(v.seconds)} ({between(c, v.start, v.end)})"
    why = inline(v.missing)
    if v.backwards and v.start is not None and v.end is not None:  # the end recorded first
        return f"none: {why} ({c.when(v.start)}, then {c.when(v.end)})"
    if v.missing.startswith("no "):
        return f"not recorded: {why}"
    if v.missing == "not resolved":
        return "not resolved when this draft was made"
    return f"none when this draft was made: {why}"  # not over yet (reopened, impact going on)


def _item(label: str, value: str, definition: str) -> list[str]:
    """`- **Label:** value`, its definition on the line below (a hard break: two spaces)."""
    return [f"- **{label}:** {value}  ", f"  {inline(definition)}"]


def _by(c: Context, parts: dict[str, int | None], empty: str) -> str:
    return "; ".join(f"{inline(k) if k else empty} {human(v) if v is not None else 'still going on'}"
                     for k, v in parts.items())  # fmt: skip


def metrics(c: Context) -> list[str]:
    m = c.metrics
    out = ["## Metrics", "",
           f"As `cockpit metrics {c.label}` gives them when this draft was made, each with its "
           "definition.", ""]  # fmt: skip
    for metric in METRICS:
        v = m.values[metric.name]
        value = _value(c, v)
        if metric.name == "impact_duration" and v.seconds is None and m.impact_so_far is not None:
            value += f"; {human(m.impact_so_far)} so far"
        out.extend(_item(metric.label, value, metric.definition))
        if metric.name == "impact_duration" and m.windows:
            redacted = any(c.redacted(w.started_by) for w in m.windows)
            if not redacted:  # (a redacted component's name is not shown, nor counted apart)
                out.append(f"  - by component: {_by(c, m.impact_by_component, WHOLE)}")
            out.append(f"  - by level: {_by(c, m.impact_by_level, 'level not said')}")
    out.extend(_item("Mitigations tried", _tried(m.mitigations), EXTRA_DEFINITIONS["mitigations"]))
    late = m.late_updates
    posted = (f"{len(m.updates)} posted, {len(late) or 'none'} late" if m.updates
              else "none posted")  # fmt: skip
    posted += f", {m.missed_updates or 'none'} missed"
    out.extend(_item("Status updates", posted, EXTRA_DEFINITIONS["updates"]))
    for u in late:
        row = c.row(u.id)  # the audience as the update names it (the Status updates section)
        audience = getattr(row.event.body, "audience", "") if row else ""
        due = f", due {c.when(u.due)}" if u.due else ""
        out.append(f"  - {c.when(u.at)} to {inline(audience or u.audience)}: "
                   f"{human(u.late_by)} late{due}")  # fmt: skip
    for g in m.gaps:
        due = (f"due from {c.when(g.first_due)} to {c.when(g.last_due)}" if g.missed > 1
               else f"due {c.when(g.first_due)}")  # fmt: skip
        until = "when this draft was made, still none" if g.ongoing else c.when(g.until)
        out.append(f"  - {inline(g.audience)}: {g.missed} missed ({due}): no update from "
                   f"{c.when(g.since)} to {until}")  # fmt: skip
    if m.severity_seconds:
        times = ", ".join(f"{'no severity' if sev == 'none' else sev} {human(secs)}"
                          for sev, secs in m.severity_seconds.items())  # fmt: skip
        if m.severity_ongoing:
            times += " (the current one still counting when this draft was made)"
    else:
        times = "not recorded: no declaration"
    out.extend(_item("Time at each severity", times, EXTRA_DEFINITIONS["severity"]))
    for warning in m.warnings:
        out.append(f"- **Check:** {inline(warning)}")
    if any(v.missing.startswith("no ") for v in m.values.values()):
        out.append("")
        out.append(prompt(f"A milestone that is missing can still be recorded: `cockpit milestone "
                          f"{c.label} NAME --at TIME` (M on the screen); a new draft counts it."))  # fmt: skip
    return out


def _tried(tried: list[Mitigation]) -> str:
    if not tried:
        return "none"
    order = {o: i for i, o in enumerate(Outcome)}
    counts = Counter(m.outcome for m in tried)
    words = [f"{n} {OUTCOME_WORDS[o]}" for o, n in sorted(
        ((o, n) for o, n in counts.items() if o is not None), key=lambda x: order[x[0]])]  # fmt: skip
    if counts.get(None):
        words.append(f"{counts[None]} in flight")
    return f"{len(tried)} ({', '.join(words)})"
