"""The incident's numbers, each defined once, with the definition people read beside it.

Definitions follow ../shared/PRACTICE.md ("Metrics"). Every duration is in whole seconds and
runs between two recorded facts: when one is missing the value is None, with the reason in
`Value.missing` (which milestone to record), never a number made up from something else. A
span whose end was recorded before its start (a slip, or an unusual order: detected before
the impact started) is None too, its reason saying so: no number is ever negative.

The API, for the CLI, the screen and the postmortem export:

    compute(state, now, cadences=None) -> Metrics
    Metrics.values["time_to_detect"].seconds      # int | None
    Metrics.values[...].metric.definition         # the text shown in --help and on screen
    Metrics.as_data()                             # plain data for JSON

`now` is used only for what is still going on (time at the current severity, the impact so
far); every metric of METRICS is a span between recorded facts. `update_timings` lists the
status updates with when each was due, `update_gaps` the waits in which updates were missed;
which came late or were missed is `cockpit.core.cadence.waits`'s to say (the rule of the live
countdown, per audience).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cockpit.core import cadence
from cockpit.core import events as ev
from cockpit.core.cadence import Cadences
from cockpit.core.impact import Window, impact_windows, union_seconds
from cockpit.core.milestones import MilestoneName, component_key, resolution
from cockpit.core.state import IncidentState, Mitigation


@dataclass(frozen=True, slots=True)
class Metric:
    name: str  # the key in JSON and in `cockpit metrics`
    label: str  # for people
    definition: str  # what it measures, from what to what


METRICS: tuple[Metric, ...] = (
    Metric("time_to_detect", "Time to detect",
           "From the first impact start (any component) to the first detection: how long "
           "customers were affected before anyone noticed."),
    Metric("time_to_acknowledge", "Time to acknowledge",
           "From the first page (the alert that reached a human) to the first acknowledgement "
           "of a page."),
    Metric("time_to_declare", "Time to declare",
           "From the first detection to the declaration of the incident."),
    Metric("time_to_identify", "Time to identify",
           "From the first detection to the first time the cause was identified."),
    Metric("time_to_mitigate", "Time to mitigate",
           "From the first detection to the first mitigated milestone: customer impact reduced."),
    Metric("time_to_resolve", "Time to resolve",
           "From the first detection to the last move into resolved (or straight to closed): a "
           "reopened incident counts its final resolution, and none while it is open again."),
    Metric("impact_duration", "Impact duration",
           "The union of the impact windows (impact started to impact ended): overlapping "
           "windows of several components count once. Also per component and per level."),
)  # fmt: skip
BY_NAME = {m.name: m for m in METRICS}

# The kinds the metrics read: an incident's numbers need none of its notes.
METRIC_KINDS: tuple[str, ...] = (
    "incident_declared", "severity_set", "phase_set", "milestone", "person_paged",
    "page_acknowledged", "mitigation_started", "mitigation_outcome", "status_update",
)  # fmt: skip

# What else `cockpit metrics` reports, defined here too so that the help and the screen say it.
EXTRA_DEFINITIONS: dict[str, str] = {
    "mitigations": "Every mitigating action tried, with its outcome and how long until it.",
    "updates": "Status updates posted, late and missed. Each audience's next update is due at "
    "its previous one (or the declaration) plus that update's own 'next in N minutes', else the "
    "cadence of the severity in force; then again every cadence after that, while none comes. "
    "An update posted after its due time is late; every other due time that passes with no "
    "update while the incident is open is a missed update. Nothing is due while it is resolved.",
    "severity": "Time spent at each severity, from the declaration (the declared severity "
    "included) to the final resolution, or to now while it is open.",
}


@dataclass(frozen=True, slots=True)
class Value:
    metric: Metric
    seconds: int | None
    start: datetime | None  # the two facts it spans, when both are recorded
    end: datetime | None
    missing: str = ""  # why there is no value, for a person ("" when there is one)

    @property
    def backwards(self) -> bool:
        """Its end was recorded before its start: no duration (`missing` says so)."""
        return self.start is not None and self.end is not None and self.end < self.start


@dataclass(frozen=True, slots=True)
class UpdateTiming:
    id: str
    at: datetime
    audience: str
    due: datetime | None  # when it was due by the cadence then (None: nothing asked for it)
    late: bool  # it came after it was due (cockpit.core.cadence says)
    missed_before: int = 0  # due times that passed with no update before it (beyond its own)

    @property
    def late_by(self) -> int | None:
        """Seconds after it was due; None when it was not late."""
        if not self.late or self.due is None:
            return None
        return _secs(self.at - self.due)


@dataclass(frozen=True, slots=True)
class UpdateGap:
    """A wait in which due times passed with no update (cockpit.core.cadence.waits)."""

    audience: str
    since: datetime  # the previous update, or the declaration
    until: datetime  # the next update, or the end (the resolution, or now while open)
    missed: int  # due times that passed with no update (a late update's own not counted)
    first_due: datetime  # the first and last of them
    last_due: datetime
    ongoing: bool  # no update yet: it still counts (the incident is open)


@dataclass(frozen=True, slots=True)
class Metrics:
    values: dict[str, Value]
    windows: list[Window]
    impact_by_component: dict[str, int | None]  # "" the whole service
    impact_by_level: dict[str, int | None]  # "" a level not said
    impact_so_far: int | None  # with open windows counted to now (the live view)
    mitigations: list[Mitigation]
    updates: list[UpdateTiming]
    gaps: list[UpdateGap]
    severity_seconds: dict[str, int]  # "none" for time before a severity was set
    severity_ongoing: bool  # the current severity's time still runs
    now: datetime
    warnings: list[str] = field(default_factory=list)

    def seconds(self, name: str) -> int | None:
        return self.values[name].seconds

    @property
    def late_updates(self) -> list[UpdateTiming]:
        return [u for u in self.updates if u.late_by is not None]

    @property
    def missed_updates(self) -> int:
        return sum(g.missed for g in self.gaps)

    def as_data(self) -> dict[str, Any]:
        """Plain data (times as ISO 8601 UTC) for JSON: each metric's seconds at the top, then
        the detail."""
        out: dict[str, Any] = {m.name: self.values[m.name].seconds for m in METRICS}
        out["spans"] = {
            name: {"from": _iso(v.start), "to": _iso(v.end)} for name, v in self.values.items()
            if v.start is not None or v.end is not None
        }  # fmt: skip
        out["missing"] = {name: v.missing for name, v in self.values.items() if v.missing}
        out["impact"] = {
            "windows": [{"component": w.component, "level": w.level.value if w.level else None,
                         "start": _iso(w.start), "end": _iso(w.end),
                         "seconds": _secs_or_none(w.seconds())} for w in self.windows],
            "by_component": self.impact_by_component,
            "by_level": self.impact_by_level,
            "so_far": self.impact_so_far,
        }  # fmt: skip
        outcomes = Counter(m.outcome.value if m.outcome else "in_flight" for m in self.mitigations)
        out["mitigations"] = {
            "tried": len(self.mitigations),
            "outcomes": dict(sorted(outcomes.items())),
            "list": [{"id": m.id, "what": m.what, "by": m.by, "started_at": _iso(m.started_at),
                      "outcome": m.outcome.value if m.outcome else None,
                      "outcome_at": _iso(m.outcome_at),
                      "seconds": mitigation_seconds(m)}
                     for m in self.mitigations],
        }  # fmt: skip
        out["updates"] = {
            "posted": len(self.updates),
            "late": len(self.late_updates),
            "missed": self.missed_updates,
            "list": [{"id": u.id, "at": _iso(u.at), "audience": u.audience, "due": _iso(u.due),
                      "late_by": u.late_by, "missed_before": u.missed_before}
                     for u in self.updates],
            "gaps": [{"audience": g.audience, "from": _iso(g.since), "to": _iso(g.until),
                      "missed": g.missed, "first_due": _iso(g.first_due),
                      "last_due": _iso(g.last_due), "ongoing": g.ongoing} for g in self.gaps],
        }  # fmt: skip
        out["severity_seconds"] = self.severity_seconds
        out["severity_ongoing"] = self.severity_ongoing
        out["warnings"] = self.warnings
        out["definitions"] = {m.name: m.definition for m in METRICS} | EXTRA_DEFINITIONS
        return out


def mitigation_seconds(m: Mitigation) -> int | None:
    """How long until a mitigation's outcome; None without one, or with one recorded before it
    started (no duration: `warnings` says so)."""
    if m.outcome_at is None or m.outcome_at < m.started_at:
        return None
    return _secs(m.outcome_at - m.started_at)


def _secs(delta: timedelta) -> int:
    return round(delta.total_seconds())


def _secs_or_none(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds)


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.astimezone(UTC).isoformat().replace("+00:00", "Z")


# What each metric runs from and to, for the reason given when the end came first.
ENDS: dict[str, tuple[str, str]] = {
    "time_to_detect": ("the first impact start", "the first detection"),
    "time_to_acknowledge": ("the first page", "the first acknowledgement"),
    "time_to_declare": ("the first detection", "the declaration"),
    "time_to_identify": ("the first detection", "the cause identified"),
    "time_to_mitigate": ("the first detection", "the first mitigated milestone"),
    "time_to_resolve": ("the first detection", "the resolution"),
}
BEFORE = "is before"  # the words that start the reason of an end that came first


def _span(metric: str, start: datetime | None, end: datetime | None, why_start: str,
          why_end: str) -> Value:  # fmt: skip
    """The span from `start` to `end`; None with the reason when either is missing or when
    the end came first (no duration: a negative one would be a made-up number)."""
    m = BY_NAME[metric]
    missing = "; ".join(w for w, at in ((why_start, start), (why_end, end)) if at is None)
    if start is None or end is None:
        return Value(m, None, start, end, missing)
    if end < start:
        first, then = ENDS[metric]
        return Value(m, None, start, end, f"{then} {BEFORE} {first}: no duration; check the "
                     "times recorded, or this incident's order is unusual")  # fmt: skip
    return Value(m, _secs(end - start), start, end, "")


def compute(state: IncidentState, now: datetime,
            cadences: Cadences | None = None) -> Metrics:  # fmt: skip
    """Every metric of one incident (see the module)."""
    lc = state.lifecycle

    def first(name: MilestoneName) -> datetime | None:
        e = lc.first(name)
        return e.at if e is not None else None

    shape = impact_windows(state.milestones)
    windows = shape.windows
    impact_start = min((w.start for w in windows), default=None)
    detected = first(MilestoneName.DETECTED)
    no_detect = "no detected milestone"
    page, ack = state.pages.first_page, state.pages.first_ack
    end, reopened = resolution(state.phase_history)
    values = {
        "time_to_detect": _span("time_to_detect", impact_start, detected,
                                "no impact_started milestone", no_detect),
        "time_to_acknowledge": _span("time_to_acknowledge", page.at if page else None,
                                     ack.at if ack else None, "no page recorded",
                                     "no page acknowledged"),
        "time_to_declare": _span("time_to_declare", detected, state.declared_at if state.declared
                                 else None, no_detect, "no declaration"),
        "time_to_identify": _span("time_to_identify", detected,
                                  first(MilestoneName.CAUSE_IDENTIFIED), no_detect,
                                  "no cause_identified milestone"),
        "time_to_mitigate": _span("time_to_mitigate", detected, first(MilestoneName.MITIGATED),
                                  no_detect, "no mitigated milestone"),
        "time_to_resolve": _span("time_to_resolve", detected,
                                 end.at if end and reopened is None else None, no_detect,
                                 "not resolved" if end is None else
                                 f"open again since it was reopened ({reopened.phase.value})"
                                 if reopened else ""),
    }  # fmt: skip
    open_windows = [w for w in windows if w.end is None]
    total = union_seconds(windows)
    why_impact = ""
    if not windows:
        why_impact = "no impact_started milestone"
    elif open_windows:
        names = ", ".join(w.component or "the service" for w in open_windows)
        why_impact = f"impact still going on ({names}): no impact_ended milestone"
    values["impact_duration"] = Value(
        BY_NAME["impact_duration"], _secs_or_none(total) if windows else None,
        impact_start, max((w.end for w in windows if w.end), default=None) if windows else None,
        why_impact,
    )  # fmt: skip
    by_component: dict[str, list[Window]] = {}
    for w in windows:
        by_component.setdefault(component_key(w.component), []).append(w)
    by_level: dict[str, list[Window]] = {}
    for w in windows:
        by_level.setdefault(w.level.value if w.level else "", []).append(w)
    live = end.at if end is not None and reopened is None else now
    severity_seconds = time_at_severity(state, live)
    warnings = list(shape.notes)
    for x in state.all_mitigations():
        if x.outcome_at is not None and x.outcome_at < x.started_at:
            warnings.append(f"the outcome of the mitigation “{x.what}” ({_iso(x.outcome_at)}) is "
                            f"recorded before it started ({_iso(x.started_at)}): no duration; "
                            "check the times recorded")  # fmt: skip
    return Metrics(
        values=values,
        windows=windows,
        impact_by_component={ws[0].component: _secs_or_none(union_seconds(ws))
                             for ws in by_component.values()},
        impact_by_level={level: _secs_or_none(union_seconds(ws)) for level, ws in by_level.items()},
        impact_so_far=_secs_or_none(union_seconds(windows, now)) if windows else None,
        mitigations=state.all_mitigations(),
        updates=update_timings(state, cadences),
        gaps=update_gaps(state, live, cadences, still_open=live is now),
        severity_seconds=severity_seconds,
        severity_ongoing=live is now,
        now=now,
        warnings=warnings,
    )  # fmt: skip


def time_at_severity(state: IncidentState, until: datetime) -> dict[str, int]:
    """Seconds at each severity from the declaration to `until`: the declared severity
    first, each change from its time; "none" for any time before a severity was set."""
    t = state.declared_at
    if t is None:
        return {}
    out: dict[str, int] = {}
    current = "none"
    for e in state.severity_history:  # in `at` order; a change before the declaration
        b = e.body  # counts from the declaration, one after `until` adds nothing
        at = min(max(e.at, t), until)
        if at > t:
            out[current] = out.get(current, 0) + _secs(at - t)
            t = at
        if isinstance(b, ev.SeveritySet | ev.IncidentDeclared) and b.severity is not None:
            current = b.severity.value
    if until > t:
        out[current] = out.get(current, 0) + _secs(until - t)
    return out


def update_timings(state: IncidentState, cadences: Cadences | None = None) -> list[UpdateTiming]:
    """Each status update with when it was due and whether it came late: the live rule per
    audience, applied after the fact (`cockpit.core.cadence.update_dues`, the one place that
    says which updates came late)."""
    return [UpdateTiming(d.event.id, d.event.at, d.audience.value, d.due, d.late, d.missed_before)
            for d in cadence.update_dues(state, cadences)]  # fmt: skip


def update_gaps(state: IncidentState, end: datetime, cadences: Cadences | None = None, *,
                still_open: bool = True) -> list[UpdateGap]:  # fmt: skip
    """The waits in which updates were missed, up to `end` (the resolution, or now while
    `still_open`: the last wait then still counts)."""
    out = []
    for w in cadence.waits(state, cadences, end):
        if w.missed:
            missed = w.dues[1:] if w.late else w.dues
            out.append(UpdateGap(w.audience.value, w.start, w.until, w.missed, missed[0],
                                 missed[-1], still_open and w.update is None))  # fmt: skip
    return out
