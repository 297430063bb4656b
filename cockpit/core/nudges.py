"""Nudges: what the team should look at now, each a pure rule of the state, a time and the
thresholds (`[nudges]` in the config), each precise about why (../shared/PRACTICE.md).

The order of urgency (the attention line names the first due; `!` lists them all):

 1. conflict      two people set the same thing without seeing each other: the record
                  disagrees with itself, and every view shows one of the two
 2. role_empty    no Incident Commander or no scribe: nobody coordinates, nobody keeps the
                  record (roles released once the incident is resolved or closed do not count)
 3. page_unacked  someone was paged and has neither acknowledged nor joined
 4. idle          nothing in progress: no mitigation in flight, no acknowledged task
 5. task_unacked  delegated but not acknowledged: until they acknowledge, it is not delegated
 6. task_overdue  an open task past its due time
 7. report_back   an open task past its report-back time: check in with its owner (a status
                  change, or a note that names the owner, @priya, is word from them)
 8. ic_hands_on   the IC owns a task or runs a mitigation: the IC coordinates, never fixes
 9. busy          one person holds more than one open task: one problem at a time
10. ic_rotation   the IC has held the role for hours: rotate, with a handover briefing
11. break_due     someone on duty for hours without a break
12. check_in      a lull, nothing recorded for a while: check in (impact, actions in
                  progress, when each should finish)
13. downgrade     late at night, hours into an incident: consider downgrading so the team can
                  rest; once a night, and decided either way on the record

Within a rule, the nudge due longest comes first. Each text starts with words of its own,
never with a name (a view may capitalise the first letter; names stay as typed). A nudge has a stable id (`break_due:priya`,
`idle`) by which it is snoozed (`nudge_snoozed`, an event: every terminal sees it) until a
time, never for good: a snooze reaches at most `max_snooze` ahead (the downgrade question, to
the end of the night). Texts name no keys: the screen adds its own, the CLI its commands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import cast

from cockpit.core import conflicts, rules
from cockpit.core import events as ev
from cockpit.core.pace import NudgeSnoozed
from cockpit.core.roster import roster
from cockpit.core.state import IncidentState, Task
from cockpit.core.timefmt import span_words as span
from cockpit.core.vocabulary import Role, Severity, TaskStatus


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Every rule's threshold (the defaults follow the practice; `[nudges]` changes them)."""

    idle: timedelta = timedelta(minutes=5)
    unacked_task: timedelta = timedelta(minutes=3)
    open_tasks: int = 1  # more than this many open tasks for one person is too many
    empty_role: timedelta = timedelta(minutes=2)
    ic_hands_on: timedelta = timedelta(minutes=2)
    page_ack: timedelta = timedelta(minutes=5)
    check_in: timedelta = timedelta(minutes=15)
    break_every: timedelta = timedelta(hours=2)
    ic_rotation: timedelta = timedelta(hours=3)
    long_incident: timedelta = timedelta(hours=4)
    night_start: time = time(22, 0)  # in `tz`; a night may cross midnight
    night_end: time = time(6, 0)
    max_snooze: timedelta = timedelta(hours=4)
    tz: tzinfo = UTC  # the user's zone: the night, and the clock times in the texts


DEFAULT = Thresholds()


@dataclass(frozen=True, slots=True)
class Nudge:
    id: str  # stable: what a snooze names
    rule: str
    text: str  # one line, precise about why; starts lower case (the view capitalises)
    due_since: datetime  # when its threshold was crossed
    action: str  # the binding id of the action that deals with it (keymap.py)
    snooze: ev.Event | None = None  # the snooze in force, when snoozed

    @property
    def snoozed(self) -> bool:
        return self.snooze is not None

    @property
    def until(self) -> datetime | None:
        return cast(NudgeSnoozed, self.snooze.body).until if self.snooze else None


Rule = Callable[[IncidentState, datetime, Thresholds], Iterator[Nudge]]

# (rule, what it is called in a list, what it asks for) in the order of urgency.
TITLES: dict[str, str] = {
    "conflict": "conflict",
    "role_empty": "role empty",
    "page_unacked": "page not acknowledged",
    "idle": "nothing in progress",
    "task_unacked": "task not acknowledged",
    "task_overdue": "task overdue",
    "report_back": "report back",
    "ic_hands_on": "IC hands-on",
    "busy": "several tasks",
    "ic_rotation": "IC rotation",
    "break_due": "break due",
    "check_in": "check-in",
    "downgrade": "consider downgrading",
}


def _hm(when: datetime, t: Thresholds) -> str:
    return when.astimezone(t.tz).strftime("%H:%M")


def _open(state: IncidentState) -> bool:
    return state.phase not in rules.CLOSED_PHASES


# ---- the rules, most urgent first -----------------------------------------------------------


def conflict(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    for c in state.conflicts():
        # Due as soon as both writes are here, whatever the clocks say: another terminal's
        # clock may run ahead of this one, and the record disagrees with itself now.
        since = max(w.at for w in c.writes)
        yield Nudge("conflict:" + "/".join(c.register), "conflict",
                    f"conflict, set without seeing each other: {conflicts.summary(c, state)}",
                    since, "resolve")  # fmt: skip


ROLE_WHY = {Role.IC: "nobody coordinates the response", Role.SCRIBE: "nobody keeps the record"}


def role_empty(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    if not _open(state):
        return  # stood down: released roles are not missing
    for role in Role:
        if not role.critical or state.holders(role):
            continue
        since = _empty_since(state, role)
        if since is not None and now - since >= t.empty_role:
            why = ROLE_WHY.get(role, "it must be filled")
            yield Nudge(f"role_empty:{role.value}", "role_empty",
                        f"no {role.title} for {span(now - since)}: {why}",
                        since + t.empty_role, "assign")  # fmt: skip


def _empty_since(state: IncidentState, role: Role) -> datetime | None:
    """When the role was last released, or the declaration when it was never held."""
    released = [
        r.winner.at for key, r in state.registers.items()
        if key[:2] == ("role", role.value) and r.winner is not None
    ]  # fmt: skip
    return max(released) if released else state.declared_at


def page_unacked(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    return iter(())  # the paging log comes with the closing issue's page acknowledgement


def idle(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    quiet = rules.idle_for(state, now, t.idle)
    if quiet is None:
        return
    done = [m for m in state.all_mitigations() if m.outcome is not None]
    why = "no mitigation in flight"
    if done and (outcome := done[-1].outcome) is not None:
        why += f" (the last, {done[-1].what}: {outcome.value.replace('_', ' ')})"
    waiting = sum(1 for x in state.open_tasks() if x.status is TaskStatus.DELEGATED)
    why += ", no acknowledged task" + (f" ({waiting} waiting for ack)" if waiting else "")
    yield Nudge("idle", "idle", f"nothing in progress for {span(quiet)}: {why}",
                now - quiet + t.idle, "mitigate")  # fmt: skip


def task_unacked(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    for x in rules.unacknowledged_tasks(state, now, t.unacked_task):
        yield Nudge(f"task_unacked:{x.id}", "task_unacked",
                    f"not acknowledged: {x.owner}: {x.text}, delegated {span(now - x.delegated_at)}"
                    " ago: not delegated until acknowledged",
                    x.delegated_at + t.unacked_task, "ack")  # fmt: skip


def task_overdue(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    for x in state.open_tasks():
        if x.due is not None and now >= x.due:
            yield Nudge(f"task_overdue:{x.id}", "task_overdue",
                        f"overdue: {x.owner}: {x.text}, due {_hm(x.due, t)} "
                        f"({span(now - x.due)} ago)", x.due, "ack")  # fmt: skip


def last_heard(state: IncidentState, task_id: str) -> datetime | None:
    """When the task's owner was last heard from about it: its delegation, its latest status
    change, or the latest note that names them, whichever is latest."""
    x = state.task(task_id)
    if x is None:
        return None
    heard = state.pace.heard.get(x.owner)
    return max(x.delegated_at, x.status_at, *((heard,) if heard else ()))


def report_due(state: IncidentState, task_id: str) -> datetime | None:
    """When the task's owner should next report back: as long after they were last heard
    from as the first report was asked after the delegation; None when none was asked."""
    x = state.task(task_id)
    if x is None or x.report_back is None or x.report_back <= x.delegated_at:
        return None
    heard = last_heard(state, task_id)
    assert heard is not None
    return heard + (x.report_back - x.delegated_at)


def report_back(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    for x in state.open_tasks():
        due = report_due(state, x.id) if x.report_back is not None else None
        if due is not None and now >= due:
            heard = last_heard(state, x.id)
            assert heard is not None
            yield Nudge(f"report_back:{x.id}", "report_back",
                        f"check in with {x.owner}: {x.text}, {span(now - heard)} since last heard",
                        due, "ack")  # fmt: skip


def ic_hands_on(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    ics = state.holders(Role.IC)
    if not ics or not _open(state):
        return
    ic = ics[0]
    work = [(x.delegated_at, f"owns the task “{x.text}”") for x in state.open_tasks()
            if x.owner == ic.person]  # fmt: skip
    work += [(m.started_at, f"runs the mitigation “{m.what}”")
             for m in state.mitigations_in_flight() if m.by == ic.person]  # fmt: skip
    if not work:
        return
    since = max(ic.since, min(at for at, _ in work))
    if now - since >= t.ic_hands_on:
        yield Nudge(f"ic_hands_on:{ic.person}", "ic_hands_on",
                    f"the IC, {ic.person}, {' and '.join(w for _, w in work)}: the IC "
                    "coordinates; hand the work to someone else", since + t.ic_hands_on,
                    "delegate")  # fmt: skip


def busy(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    if not _open(state):
        return
    owners: dict[str, list[Task]] = {}
    for x in state.open_tasks():  # in delegation order
        owners.setdefault(x.owner, []).append(x)
    for owner, tasks in owners.items():
        if len(tasks) > t.open_tasks and now >= tasks[t.open_tasks].delegated_at:
            names = "; ".join(x.text for x in tasks)
            yield Nudge(f"busy:{owner}", "busy",
                        f"several tasks: {owner} holds {len(tasks)} open ({names}); one problem "
                        "at a time: hand one to someone else", tasks[t.open_tasks].delegated_at,
                        "delegate")  # fmt: skip


def ic_rotation(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    ics = state.holders(Role.IC)
    if not ics or not _open(state):
        return
    ic = ics[0]
    held = now - ic.since
    if held >= t.ic_rotation:
        yield Nudge(f"ic_rotation:{ic.person}", "ic_rotation",
                    f"rotate the IC: {ic.person} has been IC for {span(held)}; hand over with "
                    "a briefing", ic.since + t.ic_rotation, "handover")  # fmt: skip


def break_due(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    if not _open(state):
        return
    for m in roster(state, now):
        if not m.present or m.on_break():
            continue
        stretch = m.since_break(now)
        if stretch >= t.break_every:
            since = "since their last break" if m.last_break else "without a break"
            yield Nudge(f"break_due:{m.person}", "break_due",
                        f"break due: {m.person}, {span(stretch)} on duty {since}",
                        now - stretch + t.break_every, "record_break")  # fmt: skip


def check_in(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    if not _open(state) or state.last_at is None:
        return
    quiet = now - state.last_at
    if quiet >= t.check_in:
        yield Nudge("check_in", "check_in",
                    f"quiet for {span(quiet)}: check in: restate the impact, the actions in "
                    "progress and when each should finish", state.last_at + t.check_in,
                    "check_in")  # fmt: skip


def night(now: datetime, t: Thresholds) -> tuple[datetime, datetime] | None:
    """The night `now` falls in, as (start, end) instants, or None by day (or with no night:
    a start equal to the end)."""
    if t.night_start == t.night_end:
        return None
    local = now.astimezone(t.tz)
    for back in (0, 1):
        day = local.date() - timedelta(days=back)
        start = datetime.combine(day, t.night_start, tzinfo=t.tz)
        ends = day if t.night_end > t.night_start else day + timedelta(days=1)
        end = datetime.combine(ends, t.night_end, tzinfo=t.tz)
        if start <= now < end:
            return start, end
    return None


def downgrade(state: IncidentState, now: datetime, t: Thresholds) -> Iterator[Nudge]:
    sev, declared = state.severity, state.declared_at
    if not _open(state) or sev is None or sev is Severity.SEV4 or declared is None:
        return
    dark = night(now, t)
    if dark is None:
        return
    since = max(dark[0], declared + t.long_incident)
    changed = any(e.at >= dark[0] and e.kind == "severity_set" for e in state.severity_history)
    if now >= since and not changed:  # a severity set tonight: the team has decided
        yield Nudge("downgrade", "downgrade",
                    f"late at night, {span(now - declared)} into a {sev.value} incident: consider "
                    "downgrading so the team can rest, and record the decision either way",
                    since, "snooze")  # fmt: skip


RULES: tuple[Rule, ...] = (
    conflict, role_empty, page_unacked, idle, task_unacked, task_overdue, report_back,
    ic_hands_on, busy, ic_rotation, break_due, check_in, downgrade,
)  # fmt: skip


# ---- reading them ---------------------------------------------------------------------------


def current(state: IncidentState, now: datetime, t: Thresholds = DEFAULT) -> list[Nudge]:
    """Every nudge due now, in the order of urgency, the snoozed ones marked (`snooze`)."""
    out: list[Nudge] = []
    for rule in RULES:
        found = sorted(rule(state, now, t), key=lambda n: (n.due_since, n.id))
        for n in found:
            s = snoozed(state, n.id, now)
            out.append(replace(n, snooze=s) if s is not None else n)
    return out


def active(state: IncidentState, now: datetime, t: Thresholds = DEFAULT) -> list[Nudge]:
    """The nudges due now and not snoozed, most urgent first."""
    return [n for n in current(state, now, t) if not n.snoozed]


def snoozed(state: IncidentState, nudge_id: str, now: datetime) -> ev.Event | None:
    """The snooze in force for a nudge now, if any (the latest one wins: one until now ends
    it)."""
    e = state.pace.snoozes.get(nudge_id)
    if e is None or cast(NudgeSnoozed, e.body).until <= now:
        return None
    return e


def snooze_limit(nudge_id: str, now: datetime, t: Thresholds = DEFAULT) -> datetime:
    """How far a snooze of this nudge may reach: `max_snooze` ahead; the downgrade question,
    decided for tonight, to the end of the night."""
    if nudge_id == "downgrade" and (dark := night(now, t)) is not None:
        return max(dark[1], now + t.max_snooze)
    return now + t.max_snooze


def rule_of(nudge_id: str) -> str:
    return nudge_id.split(":", 1)[0]
