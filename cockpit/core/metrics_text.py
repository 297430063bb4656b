"""The metrics as a person reads them: the same lines in `cockpit metrics` and on the screen's
metrics view (`N`), each number beside its definition, a missing one saying what to record.

Lines hold what people typed (a component, a mitigation): the caller shows them through
`cockpit.core.display.safe`, as every other line.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import datetime, tzinfo

from cockpit.core.followups import ON_TIME_DEFINITION, Completion
from cockpit.core.metrics import EXTRA_DEFINITIONS, METRICS, Metrics, mitigation_seconds
from cockpit.core.stats import FOLLOWUPS_MISSING, Stats
from cockpit.core.timefmt import offset_name

# What to record for a missing value, by the reason's first words (metrics.compute says them).
RECORD_HINT = {
    "no impact_started": "impact_started",
    "no detected": "detected",
    "no cause_identified": "cause_identified",
    "no mitigated": "mitigated",
}


def human(seconds: float | None) -> str:
    """`45s`, `12m 05s`, `24h 11m`, `3d 04h 11m`; `—` for none."""
    if seconds is None:
        return "—"
    sign = "-" if seconds < 0 else ""
    total = round(abs(seconds))
    if total < 60:
        return f"{sign}{total}s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{sign}{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{sign}{hours}h {minutes:02d}m" + (f" {secs:02d}s" if secs else "")
    days, hours = divmod(hours, 24)
    return f"{sign}{days}d {hours:02d}h {minutes:02d}m"


def _when(at: datetime | None, tz: tzinfo, day: datetime | None) -> str:
    """A clock time, with its date when not on `day`'s date."""
    if at is None:
        return "?"
    local = at.astimezone(tz)
    if day is not None and local.date() == day.astimezone(tz).date():
        return f"{local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def metrics_lines(m: Metrics, tz: tzinfo, *, definitions: bool = True, width: int = 100,
                  how_to_record: Callable[[str], str] | None = None) -> list[str]:  # fmt: skip
    """The whole page: each metric with its span and definition (wrapped to `width`), then
    impact windows, mitigations, updates and the time at each severity. `how_to_record(name)`
    says how to record a missing milestone (the command, or the screen's key)."""
    first = next((v.start for v in m.values.values() if v.start), m.now)
    out = [f"Times in {offset_name(m.now, tz)}"]
    label_width = max(len(x.label) for x in METRICS) + 2
    indent = " " * (label_width + 2)
    for metric in METRICS:
        v = m.values[metric.name]
        if v.seconds is not None:
            span = f"{_when(v.start, tz, first)} → {_when(v.end, tz, first)}"
            out.append(f"{metric.label:<{label_width}}{human(v.seconds):>12}   {span}")
        else:
            hint = next((f" ({how_to_record(name)})" for words, name in RECORD_HINT.items()
                         if how_to_record and v.missing.startswith(words)), "")  # fmt: skip
            if v.backwards:  # the end was recorded first: both times shown
                hint = f" ({_when(v.start, tz, first)} → {_when(v.end, tz, first)})"
            out.append(f"{metric.label:<{label_width}}{'—':>12}   {v.missing}{hint}")
        if definitions:
            out += textwrap.wrap(metric.definition, max(40, width), initial_indent=indent,
                                 subsequent_indent=indent)  # fmt: skip
    out.append("")
    out.append("Impact windows" + ("" if m.windows else ": none recorded"))
    for w in m.windows:
        scope = ", ".join(x for x in (w.component or "whole service",
                                      w.level.value if w.level else "") if x)  # fmt: skip
        end = _when(w.end, tz, first) if w.end else "still going on"
        out.append(f"  {scope}: {_when(w.start, tz, first)} → {end}  "
                   f"{human(w.seconds(m.now))}{'' if w.end else ' so far'}")  # fmt: skip
    if len(m.impact_by_component) > 1:
        parts = [f"{c or 'whole service'} {human(s)}" for c, s in m.impact_by_component.items()]
        out.append("  by component: " + "; ".join(parts))
    if len(m.impact_by_level) > 1:
        parts = [f"{lv or 'level not said'} {human(s)}" for lv, s in m.impact_by_level.items()]
        out.append("  by level: " + "; ".join(parts))
    if m.values["impact_duration"].seconds is None and m.impact_so_far is not None:
        out.append(f"  impact so far: {human(m.impact_so_far)} (still going on)")
    out.append("")
    tried = m.mitigations
    out.append(f"Mitigations tried: {len(tried)}" if tried else "Mitigations tried: none")
    for x in tried:
        if x.outcome is not None and x.outcome_at is not None:
            took = mitigation_seconds(x)
            how = (f"{x.outcome.value.replace('_', ' ')} at {_when(x.outcome_at, tz, first)} "
                   f"({'before it started' if took is None else human(took)})")  # fmt: skip
        else:
            how = "in flight, no outcome yet"
        out.append(f"  {_when(x.started_at, tz, first)}  {x.what} ({x.by}): {how}")
    late = m.late_updates
    out.append(f"Status updates: {len(m.updates)} posted, {len(late)} late, "
               f"{m.missed_updates} missed")  # fmt: skip
    for u in late:
        out.append(f"  {_when(u.at, tz, first)} to {u.audience}: {human(u.late_by)} late "
                   f"(due {_when(u.due, tz, first)})")  # fmt: skip
    for g in m.gaps:
        due = f"due {_when(g.first_due, tz, first)}"
        if g.missed > 1:
            due = f"due from {due[4:]} to {_when(g.last_due, tz, first)}"
        until = "now, still none" if g.ongoing else _when(g.until, tz, first)
        out.append(f"  {g.audience}: {g.missed} missed ({due}): no update from "
                   f"{_when(g.since, tz, first)} to {until}")  # fmt: skip
    if m.severity_seconds:
        parts = [f"{sev} {human(secs)}" for sev, secs in m.severity_seconds.items()]
        out.append("Time at each severity: " + ", ".join(parts)
                   + (" (the current one still counting)" if m.severity_ongoing else ""))  # fmt: skip
    if definitions:
        out.append("")
        for name, text in EXTRA_DEFINITIONS.items():
            out += textwrap.wrap(f"{name.capitalize()}: {text}", max(40, width),
                                 subsequent_indent="  ")  # fmt: skip
    for warning in m.warnings:
        out.append(f"Check: {warning}")
    return out


def followups_line(f: Completion) -> str:
    """`Follow-ups on time: 3 of 5 due or done (60%): ...` (ON_TIME_DEFINITION)."""
    beside = [f"{n} {words}" for n, words in (
        (f.not_due, "not yet due"), (f.undated, "without a due date"), (f.dropped, "dropped"))
        if n]  # fmt: skip
    if f.rate is None:
        out = f"Follow-ups on time: — ({FOLLOWUPS_MISSING})"
    else:
        late = [f"{n} {words}" for n, words in ((f.done_late, "done late"),
                                                (f.overdue, "open past their due date")) if n]  # fmt: skip
        out = f"Follow-ups on time: {f.on_time} of {f.due} due or done ({f.rate:.0%})"
        out += f": {', '.join(late)}" if late else ""
    return out + (f"; beside: {', '.join(beside)}" if beside else "")


def stats_lines(s: Stats, *, definitions: bool = True, width: int = 100) -> list[str]:
    """`cockpit stats` for a person; with `definitions`, what follow-ups on time means."""
    since = f" since {s.since:%Y-%m-%d}" if s.since else ""
    out = [f"{s.incidents} incident{'' if s.incidents == 1 else 's'}{since}"]
    if not s.incidents:
        return out
    out.append("By severity (the highest each reached): " + ", ".join(
        f"{sev} {n}" for sev, n in s.by_severity.items() if n))  # fmt: skip
    out.append("By month:")
    for month, counts in s.by_month.items():
        rest = ", ".join(f"{k} {v}" for k, v in counts.items() if k != "total")
        out.append(f"  {month}  {counts['total']:>3}  ({rest})")
    label = max(len(x.label) for x in METRICS) + 2
    out.append(f"{'Metric':<{label}}{'n':>4}{'median':>14}{'p90':>14}")
    for metric in METRICS:
        sp = s.metrics[metric.name]
        out.append(f"{metric.label:<{label}}{sp.n:>4}{human(sp.median):>14}{human(sp.p90):>14}")
    out.append(followups_line(s.followups))
    if definitions:
        out += textwrap.wrap(ON_TIME_DEFINITION, max(40, width), initial_indent=" " * 6,
                             subsequent_indent=" " * 6)  # fmt: skip
    out.append(f"Pages: {s.pages}, {s.pages_outside_hours} outside working hours "
               f"({s.hours.describe()}, {s.tz_name})")  # fmt: skip
    for who, load in s.pager.items():
        out.append(f"  {who}: {load.pages} page{'' if load.pages == 1 else 's'}, "
                   f"{load.outside_hours} outside working hours")  # fmt: skip
    return out
