"""What an incident shows of its service: the catalog's facts (owner, on-call, tier,
runbooks, direct dependencies) and the open incidents of the service and of each dependency,
with the user's runbook checklists for it. One function for the screen, `cockpit show` and
`cockpit service`, so that they never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cockpit.core.catalog import Catalog, Contact, Link, Service, runbook_checklists
from cockpit.core.checklists import Checklist
from cockpit.core.neighbours import Neighbourhood, Where


@dataclass(frozen=True, slots=True)
class Dependency:
    name: str
    known: bool  # in the catalog
    owner: str
    tier: str
    open: tuple[Where, ...]  # its open incidents in this file


@dataclass(frozen=True, slots=True)
class Facts:
    name: str  # the catalog's spelling when found, else as typed
    service: Service | None  # None: not in the catalog
    owner: str  # the owning team's name
    owner_title: str  # its display name ("" when none)
    owner_email: str
    oncall: tuple[Contact, ...]
    tier: str
    runbooks: tuple[Link, ...]
    dependencies: tuple[Dependency, ...]
    dependents: tuple[str, ...]
    open: tuple[Where, ...]  # the service's own open incidents (but the one asking)
    checklists: tuple[Checklist, ...]  # the user's runbook checklists for it

    @property
    def known(self) -> bool:
        return self.service is not None

    @property
    def owner_shown(self) -> str:
        if self.owner_title and self.owner_title != self.owner:
            return f"{self.owner_title} ({self.owner})"
        return self.owner


def facts(
    catalog: Catalog,
    name: str,
    others: Neighbourhood | None = None,
    but: str = "",
    lists: Iterable[Checklist] = (),
) -> Facts:
    """The facts of the service `name` (as typed on an incident); `others`: the file's other
    incidents, for their open ones; `but`: the incident asking, not counted."""
    s = catalog.find(name)
    shown = s.name if s is not None else name.strip()
    deps = catalog.dependencies(shown)
    busy = others.open_on([shown, *deps], but) if others is not None else {}
    owner = catalog.owner(shown)
    team = catalog.team(owner)
    dependencies = tuple(
        Dependency(d, catalog.find(d) is not None, catalog.owner(d), catalog.tier(d),
                   tuple(busy.get(d, ())))
        for d in deps
    )  # fmt: skip
    return Facts(
        shown, s, owner, team.title if team else "", team.email if team else "",
        tuple(catalog.oncall(shown)), catalog.tier(shown), tuple(catalog.runbooks(shown)),
        dependencies, tuple(catalog.dependents(shown)) if s is not None else (),
        tuple(busy.get(shown, ())), tuple(runbook_checklists(shown, lists)),
    )  # fmt: skip


def where_json(w: Where) -> dict[str, Any]:
    return {
        "id": w.id,
        "label": w.label,
        "title": w.title,
        "severity": w.severity.value if w.severity else None,
        "phase": w.phase.value,
        "lead": w.lead,
        "mitigation": w.mitigation,
        "service": w.service,
    }


def facts_json(f: Facts) -> dict[str, Any]:
    s = f.service
    return {
        "name": f.name,
        "in_catalog": f.known,
        "kind": s.kind if s else None,
        "title": s.title if s else "",
        "description": s.description if s else "",
        "system": s.system if s else "",
        "lifecycle": s.lifecycle if s else "",
        "owner": {"name": f.owner, "title": f.owner_title, "email": f.owner_email},
        "oncall": [{"name": c.name, "via": c.via} for c in f.oncall],
        "tier": f.tier,
        "runbooks": [{"title": r.title, "url": r.url} for r in f.runbooks],
        "links": [{"title": r.title, "url": r.url} for r in (s.links if s else ())],
        "dependencies": [
            {
                "name": d.name,
                "in_catalog": d.known,
                "owner": d.owner,
                "tier": d.tier,
                "open_incidents": [where_json(w) for w in d.open],
            }
            for d in f.dependencies
        ],  # fmt: skip
        "dependents": list(f.dependents),
        "open_incidents": [where_json(w) for w in f.open],
        "checklists": [c.name for c in f.checklists],
        "source": s.source if s else "",
    }
