"""The other incidents of the file, as one incident's screen sees them: which are linked to
it (its parent, its child workstreams, what caused it...) and where each stands now, and
which are open on a service (the catalog's dependencies show them).

Fed with the other incidents' state-setting events (never their notes: a few hundred each
at most), incrementally, as the screen's poll reads them; `rows(here)` is then a walk over
the links, not over the events. A link may name an incident this reader cannot see (not in
this file: another server, another team's token): its row says so, with the title recorded
when it was linked, and is never an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from cockpit.core.light import Item
from cockpit.core.links import Link, Relation, standing
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Phase, Role, Severity

CLOSED = (Phase.RESOLVED, Phase.CLOSED)  # as rules.CLOSED_PHASES (rules imports the state)


@dataclass(frozen=True, slots=True)
class Where:
    """Where one incident stands: what a parent shows of each child."""

    id: str
    label: str  # this file's INC-n
    title: str
    severity: Severity | None
    phase: Phase
    lead: str  # its Incident Commander: a child workstream's lead
    mitigation: str  # the mitigation in flight now ("" for none)
    service: str

    @property
    def open(self) -> bool:
        return self.phase not in CLOSED


def where(state: IncidentState, label: str) -> Where:
    ic = state.holders(Role.IC)
    m = state.current_mitigation
    return Where(state.incident_id or "", label, state.title, state.severity, state.phase,
                 ic[0].person if ic else "", m.what if m else "",
                 state.field("service"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Linked:
    """One incident linked to `here`, seen from `here`."""

    link: Link
    outgoing: bool  # written in here's log (here is caused by / part of it) or in its own
    other: Where | None  # None: not in this file (another server, another team, not joined)

    @property
    def other_id(self) -> str:
        return self.link.target if self.outgoing else self.link.source

    @property
    def words(self) -> str:
        """How `here` reads the link: caused by, part of, child workstream, causes..."""
        return self.link.relation.phrase if self.outgoing else self.link.relation.inverse

    @property
    def is_child(self) -> bool:
        return not self.outgoing and self.link.relation is Relation.PART_OF

    @property
    def is_parent(self) -> bool:
        return self.outgoing and self.link.relation is Relation.PART_OF

    @property
    def name(self) -> str:
        """INC-n when visible; else the title recorded when linked, or the id's start."""
        if self.other is not None:
            return self.other.label
        return self.link.title or f"{self.other_id[:13]}…"


ORDER = {"parent": 0, "child": 1, "other": 2}


class Neighbourhood:
    """The other incidents' states, kept up to date from their events."""

    def __init__(self) -> None:
        self.states: dict[str, IncidentState] = {}
        self.labels: dict[str, str] = {}  # incident id -> INC-n in this file
        self.version = 0  # bumped whenever anything changed: views repaint only then

    def apply(self, events: Iterable[Item], labels: dict[str, str] | None = None) -> int:
        new = 0
        for e in events:
            st = self.states.get(e.incident)
            if st is None:
                st = self.states[e.incident] = IncidentState(e.incident)
            if st.apply(e):
                new += 1
        if labels:
            for k, v in labels.items():
                if self.labels.get(k) != v:
                    self.labels[k] = v
                    new += 1
        if new:
            self.version += 1
        return new

    def where(self, incident_id: str) -> Where | None:
        st = self.states.get(incident_id)
        label = self.labels.get(incident_id)
        if label is None:
            return None
        return where(st if st is not None else IncidentState(incident_id), label)

    def rows(self, here: IncidentState) -> list[Linked]:
        """Every incident linked to `here`, either way: its parent first, then its children,
        then the rest, each group oldest link first. A link written both ways (a child says
        part of, the parent says related) is two rows: both were said."""
        me = here.incident_id or ""
        out = [Linked(link, True, self.where(link.target)) for link in standing(here)
               if link.target != me]  # fmt: skip
        for other_id, st in self.states.items():
            if other_id == me:
                continue
            for link in standing(st):
                if link.target == me:
                    out.append(Linked(link, False, self.where(other_id)))

        def order(row: Linked) -> tuple[int, datetime, str]:
            group = "parent" if row.is_parent else "child" if row.is_child else "other"
            return (ORDER[group], row.link.at, row.link.event_id)

        return sorted(out, key=order)

    def children(self, here: IncidentState) -> list[Linked]:
        return [r for r in self.rows(here) if r.is_child]

    def open_on(self, services: Iterable[str], but: str = "") -> dict[str, list[Where]]:
        """The open incidents of the file by service (case-insensitive), for the services
        asked about; `but`, an incident not to count (the one on screen)."""
        wanted = {s.casefold(): s for s in services if s}
        out: dict[str, list[Where]] = {}
        for incident_id, st in self.states.items():
            if incident_id == but:
                continue
            service = st.field("service").strip().casefold()
            if service in wanted:
                w = self.where(incident_id)
                if w is not None and w.open:
                    out.setdefault(wanted[service], []).append(w)
        for found in out.values():
            found.sort(key=lambda w: (w.severity.rank if w.severity else 9, w.label))
        return out
