"""`cockpit service`: who owns a service, who is on call, its tier, runbooks and direct
dependencies, and the open incidents of it and of each dependency, from the service catalog
(Backstage catalog-info.yaml or cockpit's TOML form; cockpit/files/catalog.py).

The same lines show under an incident's service in `cockpit show`; the catalog also checks
the service typed on `cockpit declare --service` and `cockpit intake --service`.
"""

from __future__ import annotations

import argparse

from cockpit.cli.context import Context, Failure
from cockpit.cli.output import json_text, say
from cockpit.core.catalog import Catalog
from cockpit.core.neighbours import Neighbourhood, Where
from cockpit.core.ownership import Facts, facts, facts_json
from cockpit.store.errors import StoreError


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "service",
        help="a service's owner, on-call, tier, runbooks and dependencies, from the catalog",
        description="Reads the service catalog: Backstage catalog-info.yaml files or cockpit's "
        "TOML form, in the config folder's catalog/ and the [catalog] paths of the config. "
        "Without NAME, lists the catalog's services.",
    )
    p.add_argument("name", metavar="NAME", nargs="?", help="the service (any case)")
    p.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    p.set_defaults(func=service)


def load_catalog(ctx: Context, *, quiet: bool = False) -> Catalog:
    """The configured catalog; each file that cannot be used says why in one line on standard
    error (`quiet`: not a word, for a command that only checks a name)."""
    from cockpit.files import catalog as catalog_files

    loaded = catalog_files.load(ctx.settings.catalog.folders())
    if not quiet:
        for notice in loaded.notices:
            say(f"cockpit: {notice}", err=True)
    return loaded.catalog


def neighbourhood(ctx: Context, but: str = "") -> Neighbourhood | None:
    """The file's incidents (their state, not their notes); None when there is no file."""
    from cockpit.store import others

    try:
        store = ctx.store()
    except StoreError:  # no file yet: no incidents to show
        return None
    got = others.first(store, but)
    n = Neighbourhood()
    n.apply(got.events, got.labels)
    return n


def check_name(ctx: Context, typed: str) -> str:
    """A service typed on `declare` or `intake`: the catalog's spelling when it knows the name
    (`Checkout-API` is `checkout-api`); else as typed, with one line saying so on standard
    error. Never refused: an incident's service may be missing from the catalog."""
    name = typed.strip()
    if not name:
        return name
    catalog = load_catalog(ctx, quiet=True)
    if not catalog:
        return name  # no catalog kept: nothing to check against
    found = catalog.find(name)
    if found is not None:
        return found.name
    close = catalog.close_to(name)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    say(f"cockpit: service {name!r} is not in the catalog{hint}; recorded as typed "
        "(`cockpit service` lists the catalog)", err=True)  # fmt: skip
    return name


def service(ctx: Context, args: argparse.Namespace) -> int:
    catalog = load_catalog(ctx)
    if not args.name:
        return _list(ctx, catalog, args.json)
    found = catalog.find(args.name)
    if found is None:
        raise Failure(_unknown(ctx, catalog, args.name))
    f = facts(catalog, found.name, neighbourhood(ctx), lists=_own_checklists())
    if args.json:
        print(json_text(facts_json(f), indent=2))
        return 0
    for line in facts_lines(f, full=True):
        say(line)
    return 0


def _unknown(ctx: Context, catalog: Catalog, name: str) -> str:
    from cockpit.files.catalog import describe_sources

    if not catalog:
        return (f"no service catalog yet (read from {describe_sources(ctx.settings.catalog.folders())}); "
                "add catalog-info.yaml files there, or [catalog] paths to the config")  # fmt: skip
    close = catalog.close_to(name)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `cockpit service` lists them"
    return f"no service {name.strip()[:80]!r} in the catalog{hint}"


def _list(ctx: Context, catalog: Catalog, as_json: bool) -> int:
    names = catalog.names()
    if as_json:
        rows = [{"name": n, "owner": catalog.owner(n), "tier": catalog.tier(n)} for n in names]
        print(json_text(rows, indent=2))
        return 0
    if not names:
        raise Failure(_unknown(ctx, catalog, ""))
    width = max(len(n) for n in names)
    for n in names:
        tier = catalog.tier(n)
        owner = catalog.owner(n) or "no owner"
        say(f"{n:<{width}}  {('tier ' + tier) if tier else '':<7}  {owner}")
    return 0


def _own_checklists() -> tuple:
    from cockpit.files import checklists as checklist_files
    from cockpit.settings import user_checklists_dir

    return checklist_files.load(user_checklists_dir()).checklists


def _where(w: Where) -> str:
    sev = w.severity.value if w.severity else "SEV?"
    lead = f", lead {w.lead}" if w.lead else ""
    return f"{w.label} {sev} {w.phase.value}{lead}: {w.title}"


def facts_lines(f: Facts, *, full: bool = False, indent: str = "") -> list[str]:
    """The service's facts as lines (`full`: `cockpit service`, with its description, links,
    dependents and source; else the block under an incident in `cockpit show`)."""
    s = f.service
    out: list[str] = []
    if s is None:
        out.append(f"{indent}{f.name}: not in the catalog (`cockpit service` lists it)")
    else:
        about = " · ".join(x for x in (s.kind, s.lifecycle, s.system and f"system {s.system}") if x)
        title = f"  ({s.title})" if s.title and s.title != s.name else ""
        out.append(f"{indent}{s.name}{title}  {about}" if full else f"{indent}{s.name}  {about}")
        if full and s.description:
            out.append(f"{indent}  {s.description}")
        owner = f.owner_shown + (f" · {f.owner_email}" if f.owner_email else "")
        out.append(f"{indent}  {'Owner:':<12}{owner or 'nobody named'}")
        out.append(f"{indent}  {'On-call:':<12}{', '.join(map(str, f.oncall)) or 'nobody named'}")
        out.append(f"{indent}  {'Tier:':<12}{f.tier or 'not set'}")
        if f.runbooks:
            out.append(f"{indent}  {'Runbooks:':<12}{f.runbooks[0]}")
            out.extend(f"{indent}  {'':<12}{r}" for r in f.runbooks[1:])
        else:
            out.append(f"{indent}  {'Runbooks:':<12}none in the catalog")
        if full and s.links:
            out.append(f"{indent}  {'Links:':<12}{s.links[0]}")
            out.extend(f"{indent}  {'':<12}{r}" for r in s.links[1:])
        if f.dependencies:
            out.append(f"{indent}  Depends on:")
            for d in f.dependencies:
                about = (" · ".join(x for x in (d.owner and f"owner {d.owner}",
                                                d.tier and f"tier {d.tier}") if x)
                         if d.known else "not in the catalog")  # fmt: skip
                out.append(f"{indent}    {d.name}  {about}".rstrip())
                out.extend(f"{indent}      open: {_where(w)}" for w in d.open)
        if full and f.dependents:
            out.append(f"{indent}  {'Used by:':<12}{', '.join(f.dependents)}")
    for w in f.open:  # of another incident's service: "also"; of a service asked about: open
        out.append(f"{indent}  {'Open:' if full else 'Also open:':<12}{_where(w)}")
    for c in f.checklists:
        out.append(f"{indent}  {'Checklist:':<12}{c.title} (its runbook checklist)")
    if full and s is not None and s.source:
        out.append(f"{indent}  {'From:':<12}{s.source}")
    return out
