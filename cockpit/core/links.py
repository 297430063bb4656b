"""Incidents linked to each other: caused by, duplicate of, part of (a child workstream of a
parent incident, the federated command of a large event), or related.

A link is written in the log of the incident it is about (`cockpit link CHILD part-of PARENT`
writes in the child's) and names the other by its id, the server-wide one: the other may be
in another file, on another server, or behind another team's token, and the link still
stands. Each (other incident, relation) is a register, so unlinking is one more write
(`linked=false`) and two people who link and unlink without seeing each other show as a
conflict, like any shared state.

The parent's view of its children comes from the children's logs (their `part_of` links),
read with the other incidents of the file: see `cockpit.core.neighbours`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from cockpit.core.body import BodyModel, Register

if TYPE_CHECKING:  # events imports this module (the Body union): no cycle at run time
    from cockpit.core.state import IncidentState

IncidentId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\w.:-]+$")]


class Relation(StrEnum):
    CAUSED_BY = "caused_by"
    DUPLICATE_OF = "duplicate_of"
    PART_OF = "part_of"
    RELATED = "related"

    @property
    def phrase(self) -> str:
        """How the incident holding the link reads it: "caused by INC-2"."""
        return RELATION_PHRASES[self][0]

    @property
    def inverse(self) -> str:
        """How the other incident reads it: "causes INC-5", "child workstream INC-6"."""
        return RELATION_PHRASES[self][1]


RELATION_PHRASES: dict[Relation, tuple[str, str]] = {
    Relation.CAUSED_BY: ("caused by", "causes"),
    Relation.DUPLICATE_OF: ("duplicate of", "duplicated by"),
    Relation.PART_OF: ("part of", "child workstream"),
    Relation.RELATED: ("related to", "related to"),
}


def parse_relation(text: str) -> Relation:
    """`caused-by`, `caused_by`, `Caused by`, `part-of`, `duplicate`, `related`..."""
    key = "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    aliases = {"duplicate": "duplicate_of", "dup": "duplicate_of", "child_of": "part_of",
               "relates_to": "related", "related_to": "related", "cause": "caused_by"}  # fmt: skip
    key = aliases.get(key, key)
    try:
        return Relation(key)
    except ValueError:
        words = ", ".join(r.value.replace("_", "-") for r in Relation)
        raise ValueError(f"unknown relation {text.strip()[:40]!r}; use one of: {words}") from None


class IncidentLinked(BodyModel):
    """This incident is linked to another one (or, `linked=false`, no longer)."""

    kind: Literal["incident_linked"] = "incident_linked"
    target: IncidentId  # the other incident's id (server-wide), never a local INC-n
    relation: Relation
    linked: bool = True
    # The other incident's title as the linker saw it: what a reader who cannot see that
    # incident (another server, another team) still gets to read.
    title: str = Field("", max_length=200)

    def register(self) -> Register:
        return ("link", self.target, self.relation.value)

    def value(self) -> bool:
        return self.linked

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        other = f"“{self.title}”" if self.title else f"incident {self.target[:13]}…"
        if self.linked:
            return f"Linked: {self.relation.phrase} {other}"
        return f"Unlinked: no longer {self.relation.phrase} {other}"


@dataclass(frozen=True, slots=True)
class Link:
    """A link standing now, as written in `source`'s log."""

    source: str  # the incident whose log holds it
    target: str
    relation: Relation
    title: str  # the target's title when linked
    at: datetime
    by: str
    event_id: str


def standing(state: IncidentState) -> list[Link]:
    """The links of `state`'s incident that stand now (the last write of each says linked),
    oldest first. A walk over its link events, not over every register."""
    out = []
    keys = {e.body.register() for e in state.link_events.values()
            if isinstance(e.body, IncidentLinked)}  # fmt: skip
    for key in keys:
        r = state.registers.get(key)
        w = r.winner if r is not None else None
        if w is None or w.value is not True:
            continue
        e = state.link_events[w.id]
        assert isinstance(e.body, IncidentLinked)  # link_events holds only these
        out.append(Link(state.incident_id or "", e.body.target, e.body.relation, e.body.title,
                        w.at, w.author, w.id))  # fmt: skip
    return sorted(out, key=lambda link: (link.at, link.event_id))
