"""Who is on the call: when each person joined, whether they left, the roles they hold, and
their time on duty since they joined and since their last break (PRACTICE.md, "People and
pace": watch fatigue, enforce breaks, rotate people and the IC).

On the call means active in the incident: someone who joined (`person_joined`), wrote an
entry, holds a role, owns a task or runs a mitigation. Writing counts from when it was
recorded: an entry backdated to when something happened says nothing about when its writer
was on the call (a note dated 2017 does not put its writer on duty for years). A join, a role
taken, a break or a leave at a given time does say it, and counts at that time. Being named in a note or paged is not
being on the call. `person_left` takes a person off the roster until they join again (their
own writing after that does not bring them back: a scribe or a bot may write in their name);
a rejoin starts their time on duty afresh. A break (`break_taken`) runs from its `at` to its
end; time since the last break counts from the end of the latest one that is over.

Pure: a function of the state and a time.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cockpit.core.timefmt import span_words
from cockpit.core.vocabulary import Role

if TYPE_CHECKING:
    from cockpit.core.state import IncidentState


@dataclass(frozen=True, slots=True)
class Member:
    person: str
    first_seen: datetime  # first active in the incident
    joined: datetime  # on the call since: the start of their latest stint
    left: datetime | None  # off the call since then (None: still on it)
    roles: tuple[Role, ...]
    break_until: datetime | None  # on a break now, until then
    last_break: datetime | None  # when their latest finished break (this stint) ended
    away: timedelta = timedelta(0)  # on breaks this stint, up to the time asked about
    breaks: int = 0  # breaks taken this stint (over or not), by then
    break_from: datetime | None = None  # when the break they are on now began

    @property
    def present(self) -> bool:
        return self.left is None

    def on_break(self) -> bool:
        return self.break_until is not None

    def on_duty(self, now: datetime) -> timedelta:
        """Time on the call since they joined (breaks included: they came for it)."""
        return max(timedelta(0), (self.left or now) - self.joined)

    def working(self, now: datetime) -> timedelta:
        """Time on the call since they joined, less their breaks (`now`: the member's time)."""
        return max(timedelta(0), self.on_duty(now) - self.away)

    def since_break(self, now: datetime) -> timedelta:
        """Time on duty since their last break ended (or since they joined, without one)."""
        start = max(self.joined, self.last_break) if self.last_break else self.joined
        return max(timedelta(0), (self.left or now) - start)


def member(state: IncidentState, person: str, now: datetime,
           roles: tuple[Role, ...] | None = None) -> Member | None:  # fmt: skip
    """One person's place on the roster at `now` (None: not on the call by then). `roles`,
    when the caller has the role board at hand (it walks every register)."""
    first = state.on_call.get(person)
    if first is None or first > now:
        return None
    pace = state.pace
    marks = sorted([(t, 1) for t in pace.joins.get(person, ()) if t <= now]
                   + [(t, 0) for t in pace.leaves.get(person, ()) if t <= now])  # fmt: skip
    joined, left = first, None
    for t, is_join in marks:  # a join while on the call, or a leave while off it, changes nothing
        if is_join and left is not None:
            joined, left = t, None
        elif not is_join and left is None:
            left = t
    break_until: datetime | None = None
    last_break: datetime | None = None
    break_from: datetime | None = None
    away, taken, covered = timedelta(0), 0, joined  # breaks may overlap: count each minute once
    end = left or now
    for b in pace.breaks.get(person, []):  # in start order
        if b.start > now or b.end < joined or (left is not None and b.start > left):
            continue
        taken += 1
        start, stop = max(b.start, covered), min(b.end, end)
        if stop > start:
            away += stop - start
        covered = max(covered, min(b.end, end))
        if b.end > now:
            break_until = b.end if break_until is None else max(break_until, b.end)
            break_from = b.start if break_from is None else min(break_from, b.start)
        elif last_break is None or b.end > last_break:
            last_break = b.end
    held = tuple(state.roles_of(person)) if roles is None else roles
    return Member(person, first, joined, left, held,
                  None if left else break_until, last_break, away, taken,
                  None if left else break_from)  # fmt: skip


def roster(state: IncidentState, now: datetime) -> list[Member]:
    """Everyone on the call, then those who left; each group in the order they joined."""
    held: dict[str, list[Role]] = {}
    for role, holders in state.role_board().items():
        for h in holders:
            held.setdefault(h.person, []).append(role)
    members = [m for p in state.on_call
               if (m := member(state, p, now, tuple(held.get(p, ())))) is not None]  # fmt: skip
    return sorted(members, key=lambda m: (not m.present, m.joined, m.person))


def joined_after(state: IncidentState, person: str, at: datetime) -> datetime | None:
    """When `person` joined the call at or after `at` (explicitly, or by first being active
    then); None if they have not since."""
    joins = state.pace.joins.get(person, [])
    i = bisect.bisect_left(joins, at)
    if i < len(joins):
        return joins[i]
    first = state.on_call.get(person)
    return first if first is not None and first >= at else None


def stepped_away(state: IncidentState, person: str, now: datetime) -> Member | None:
    """`person` as the roster has them, if they are on a break or have left the call at `now`
    (handing them a role then leaves it unheld until they are back)."""
    m = member(state, person, now, ())
    return m if m is not None and (not m.present or m.on_break()) else None


def away_holders(state: IncidentState, now: datetime) -> list[tuple[Role, Member, datetime]]:
    """The holders of a role that must be filled (IC, scribe) who are on a break or have left
    the call at `now`, with since when, unless someone covers: a deputy IC on the call and not
    on a break covers the IC; another scribe on the call covers a scribe."""

    def here(m: Member | None) -> bool:
        return m is not None and m.present and not m.on_break()

    out = []
    for role in (r for r in Role if r.critical):
        holders = [member(state, h.person, now, ()) for h in state.holders(role)]
        cover = [member(state, h.person, now, ()) for h in state.holders(Role.DEPUTY_IC)]
        if any(here(m) for m in holders + (cover if role is Role.IC else [])):
            continue
        for m in holders:
            since = None if m is None else m.left or m.break_from
            if m is not None and since is not None:
                out.append((role, m, since))
    return out


def in_role_since(state: IncidentState, person: str, role: Role, now: datetime) -> datetime | None:
    """Since when `person` has held `role` on this stint on the call: a holder who left and
    came back has been in it since they came back (None: they do not hold it)."""
    held = next((h for h in state.holders(role) if h.person == person), None)
    if held is None:
        return None
    m = member(state, person, now, ())
    return max(held.since, m.joined) if m is not None else held.since


def duty_words(state: IncidentState, person: str, now: datetime) -> str:
    """For a handover's record: `3h10m on duty, 3h02m as IC, no break`; with breaks, the time
    on the call less the breaks (`2h55m on duty (3h10m on the call, 15 min on breaks)`), and
    a break in progress says so (`on a break now, back in 7 min`)."""
    m = member(state, person, now, ())
    if m is None:
        return ""
    duty = f"{span_words(m.working(now))} on duty"
    if m.away:
        duty += f" ({span_words(m.on_duty(now))} on the call, {span_words(m.away)} on breaks)"
    parts = [duty]
    ic = state.holders(Role.IC)
    if ic and ic[0].person == person:
        since = in_role_since(state, person, Role.IC, now) or ic[0].since
        parts.append(f"{span_words(now - since)} as IC")
    if m.break_until is not None:
        parts.append(f"on a break now, back in {span_words(m.break_until - now)}")
    elif m.last_break is not None:
        parts.append(f"{span_words(m.since_break(now))} since a break")
    elif not m.present:
        parts.append("left the call")
    else:
        parts.append("no break")
    return ", ".join(parts)
