"""When each audience's next status update is due: the one rule the countdown, `cockpit show`
and the postmortem's "late updates" all use.

PRACTICE.md: updates on a cadence, each saying when the next comes. Each audience has its
own (responders every 20 minutes at SEV1, executives hourly, the status page when the team
says): a cadence is minutes by severity (None: no updates at that severity), and `Cadences`
holds one per audience. Only responders have one by default (the practice's internal
cadence); a team gives the others theirs in the config:

    [cadence]            # minutes by severity: the responders' (as before the audiences)
    SEV1 = 15
    exec = 60            # one number: every severity
    [cadence.customers]  # or by severity
    SEV1 = 30
    SEV2 = 60

An audience's clock runs from its last update (or from the declaration, before the first);
that update's own "next in N minutes" wins over the cadence. Updates stored before the four
audiences ("internal", "external") count for responders and customers.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from cockpit.core.vocabulary import Audience, Phase, Severity, audience_of, parse_audience

if TYPE_CHECKING:  # only types: reading the config needs no event models (start-up time)
    from cockpit.core.events import Event, StatusUpdate
    from cockpit.core.state import IncidentState

Cadence = dict[Severity, int | None]
Cadences = dict[Audience, Cadence]

# Internal status updates: SEV1 every 20 minutes, SEV2 every 30, SEV3 hourly, SEV4 none.
DEFAULT_CADENCE: Cadence = {
    Severity.SEV1: 20,
    Severity.SEV2: 30,
    Severity.SEV3: 60,
    Severity.SEV4: None,
}
CLOSED_PHASES = (Phase.RESOLVED, Phase.CLOSED)
MAX_MINUTES = 24 * 60


def defaults() -> Cadences:
    """Responders on the practice's cadence; the other audiences on none until configured."""
    return {a: dict(DEFAULT_CADENCE) if a is Audience.RESPONDERS else dict.fromkeys(Severity)
            for a in Audience}  # fmt: skip


def _severity(key: str) -> Severity | None:
    try:
        return Severity(key.strip().upper())
    except ValueError:
        return None


def _minutes(value: Any, where: str) -> int | None:
    if value is None or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_MINUTES:
        raise ValueError(f"cadence {where}: {value!r} is not minutes; use 1 to {MAX_MINUTES}, "
                         "or 0 for none")  # fmt: skip
    return value


def cadences_from(configured: Mapping[str, Any]) -> Cadences:
    """The configured cadences over the defaults. Keys: a severity (the responders'), or an
    audience with minutes for every severity or a table by severity. Anything else is a
    ValueError that names the key (a typo must show, not silently leave the default)."""
    out = defaults()
    for key, value in configured.items():
        sev = _severity(key)
        if sev is not None:
            out[Audience.RESPONDERS][sev] = _minutes(value, key)
            continue
        try:
            audience = parse_audience(key)
        except ValueError:
            raise ValueError(f"cadence: {key!r} is neither a severity (SEV1..SEV4) nor an "
                             f"audience ({', '.join(a.value for a in Audience)})") from None  # fmt: skip
        if isinstance(value, Mapping):
            for sev_key, minutes in value.items():
                sev = _severity(str(sev_key))
                if sev is None:
                    raise ValueError(f"cadence {key}: {sev_key!r} is not a severity (SEV1..SEV4)")
                out[audience][sev] = _minutes(minutes, f"{key}.{sev_key}")
        else:
            minutes = _minutes(value, key)
            out[audience] = dict.fromkeys(Severity, minutes)
    return out


@dataclass(frozen=True, slots=True)
class UpdateClock:
    due: datetime | None  # None: no update cadence (none at this severity, or it is over)
    last: datetime | None
    cadence_minutes: int | None  # the severity's cadence (never a single update's promise)
    promised_minutes: int | None = None  # the last update's "next in N minutes", if it said
    audience: Audience = Audience.RESPONDERS

    def remaining(self, now: datetime) -> timedelta | None:
        return None if self.due is None else self.due - now

    def overdue(self, now: datetime) -> bool:
        return self.due is not None and now >= self.due


def updates_to(state: IncidentState, audience: Audience) -> list[Event]:
    """The updates posted to `audience`, in time order."""
    return [
        e for e in state.updates if audience_of(cast("StatusUpdate", e.body).audience) is audience
    ]


def last_update_to(state: IncidentState, audience: Audience) -> Event | None:
    for e in reversed(state.updates):  # a few dozen at most: newest first, stop at the first
        if audience_of(cast("StatusUpdate", e.body).audience) is audience:
            return e
    return None


def clock(
    state: IncidentState, audience: Audience, cadences: Cadences | None = None
) -> UpdateClock:
    """When the next update to `audience` is due."""
    cadence = (cadences or defaults()).get(audience) or {}
    last = last_update_to(state, audience)
    return _clock(state, last, cadence, audience)


def _clock(state: IncidentState, last: Event | None, cadence: Mapping[Severity, int | None],
           audience: Audience) -> UpdateClock:  # fmt: skip
    every = cadence.get(state.severity) if state.severity else None
    promised = cast("StatusUpdate", last.body).next_in_minutes if last is not None else None
    minutes = promised or every
    last_at = last.at if last else None
    if state.phase in CLOSED_PHASES or minutes is None:
        return UpdateClock(None, last_at, every, promised, audience)
    start = last.at if last else state.declared_at
    if start is None:
        return UpdateClock(None, None, every, promised, audience)
    return UpdateClock(start + timedelta(minutes=minutes), last_at, every, promised, audience)


def clocks(state: IncidentState, cadences: Cadences | None = None) -> list[UpdateClock]:
    """Every audience with an update due, soonest first."""
    found = [clock(state, a, cadences) for a in Audience]
    due = [c for c in found if c.due is not None]
    return sorted(due, key=lambda c: (c.due, list(Audience).index(c.audience)))


def next_due(state: IncidentState, cadences: Cadences | None = None) -> UpdateClock:
    """The update due soonest, whichever its audience; with none due, the responders' clock
    (which says why: no cadence at this severity, or the incident is over)."""
    due = clocks(state, cadences)
    return due[0] if due else clock(state, Audience.RESPONDERS, cadences)


def next_update(state: IncidentState, cadence: Mapping[Severity, int | None] | None = None,
                audience: Audience = Audience.RESPONDERS) -> UpdateClock:  # fmt: skip
    """One audience's clock from one cadence by severity (the responders' by default)."""
    last = last_update_to(state, audience)
    return _clock(state, last, DEFAULT_CADENCE if cadence is None else cadence, audience)


# ---- after the fact: which updates came late, which were missed ----------------------------


@dataclass(frozen=True, slots=True)
class Wait:
    """One audience's wait for its next update: from its previous one (or the declaration) to
    the next (or the end: now, or while resolved), with the due times that passed meanwhile
    while the incident was open. The first was due by the countdown's rule (the previous
    update's promise, else the cadence of the severity in force); each next one a cadence
    later (of the severity in force then), as long as no update came."""

    audience: Audience
    start: datetime
    until: datetime
    update: Event | None  # the update that ended the wait (None: the last wait, to the end)
    promise: int | None  # the previous update's "next in N minutes", if it said
    dues: tuple[datetime, ...]  # the due times that passed with the incident open
    posted_open: bool  # the update came while the incident was open (not its final word)

    @property
    def late(self) -> bool:
        """The update came after it was due (the first due time), while the incident was open."""
        return self.update is not None and self.posted_open and bool(self.dues)

    @property
    def missed(self) -> int:
        """Due times that passed with no update: all of them, but the one a late update answered."""
        return len(self.dues) - (1 if self.late else 0)


@dataclass(frozen=True, slots=True)
class UpdateDue:
    """One posted update and when it was due, by the rule the countdown showed then."""

    event: Event
    audience: Audience
    due: datetime | None  # None: nothing asked for it (no cadence, no promise, or it was over)
    late: bool  # overdue before it came (and came while the incident was open)
    missed_before: int = 0  # due times that passed with no update before it (beyond its own)


@dataclass(frozen=True, slots=True)
class LateUpdate:
    audience: Audience
    due: datetime  # when it became overdue
    posted: datetime | None  # when the late update came; None: it never came (missed)

    def late_by(self, end: datetime) -> timedelta:
        return (self.posted or end) - self.due


def waits(state: IncidentState, cadences: Cadences | None = None,
          end: datetime | None = None) -> list[Wait]:  # fmt: skip
    """Every audience's waits, in time order: one before each update, and (with `end`: now)
    the last one, from the last update to `end`. Due times count only while the incident is
    open: a resolved (or closed) stretch asks for no update, and an update posted then is
    the final word, never late. The one place that says which updates came late or were
    missed: the live countdown's rule, applied after the fact."""
    cadences = cadences or defaults()
    start0 = state.declared_at
    if start0 is None:
        return []
    changes = _severity_changes(state)
    closed = _closed_spans(state)
    over = closed[-1][0] if closed and closed[-1][1] is None else None  # resolved since
    out: list[Wait] = []
    last: dict[Audience, tuple[datetime, int | None]] = {}

    def wait(audience: Audience, until: datetime, update: Event | None) -> None:
        start, promise = last.get(audience, (start0, None))
        cadence = cadences.get(audience) or {}
        stop = min(until, over) if over is not None else until  # nothing due once it is over
        dues: list[datetime] = []
        due = _due(start, stop, promise, cadence, changes) if stop > start else None
        while due is not None:
            if not _within(due, closed):  # a stretch while resolved, then reopened
                dues.append(due)
            due = _due(due, stop, None, cadence, changes)
        out.append(Wait(audience, start, until, update, promise, tuple(dues),
                        not _within(until, closed)))  # fmt: skip

    for e in state.updates:
        audience = audience_of(cast("StatusUpdate", e.body).audience)
        wait(audience, e.at, e)
        last[audience] = (e.at, cast("StatusUpdate", e.body).next_in_minutes)
    if end is not None:
        for audience in Audience:
            wait(audience, end, None)
    return sorted(out, key=lambda w: (w.until, list(Audience).index(w.audience)))


def update_dues(state: IncidentState, cadences: Cadences | None = None) -> list[UpdateDue]:
    """Every status update, in time order, with when it was due (`waits`): late when it came
    after its due time while the incident was open; an update posted while resolved is the
    final word, due nothing."""
    cadences = cadences or defaults()
    changes = _severity_changes(state)
    out = []
    for w in waits(state, cadences):
        assert w.update is not None  # without `end`, every wait ends with an update
        if not w.posted_open:
            due = None
        elif w.dues:
            due = w.dues[0]
        else:
            due = _shown(w.start, w.until, w.promise, cadences.get(w.audience) or {}, changes)
        out.append(UpdateDue(w.update, w.audience, due, w.late, w.missed))
    return out


def late_updates(state: IncidentState, cadences: Cadences | None = None,
                 end: datetime | None = None) -> list[LateUpdate]:  # fmt: skip
    """Every update that came after it was due, and every due time that passed with no
    update (posted None), up to `end` (now) and never while resolved (`waits`)."""
    out = []
    for w in waits(state, cadences, end):
        for n, due in enumerate(w.dues):
            posted = w.update.at if w.late and n == 0 and w.update is not None else None
            out.append(LateUpdate(w.audience, due, posted))
    return sorted(out, key=lambda late: (late.due, list(Audience).index(late.audience)))


def _closed_spans(state: IncidentState) -> list[tuple[datetime, datetime | None]]:
    """The stretches while the incident was resolved or closed ([from, to), None: still)."""
    spans: list[tuple[datetime, datetime | None]] = []
    since: datetime | None = None
    for step in state.phase_history:
        if step.phase in CLOSED_PHASES and since is None:
            since = step.at
        elif step.phase not in CLOSED_PHASES and since is not None:
            spans.append((since, step.at))
            since = None
    if since is not None:
        spans.append((since, None))
    return spans


def _within(at: datetime, spans: list[tuple[datetime, datetime | None]]) -> bool:
    return any(a <= at and (b is None or at < b) for a, b in spans)


def _severity_changes(state: IncidentState) -> list[tuple[datetime, Severity | None]]:
    """(from when, severity) in time order; None before the first severity."""
    out: list[tuple[datetime, Severity | None]] = []
    for e in state.severity_history:
        sev = getattr(e.body, "severity", None)
        out.append((e.at, sev if isinstance(sev, Severity) else None))
    return out


def _shown(start: datetime, at: datetime, promise: int | None,
           cadence: Mapping[Severity, int | None],
           changes: list[tuple[datetime, Severity | None]]) -> datetime | None:  # fmt: skip
    """When the countdown said the update was due, just before `at`."""
    if promise:
        return start + timedelta(minutes=promise)
    i = bisect.bisect_left([t for t, _ in changes], at)
    sev = changes[i - 1][1] if i > 0 else None
    minutes = cadence.get(sev) if sev is not None else None
    return start + timedelta(minutes=minutes) if minutes else None


def _due(start: datetime, until: datetime, promise: int | None,
         cadence: Mapping[Severity, int | None],
         changes: list[tuple[datetime, Severity | None]]) -> datetime | None:  # fmt: skip
    """When the wait from `start` became overdue before `until`, or None if it did not."""
    if promise:
        due = start + timedelta(minutes=promise)
        return due if until > due else None
    # The severities in force between start and until, each from when it held.
    i = bisect.bisect_right([at for at, _ in changes], start)
    current = changes[i - 1][1] if i > 0 else None
    segments: list[tuple[datetime, Severity | None]] = [(start, current)]
    segments += [(at, sev) for at, sev in changes[i:] if at < until]
    for n, (since, sev) in enumerate(segments):
        to = segments[n + 1][0] if n + 1 < len(segments) else until
        minutes = cadence.get(sev) if sev is not None else None
        if minutes is None:
            continue
        due = max(since, start + timedelta(minutes=minutes))
        if due < to:
            return due
    return None
