"""Nudges: what the team should look at now, each a pure rule of the state, a time and the
thresholds (`[nudges]` in the config), each precise about why (../shared/PRACTICE.md).

The order of urgency (the attention line names the first due; `!` lists them all):

 1. conflict      two people set the same thing without seeing each other: the record
                  disagrees with itself, and every view shows one of the two
 2. role_empty    no Incident Commander or no scribe: nobody coordinates, nobody keeps the
                  record (roles released at the all-clear, or once the incident is resolved
                  or closed, do not count; reopened, a role counts as empty from then)
 3. role_away     the IC or the scribe is on a break or has left the call, and nobody covers
                  (a deputy IC on the call, another scribe): hand over, or name a deputy
 4. page_unacked  someone was paged and has neither acknowledged nor joined
 5. idle          nothing in progress: no mitigation in flight, no acknowledged task
 6. task_unacked  delegated but not acknowledged: until they acknowledge, it is not delegated
 7. task_overdue  an open task past its due time
 8. report_back   an open task past its report-back time: check in with its owner (a status
                  change, or a note that names the owner, @priya, is word from them)
 9. ic_hands_on   the IC owns a task or runs a mitigation: the IC coordinates, never fixes
10. busy          one person holds more than one open task: one problem at a time
11. ic_rotation   the IC has held the role for hours: rotate, with a handover briefing
12. break_due     someone on duty for hours without a break
13. check_in      a lull, nothing recorded for a while: check in (impact, actions in
                  progress, when each should finish)
14. downgrade     late at night, hours into an incident: consider downgrading so the team can
                  rest; once a night, and decided either way on the record

An overdue status update is not a nudge (the update countdown owns it); the lists of nudges
say it is overdue beside them, never "nothing needs attention".

Within a rule, the nudge due longest comes first. Each text starts with words of its own,
never with a name (a view may capitalise the first letter; names stay as typed). A nudge has a stable id (`break_due:priya`,
`idle`) by which it is snoozed (`nudge_snoozed`, an event: every terminal sees it) until a
time, never for good: a snooze reaches at most `max_snooze` ahead (the downgrade question, to
the end of the night). Texts name no keys: the screen adds its own, the CLI its commands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from functools import cached_property
from typing import cast

from cockpit.core import closing, conflicts, rules
from cockpit.core import events as ev
from cockpit.core.night import night
from cockpit.core.nudge_types import DEFAULT as DEFAULT
from cockpit.core.nudge_types import TITLES as TITLES
from cockpit.core.nudge_types import Nudge as Nudge
from cockpit.core.nudge_types import Thresholds as Thresholds
from cockpit.core.pace import NudgeSnoozed
from cockpit.core.roster import away_holders, in_role_since, roster
from cockpit.core.state import Holder, IncidentState, Mitigation, Task
from cockpit.core.timefmt import span_words as span
from cockpit.core.vocabulary import Role, Severity, TaskStatus


class Moment:
    """The incident at one instant, as the rules read it: what several rules need (the open
    tasks, the mitigations in flight, the IC) is worked out once per evaluation, not once
    per rule (a long incident holds thousands of tasks)."""

    def __init__(self, state: IncidentState, now: datetime, t: Thresholds) -> None:
        self.state, self.now, self.t = state, now, t
        # Resolved, closed or stood down (the all-clear): the team is released, nobody is
        # missing, nothing is idle.
        self.open = state.phase not in rules.CLOSED_PHASES and closing.stood_down(state) is None

    @cached_property
    def tasks(self) -> list[Task]:
        return self.state.open_tasks()

    @cached_property
    def flying(self) -> list[Mitigation]:
        return self.state.mitigations_in_flight()

    @cached_property
    def ic(self) -> Holder | None:
        ics = self.state.holders(Role.IC)
        return ics[0] if ics else None

    def hm(self, when: datetime) -> str:
        return when.astimezone(self.t.tz).strftime("%H:%M")


Rule = Callable[[Moment], Iterator[Nudge]]


# ---- the rules, most urgent first -----------------------------------------------------------


def conflict(m: Moment) -> Iterator[Nudge]:
    for c in m.state.conflicts():
        # Due as soon as both writes are here, whatever the clocks say: another terminal's
        # clock may run ahead of this one, and the record disagrees with itself now.
        since = max(w.at for w in c.writes)
        yield Nudge("conflict:" + "/".join(c.register), "conflict",
                    f"conflict, set without seeing each other: {conflicts.summary(c, m.state)}",
                    since, "resolve")  # fmt: skip


ROLE_WHY = {Role.IC: "nobody coordinates the response", Role.SCRIBE: "nobody keeps the record"}


def role_empty(m: Moment) -> Iterator[Nudge]:
    if not m.open:
        return  # stood down: released roles are not missing
    for role in Role:
        if not role.critical or m.state.holders(role):
            continue
        since = _empty_since(m.state, role)
        if since is not None and m.now - since >= m.t.empty_role:
            why = ROLE_WHY.get(role, "it must be filled")
            yield Nudge(f"role_empty:{role.value}", "role_empty",
                        f"no {role.title} for {span(m.now - since)}: {why}",
                        since + m.t.empty_role, "assign")  # fmt: skip


def _empty_since(state: IncidentState, role: Role) -> datetime | None:
    """When the role was last released, or the declaration when it was never held; reopened
    since, the reopening (roles released at the stand-down or the close were not missing)."""
    released = [
        r.winner.at for key, r in state.registers.items()
        if key[:2] == ("role", role.value) and r.winner is not None
    ]  # fmt: skip
    since = max(released) if released else state.declared_at
    reopened = closing.reopened_at(state)
    if reopened is not None and (since is None or reopened > since):
        return reopened
    return since


AWAY_ASK = {Role.IC: ("handover", "hand over IC or name a deputy"),
            Role.SCRIBE: ("assign", "name another scribe while they are away")}  # fmt: skip


def role_away(m: Moment) -> Iterator[Nudge]:
    if not m.open:
        return
    for role, p, since in away_holders(m.state, m.now):
        if m.now - since < m.t.role_away:
            continue
        where = (f"left the call at {m.hm(since)}" if p.left is not None
                 else f"is on a break until {m.hm(p.break_until or since)}")  # fmt: skip
        action, ask = AWAY_ASK.get(role, ("assign", "name someone to cover"))
        title = "IC" if role is Role.IC else role.title.lower()
        yield Nudge(f"role_away:{role.value}:{p.person}", "role_away",
                    f"the {title}, {p.person}, {where}: {ask}", since + m.t.role_away,
                    action)  # fmt: skip


def page_unacked(m: Moment) -> Iterator[Nudge]:
    if not m.open:
        return
    joins = m.state.pace.joins
    for p in m.state.pages.view():  # a page answered, or followed by a join, is taken
        if p.answered or p.paged_at is None or p.page_id is None:
            continue
        if any(t >= p.paged_at for t in joins.get(p.person, ())):
            continue
        if m.now - p.paged_at >= m.t.page_ack:
            via = f" via {p.via}" if p.via else ""
            yield Nudge(f"page_unacked:{p.page_id}", "page_unacked",
                        f"no answer from {p.person}, paged{via} at {m.hm(p.paged_at)} "
                        f"({span(m.now - p.paged_at)} ago): page again or someone else",
                        p.paged_at + m.t.page_ack, "page")  # fmt: skip


def idle(m: Moment) -> Iterator[Nudge]:
    """Nothing in progress (rules.idle_for: no mitigation in flight, no acknowledged task)."""
    state = m.state
    if not m.open or m.flying or any(x.status is TaskStatus.ACKNOWLEDGED for x in m.tasks):
        return
    moments = [d for d in (state.last_progress_at, state.declared_at) if d is not None]
    if not moments or m.now - max(moments) < m.t.idle:
        return
    quiet = m.now - max(moments)
    done = [x for x in state.all_mitigations() if x.outcome is not None]
    why = "no mitigation in flight"
    if done and (outcome := done[-1].outcome) is not None:
        why += f" (the last, {done[-1].what}: {outcome.value.replace('_', ' ')})"
    waiting = sum(1 for x in m.tasks if x.status is TaskStatus.DELEGATED)
    why += ", no acknowledged task" + (f" ({waiting} waiting for ack)" if waiting else "")
    yield Nudge("idle", "idle", f"nothing in progress for {span(quiet)}: {why}",
                max(moments) + m.t.idle, "mitigate")  # fmt: skip


def task_unacked(m: Moment) -> Iterator[Nudge]:
    for x in m.tasks:
        if x.status is TaskStatus.DELEGATED and m.now - x.delegated_at >= m.t.unacked_task:
            yield Nudge(f"task_unacked:{x.id}", "task_unacked",
                        f"not acknowledged: {x.owner}: {x.text}, delegated "
                        f"{span(m.now - x.delegated_at)} ago: not delegated until acknowledged",
                        x.delegated_at + m.t.unacked_task, "ack")  # fmt: skip


def task_overdue(m: Moment) -> Iterator[Nudge]:
    for x in m.tasks:
        if x.due is not None and m.now >= x.due:
            yield Nudge(f"task_overdue:{x.id}", "task_overdue",
                        f"overdue: {x.owner}: {x.text}, due {m.hm(x.due)} "
                        f"({span(m.now - x.due)} ago)", x.due, "ack")  # fmt: skip


def last_heard(state: IncidentState, task: Task) -> datetime:
    """When the task's owner was last heard from about it: its delegation, its latest status
    change, or the latest note that names them, whichever is latest."""
    heard = state.pace.heard.get(task.owner)
    return max(task.delegated_at, task.status_at, *((heard,) if heard else ()))


def report_due(state: IncidentState, task: Task) -> datetime | None:
    """When the task's owner should next report back: as long after they were last heard
    from as the first report was asked after the delegation; None when none was asked."""
    if task.report_back is None or task.report_back <= task.delegated_at:
        return None
    return last_heard(state, task) + (task.report_back - task.delegated_at)


def report_back(m: Moment) -> Iterator[Nudge]:
    for x in m.tasks:
        due = report_due(m.state, x) if x.report_back is not None else None
        if due is not None and m.now >= due:
            heard = last_heard(m.state, x)
            yield Nudge(f"report_back:{x.id}", "report_back",
                        f"check in with {x.owner}: {x.text}, {span(m.now - heard)} since last "
                        "heard", due, "ack")  # fmt: skip


def ic_hands_on(m: Moment) -> Iterator[Nudge]:
    ic = m.ic
    if ic is None or not m.open:
        return
    work = [(x.delegated_at, f"owns the task “{x.text}”") for x in m.tasks
            if x.owner == ic.person]  # fmt: skip
    work += [(f.started_at, f"runs the mitigation “{f.what}”") for f in m.flying
             if f.by == ic.person]  # fmt: skip
    if not work:
        return
    since = max(ic.since, min(at for at, _ in work))
    if m.now - since >= m.t.ic_hands_on:
        yield Nudge(f"ic_hands_on:{ic.person}", "ic_hands_on",
                    f"the IC, {ic.person}, {' and '.join(w for _, w in work)}: the IC "
                    "coordinates; hand the work to someone else", since + m.t.ic_hands_on,
                    "delegate")  # fmt: skip


def busy(m: Moment) -> Iterator[Nudge]:
    if not m.open:
        return
    owners: dict[str, list[Task]] = {}
    for x in m.tasks:  # in delegation order
        owners.setdefault(x.owner, []).append(x)
    most = m.t.open_tasks
    for owner, tasks in owners.items():
        if len(tasks) > most and m.now >= tasks[most].delegated_at:
            names = "; ".join(x.text for x in tasks)
            yield Nudge(f"busy:{owner}", "busy",
                        f"several tasks: {owner} holds {len(tasks)} open ({names}); one problem "
                        "at a time: hand one to someone else", tasks[most].delegated_at,
                        "delegate")  # fmt: skip


def ic_rotation(m: Moment) -> Iterator[Nudge]:
    ic = m.ic
    if ic is None or not m.open:
        return
    since = in_role_since(m.state, ic.person, Role.IC, m.now) or ic.since  # this stint
    held = m.now - since
    if held >= m.t.ic_rotation:
        yield Nudge(f"ic_rotation:{ic.person}", "ic_rotation",
                    f"rotate the IC: {ic.person} has been IC for {span(held)}; hand over with "
                    "a briefing", since + m.t.ic_rotation, "handover")  # fmt: skip


def break_due(m: Moment) -> Iterator[Nudge]:
    if not m.open:
        return
    for p in roster(m.state, m.now):
        if not p.present or p.on_break():
            continue
        stretch = p.since_break(m.now)
        if stretch >= m.t.break_every:
            since = "since their last break" if p.last_break else "without a break"
            yield Nudge(f"break_due:{p.person}", "break_due",
                        f"break due: {p.person}, {span(stretch)} on duty {since}",
                        m.now - stretch + m.t.break_every, "record_break")  # fmt: skip


def check_in(m: Moment) -> Iterator[Nudge]:
    last = m.state.last_at
    if not m.open or last is None:
        return
    quiet = m.now - last
    if quiet >= m.t.check_in:
        yield Nudge("check_in", "check_in",
                    f"quiet for {span(quiet)}: check in: restate the impact, the actions in "
                    "progress and when each should finish", last + m.t.check_in,
                    "check_in")  # fmt: skip


def downgrade(m: Moment) -> Iterator[Nudge]:
    sev, declared = m.state.severity, m.state.declared_at
    if not m.open or sev is None or sev is Severity.SEV4 or declared is None:
        return
    dark = night(m.now, m.t)
    if dark is None:
        return
    since = max(dark[0], declared + m.t.long_incident)
    history = m.state.severity_history
    changed = any(e.at >= dark[0] and e.kind == "severity_set" for e in history)
    if m.now >= since and not changed:  # a severity set tonight: the team has decided
        yield Nudge("downgrade", "downgrade",
                    f"late at night, {span(m.now - declared)} into a {sev.value} incident: "
                    "consider downgrading so the team can rest, and record the decision either "
                    "way", since, "snooze")  # fmt: skip


RULES: tuple[Rule, ...] = (
    conflict, role_empty, role_away, page_unacked, idle, task_unacked, task_overdue, report_back,
    ic_hands_on, busy, ic_rotation, break_due, check_in, downgrade,
)  # fmt: skip


# ---- reading them ---------------------------------------------------------------------------


def current(state: IncidentState, now: datetime, t: Thresholds = DEFAULT) -> list[Nudge]:
    """Every nudge due now, in the order of urgency, the snoozed ones marked (`snooze`)."""
    out: list[Nudge] = []
    moment = Moment(state, now, t)
    for rule in RULES:
        found = sorted(rule(moment), key=lambda n: (n.due_since, n.id))
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
