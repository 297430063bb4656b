"""Backstage's `catalog-info.yaml`, read for what an incident needs: who owns a service, who
is on call, its tier, its runbooks and what it depends on.

Read with PyYAML's `safe_load_all` only (plain data: no tags, no objects, no code). A file
holds one or more entities (`---` between them). Kinds read: Component and Resource (as
services), System, Group (teams), User (people), and Location (its file targets are read
too, relative to it); the other Backstage kinds (API, Domain, Template...) and other
apiVersions' kinds are skipped without a word. What cannot be used (a kind Backstage does
not have, an entity without metadata.name) is skipped; the file's problems are said in ONE
line, and a file that is not YAML at all is skipped whole.

Where Backstage has no field of its own: the tier is `metadata.labels.tier`, `spec.tier`, an
annotation `.../tier`, or a tag `tier-1`; runbooks are the `metadata.links` whose type,
title or icon says runbook (or playbook); on-call is the `pagerduty.com/service-id` and
`opsgenie.com/team` annotations, and a team's profile email.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cockpit.core.catalog import Catalog, Contact, Link, Person, Service, Team, key, ref_name

SERVICE_KINDS = {"component": "component", "resource": "resource"}
READ_KINDS = {"component", "resource", "system", "group", "user", "location"}
OTHER_BACKSTAGE_KINDS = {"api", "domain", "template", "environment"}
MAX_NAME = 200
_TIER_TAG = re.compile(r"^tier[-_ ]?(\w+)$", re.IGNORECASE)


@dataclass
class Read:
    catalog: Catalog = field(default_factory=Catalog)
    problems: list[str] = field(default_factory=list)  # this file's, for its one line
    targets: list[Path] = field(default_factory=list)  # a Location's files, to read next
    url_targets: int = 0


def read(path: Path, text: str, name: str = "") -> Read:
    """The entities of one file (`name`: as messages name it). A YAML error raises
    `ValueError` (the file is skipped)."""
    import yaml  # only when a catalog has YAML files: ~15 ms of import

    out = Read()
    try:
        documents = list(yaml.safe_load_all(text))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        if isinstance(exc, yaml.constructor.ConstructorError):  # !!python/object and such
            raise ValueError(f"not plain YAML{where}: a tag only an unsafe reader would "
                             f"run ({problem})") from None  # fmt: skip
        raise ValueError(f"not valid YAML{where} ({problem})") from None
    for n, doc in enumerate(documents, start=1):
        if doc is None:  # an empty document (a `---` at the end, say)
            continue
        problem = _entity(path, name or path.name, doc, out)
        if problem:
            where = f"document {n}" if len(documents) > 1 else "its entity"
            out.problems.append(f"{where} skipped ({problem})")
    return out


def _entity(path: Path, source: str, doc: Any, out: Read) -> str:
    """Add one entity to `out`; what is wrong with it ("" when nothing)."""
    if not isinstance(doc, dict):
        return "not a catalog entity (expected apiVersion, kind, metadata, spec)"
    api, kind = _text(doc.get("apiVersion")), _text(doc.get("kind"))
    if not api or not kind:
        return "not a catalog entity (no apiVersion or kind)"
    k = kind.casefold()
    if not api.startswith("backstage.io/"):
        return ""  # a plugin's own kind: not ours to judge
    if k in OTHER_BACKSTAGE_KINDS:
        return ""
    if k not in READ_KINDS:
        return f"unknown kind {kind[:40]!r}; expected Component, Resource, System, Group or User"
    meta = doc.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    spec = doc.get("spec")
    spec = spec if isinstance(spec, dict) else {}
    name = _text(meta.get("name"))[:MAX_NAME]
    if not name:
        return f"{kind} without metadata.name"
    if k == "location":
        _location(path, spec, out)
        return ""
    annotations = meta.get("annotations")
    annotations = annotations if isinstance(annotations, dict) else {}
    runbooks, links = _links(meta.get("links"))
    c = out.catalog
    if k in SERVICE_KINDS or k == "system":
        s = Service(
            name, SERVICE_KINDS.get(k, "system"), _text(meta.get("title")),
            _text(meta.get("description")), ref_name(_text(spec.get("owner"))),
            ref_name(_text(spec.get("system"))), _text(spec.get("lifecycle")),
            _tier(meta, spec, annotations), _oncall(annotations), runbooks, links,
            tuple(ref_name(d) for d in _texts(spec.get("dependsOn")) if ref_name(d)), source,
        )  # fmt: skip
        (c.systems if k == "system" else c.services)[key(name)] = s
    elif k == "group":
        profile = spec.get("profile")
        profile = profile if isinstance(profile, dict) else {}
        members = tuple(ref_name(m) for m in _texts(spec.get("members")) if ref_name(m))
        c.teams[key(name)] = Team(
            name, _text(profile.get("displayName")) or _text(meta.get("title")),
            _text(profile.get("email")), members, _oncall(annotations), (*runbooks, *links),
        )  # fmt: skip
    else:  # user
        profile = spec.get("profile")
        profile = profile if isinstance(profile, dict) else {}
        teams = tuple(ref_name(t) for t in _texts(spec.get("memberOf")) if ref_name(t))
        c.people_by_key[key(name)] = Person(
            name, _text(profile.get("displayName")) or _text(meta.get("title")),
            _text(profile.get("email")), teams,
        )  # fmt: skip
    return ""


def _location(path: Path, spec: dict, out: Read) -> None:
    targets = [*_texts(spec.get("targets")), *_texts(spec.get("target"))]
    for t in targets:
        if "://" in t:
            out.url_targets += 1
            continue
        pattern = t.removeprefix("file:").strip()
        base = path.parent
        if any(ch in pattern for ch in "*?["):
            out.targets.extend(sorted(base.glob(pattern)))
        else:
            out.targets.append(base / pattern)


def _text(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return ""
    if isinstance(v, str | int | float):
        return str(v).strip()
    return ""


def _texts(v: Any) -> list[str]:
    if isinstance(v, list):
        return [t for t in (_text(x) for x in v) if t]
    t = _text(v)
    return [t] if t else []


def _tier(meta: dict, spec: dict, annotations: dict) -> str:
    labels = meta.get("labels")
    labels = labels if isinstance(labels, dict) else {}
    for v in (labels.get("tier"), spec.get("tier")):
        if _text(v):
            return _text(v)
    for k, v in annotations.items():
        if str(k).rsplit("/", 1)[-1].casefold() == "tier" and _text(v):
            return _text(v)
    for tag in _texts(meta.get("tags")):
        m = _TIER_TAG.match(tag)
        if m:
            return m[1]
    return ""


def _oncall(annotations: dict) -> tuple[Contact, ...]:
    out = []
    pd = _text(annotations.get("pagerduty.com/service-id"))
    if pd:
        out.append(Contact(pd, "PagerDuty service"))
    og = _text(annotations.get("opsgenie.com/team"))
    if og:
        out.append(Contact(og, "Opsgenie team"))
    return tuple(out)


RUNBOOK_WORDS = ("runbook", "playbook")


def _links(raw: Any) -> tuple[tuple[Link, ...], tuple[Link, ...]]:
    """(runbooks, other links) from `metadata.links`."""
    runbooks: list[Link] = []
    links: list[Link] = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict) or not _text(item.get("url")):
            continue
        link = Link(_text(item.get("title")), _text(item.get("url")))
        said = " ".join(_text(item.get(f)) for f in ("type", "title", "icon")).casefold()
        (runbooks if any(w in said for w in RUNBOOK_WORDS) else links).append(link)
    return tuple(runbooks), tuple(links)
