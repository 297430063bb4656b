"""Who owns what: the service catalog, as the cockpit reads it.

Teams already keep one: Backstage `catalog-info.yaml` files (Component, System, Group, User
kinds), or, for teams without Backstage, a small TOML form. The loaders (cockpit/files/
catalog.py) turn both into these values; the lookups here answer what the IC asks at 3 a.m.:
who owns this service, who is on call, how critical is it (tier), where are its runbooks,
what does it depend on.

Names are matched without regard to case (`Checkout-API` is `checkout-api`); a Backstage
entity reference (`component:default/payments-db`, `group:team-payments`) is read as its
name. Pure data and lookups: no files, no YAML.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str

    def __str__(self) -> str:
        return f"{self.title} <{self.url}>" if self.title and self.title != self.url else self.url


@dataclass(frozen=True, slots=True)
class Contact:
    """Someone or something to page: a person, a PagerDuty service, an Opsgenie team, an
    address. `via` says through what ("" for a person called by name)."""

    name: str
    via: str = ""

    def __str__(self) -> str:
        return f"{self.name} ({self.via})" if self.via else self.name


@dataclass(frozen=True, slots=True)
class Service:
    """A Component (or Resource) of Backstage, or a service of the TOML form."""

    name: str
    kind: str = "component"  # component, resource, system
    title: str = ""
    description: str = ""
    owner: str = ""  # a team's (or a person's) name
    system: str = ""
    lifecycle: str = ""
    tier: str = ""
    oncall: tuple[Contact, ...] = ()
    runbooks: tuple[Link, ...] = ()
    links: tuple[Link, ...] = ()
    depends_on: tuple[str, ...] = ()  # names
    source: str = ""  # the file it came from


@dataclass(frozen=True, slots=True)
class Team:
    name: str
    title: str = ""
    email: str = ""
    members: tuple[str, ...] = ()
    oncall: tuple[Contact, ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def shown(self) -> str:
        return self.title or self.name


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    title: str = ""  # the display name
    email: str = ""
    teams: tuple[str, ...] = ()


def ref_name(ref: str) -> str:
    """`component:default/payments-db` → `payments-db`; `team-a` stays `team-a`."""
    text = ref.strip()
    if ":" in text.split("/", 1)[0]:
        text = text.split(":", 1)[1]
    return text.rsplit("/", 1)[-1].strip()


def key(name: str) -> str:
    return ref_name(name).casefold()


@dataclass
class Catalog:
    services: dict[str, Service] = field(default_factory=dict)  # by key(name)
    systems: dict[str, Service] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    people_by_key: dict[str, Person] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.services or self.systems or self.teams or self.people_by_key)

    # ---- finding ----------------------------------------------------------------------------

    def find(self, name: str) -> Service | None:
        """A service by its name (any case, or a Backstage reference), else by its title."""
        k = key(name)
        if not k:
            return None
        found = self.services.get(k)
        if found is not None:
            return found
        for s in self.services.values():
            if s.title and s.title.casefold() == name.strip().casefold():
                return s
        return None

    def names(self) -> list[str]:
        return sorted((s.name for s in self.services.values()), key=str.casefold)

    def complete(self, typed: str) -> str | None:
        """The first service name that starts with what was typed (any case)."""
        t = typed.strip().casefold()
        if not t:
            return None
        for name in self.names():
            if name.casefold().startswith(t):
                return name
        return None

    def close_to(self, name: str, n: int = 3) -> list[str]:
        """Names like a misspelt one, for "did you mean...?"."""
        by_key = {s.name.casefold(): s.name for s in self.services.values()}
        found = difflib.get_close_matches(name.strip().casefold(), list(by_key), n=n, cutoff=0.6)
        return [by_key[f] for f in found]

    # ---- what the IC asks -------------------------------------------------------------------

    def team(self, name: str) -> Team | None:
        return self.teams.get(key(name)) if name else None

    def owner(self, service: str) -> str:
        """The owning team (or person) of a service, from its system when it names none."""
        s = self.find(service)
        if s is None:
            return ""
        if s.owner:
            return s.owner
        system = self.systems.get(key(s.system)) if s.system else None
        return system.owner if system is not None else ""

    def oncall(self, service: str) -> list[Contact]:
        """Whom to page for a service: its own contacts (PagerDuty, Opsgenie, the TOML form's
        on-call), then its owning team's (the team's on-call, else its address)."""
        s = self.find(service)
        if s is None:
            return []
        out = list(s.oncall)
        team = self.team(self.owner(service))
        if team is not None:
            out.extend(team.oncall)
            if not team.oncall and team.email:
                out.append(Contact(team.email, "email"))
        return list(dict.fromkeys(out))

    def tier(self, service: str) -> str:
        s = self.find(service)
        if s is None:
            return ""
        if s.tier:
            return s.tier
        system = self.systems.get(key(s.system)) if s.system else None
        return system.tier if system is not None else ""

    def runbooks(self, service: str) -> list[Link]:
        s = self.find(service)
        return list(s.runbooks) if s is not None else []

    def dependencies(self, service: str) -> list[str]:
        """The direct dependencies' names, as the catalog spells them when it knows them."""
        s = self.find(service)
        if s is None:
            return []
        return [(self.find(d) or Service(d)).name for d in s.depends_on]

    def dependents(self, service: str) -> list[str]:
        """The services that depend directly on this one."""
        k = key(service)
        return sorted((s.name for s in self.services.values()
                       if any(key(d) == k for d in s.depends_on)), key=str.casefold)  # fmt: skip

    def people(self) -> list[str]:
        """Every person the catalog names (users, team members, on-call contacts that are
        people): what a page form completes from."""
        names: dict[str, str] = {}

        def add(name: str) -> None:
            if name and name.casefold() not in names:
                names[name.casefold()] = name

        for p in self.people_by_key.values():
            add(p.name)
        for t in self.teams.values():
            for m in t.members:
                add(ref_name(m))
            for c in t.oncall:
                if not c.via:
                    add(c.name)
        for s in self.services.values():
            for c in s.oncall:
                if not c.via:
                    add(c.name)
        return sorted(names.values(), key=str.casefold)

    def person(self, name: str) -> Person | None:
        return self.people_by_key.get(key(name))


def merged(parts: Iterable[Catalog]) -> tuple[Catalog, list[str]]:
    """One catalog from several files; a name defined twice keeps its first definition
    (files are read in order) and gets a notice."""
    out = Catalog()
    notices: list[str] = []
    for part in parts:
        for attr, what in (("services", "service"), ("systems", "system"), ("teams", "team"),
                           ("people_by_key", "person")):  # fmt: skip
            mine: dict[str, Service | Team | Person] = getattr(out, attr)
            for k, v in getattr(part, attr).items():
                if k in mine:
                    first = getattr(mine[k], "source", "")
                    again = getattr(v, "source", "")
                    where = f" ({again}; kept the one in {first})" if first and again else ""
                    notices.append(f"catalog: {what} {v.name!r} is defined twice{where}")
                    continue
                mine[k] = v
    return out, notices


def runbook_checklists(service: str, lists: Iterable[T]) -> list[T]:
    """The user's checklists for a service: those whose `service` names it, or whose name is
    the service's name (a file `checkout-api.toml`). Duck-typed on `name` and `service`, so
    that the core checklists module need not import this one."""
    k = key(service)
    if not k:
        return []
    slug = "-".join("".join(c if c.isalnum() else " " for c in k).split())
    out = []
    for c in lists:
        named = str(getattr(c, "name", "")).casefold()
        for_service = {key(s) for s in getattr(c, "services", ()) or ()}
        if k in for_service or named == slug:
            out.append(c)
    return out
