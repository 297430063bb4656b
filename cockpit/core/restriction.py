"""Restricted incidents: an incident only the people named on it may see (a security incident,
an incident about a colleague: PRACTICE.md, "Security incidents").

The restriction is shared state like the severity: one register, `("restriction",)`, set by an
`incident_restricted` event whose `to` names the people (the persons of their sync tokens);
`to` empty lifts it. As an event it syncs, shows in the timeline ("restricted to alice, bob",
by whom) and stays in the log for the audit; two people who change it without seeing each
other show as a conflict, like any register.

The server keeps the restriction beside the incident (cockpit/server/storage) and enforces it
there: someone not named, or any `ask` token, is told the incident does not exist; an admin
sees it. `may_see` is that one rule, here so that the server and the clients say the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from cockpit.core.body import BodyModel, Name, Register

if TYPE_CHECKING:  # events imports this module (the Body union): no cycle at run time
    from cockpit.core.state import IncidentState

MAX_NAMED = 50
REGISTER: Register = ("restriction",)


class IncidentRestricted(BodyModel):
    """Who may see the incident from now on: the people named in `to` (none: everyone the
    tokens' reach allows, the restriction lifted)."""

    kind: Literal["incident_restricted"] = "incident_restricted"
    to: Annotated[tuple[Name, ...], Field(max_length=MAX_NAMED)] = ()

    def register(self) -> Register:
        return REGISTER

    def value(self) -> tuple[str, ...]:
        return self.to

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        if not self.to:
            return "Restriction lifted: everyone on the team may see this incident"
        return f"Restricted to {', '.join(self.to)}"


def names(given: str | Iterable[str]) -> tuple[str, ...]:
    """The names of a restriction, as typed (`alice, bob` or a list): trimmed, blanks dropped,
    each once (the first spelling kept; the same name in other capitals is the same person)."""
    parts = given.split(",") if isinstance(given, str) else list(given)
    out: list[str] = []
    seen: set[str] = set()
    for part in parts:
        name = " ".join(str(part).split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return tuple(out)


def named(person: str, to: Iterable[str]) -> bool:
    """Whether `person` is one of `to` (names compare trimmed and without regard to case)."""
    me = " ".join(person.split()).casefold()
    return any(" ".join(n.split()).casefold() == me for n in to)


def may_see(permission: str, person: str, to: Iterable[str]) -> bool:
    """The one rule: an incident restricted to `to` (empty: not restricted) is seen by an
    admin, by the people named on it, and never by an `ask` token (the stakeholder view shows
    no restricted incidents, even to someone named on one)."""
    to = tuple(to)
    if not to or permission == "admin":
        return True
    if permission == "ask":
        return False
    return named(person, to)


def restricted_to(state: IncidentState) -> tuple[str, ...] | None:
    """The people the incident is restricted to now; () when lifted, None when never set."""
    r = state.registers.get(REGISTER)
    if r is None or r.winner is None:
        return None
    value: tuple[str, ...] = tuple(r.winner.value)
    return value
