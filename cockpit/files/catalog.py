"""The service catalog's files: Backstage `catalog-info.yaml` (cockpit/files/backstage.py) and
a small TOML form for teams without Backstage, from the config folder's `catalog/` and the
folders or files named in the config (`[catalog] paths = [...]`).

In a folder: its `*.yaml`, `*.yml` and `*.toml` files, and the `catalog-info.yaml` of its
subfolders (a checkout of many repositories; hidden folders and node_modules are not
searched). A Backstage Location's file targets are read too. A file that cannot be used gets
ONE line and is skipped; nothing here ever stops the cockpit from starting.

The TOML form, one service per file or several:

    # ~/.config/cockpit/catalog/checkout-api.toml
    service = "checkout-api"
    owner = "payments"                  # the owning team
    oncall = ["alice", "pagerduty:PX1Y2Z3"]   # people, or via:name (pagerduty, opsgenie, ...)
    tier = 1
    runbooks = ["https://wiki.example/runbooks/checkout", {title = "Failover", url = "..."}]
    depends_on = ["payments-db", "psp-gateway"]

    # or, several in one file (and the teams)
    [services.payments-db]
    owner = "payments"
    tier = 1
    [teams.payments]
    title = "Payments team"
    email = "payments@example.com"
    oncall = ["priya"]
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cockpit.core.catalog import Catalog, Contact, Link, Service, Team, key, merged
from cockpit.files import backstage
from cockpit.files.folder import first_error

SUFFIXES = (".yaml", ".yml", ".toml")
CATALOG_INFO = ("catalog-info.yaml", "catalog-info.yml")
SKIP_DIRS = {"node_modules", "__pycache__", "venv", ".venv"}
MAX_DEPTH = 4  # subfolders searched for catalog-info.yaml
MAX_FILES = 2000


@dataclass
class Loaded:
    catalog: Catalog = field(default_factory=Catalog)
    notices: list[str] = field(default_factory=list)
    files: tuple[Path, ...] = ()  # every file read (the watch looks at these)


# ---- the TOML form -----------------------------------------------------------------------------


class _Link(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")
    title: str = ""
    url: str = Field(min_length=1)


Links = list[str | _Link]
Names = str | list[str]


class _Service(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")
    title: str = ""
    description: str = ""
    owner: str = ""
    oncall: Names = []
    tier: str | int = ""
    runbooks: Links = []
    links: Links = []
    depends_on: list[str] = []
    system: str = ""
    lifecycle: str = ""


class _OneService(_Service):
    service: str = Field(min_length=1, max_length=200)


class _Team(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")
    title: str = ""
    email: str = ""
    oncall: Names = []
    members: list[str] = []
    links: Links = []


class _File(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")
    services: dict[str, _Service] = {}
    teams: dict[str, _Team] = {}


_VIA = re.compile(r"^([a-z][a-z0-9+.-]*):(?!//)(.+)$", re.IGNORECASE)
VIA_NAMES = {"pagerduty": "PagerDuty service", "opsgenie": "Opsgenie team", "mailto": "email"}


def contact(text: str) -> Contact:
    """`alice`, `pagerduty:PX1Y2Z3`, `opsgenie:payments`, `slack:#payments-oncall`,
    `payments-oncall@example.com`."""
    t = text.strip()
    m = _VIA.match(t)
    if m:
        via = m[1].lower()
        return Contact(m[2].strip(), VIA_NAMES.get(via, via))
    if "@" in t and " " not in t:
        return Contact(t, "email")
    return Contact(t)


def _names(v: Names) -> list[str]:
    return [x.strip() for x in ([v] if isinstance(v, str) else v) if x.strip()]


def _link_list(v: Links) -> tuple[Link, ...]:
    return tuple(Link("", x.strip()) if isinstance(x, str) else Link(x.title, x.url) for x in v
                 if (x.strip() if isinstance(x, str) else x.url))  # fmt: skip


def _service(name: str, s: _Service, source: str) -> Service:
    return Service(
        name.strip(), "component", s.title, s.description, s.owner.strip(), s.system.strip(),
        s.lifecycle, str(s.tier).strip(), tuple(contact(c) for c in _names(s.oncall)),
        _link_list(s.runbooks), _link_list(s.links),
        tuple(d.strip() for d in s.depends_on if d.strip()), source,
    )  # fmt: skip


def read_toml(path: Path, text: str, name: str = "") -> Catalog:
    """One file of the TOML form (`name`: as messages name it); `ValueError` says what is
    wrong with it."""
    source = name or path.name
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"not valid TOML ({exc})") from None
    c = Catalog()
    try:
        if "service" in data:
            one = _OneService.model_validate(data)
            c.services[key(one.service)] = _service(one.service, one, source)
            return c
        many = _File.model_validate(data)
    except ValidationError as exc:
        raise ValueError(first_error(exc)) from None
    for service, s in many.services.items():
        c.services[key(service)] = _service(service, s, source)
    for team, t in many.teams.items():
        c.teams[key(team)] = Team(
            team.strip(), t.title, t.email, tuple(_names(t.members)),
            tuple(contact(x) for x in _names(t.oncall)), _link_list(t.links),
        )  # fmt: skip
    return c


# ---- finding and reading the files ---------------------------------------------------------


def catalog_files(paths: Iterable[Path]) -> list[Path]:
    """The files to read, in a stable order: each path's own files by name, then the
    catalog-info.yaml files of its subfolders."""
    out: list[Path] = []
    for p in paths:
        if p.is_file():
            out.append(p)
        elif p.is_dir():
            out.extend(_in_folder(p))
    return list(dict.fromkeys(out))[:MAX_FILES]


def _in_folder(folder: Path) -> list[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    own = [Path(e.path) for e in entries if e.name.endswith(SUFFIXES) and _is_file(e)]
    deep: list[Path] = []
    for top, dirs, files in os.walk(folder):
        depth = Path(top).relative_to(folder).parts
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS
                         and len(depth) < MAX_DEPTH)  # fmt: skip
        if depth:
            deep.extend(Path(top) / f for f in sorted(files) if f in CATALOG_INFO)
    return own + deep


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def load(paths: Iterable[Path]) -> Loaded:
    """The catalog from these folders and files (missing ones are no files: a fresh config
    folder has no catalog/)."""
    out = Loaded()
    parts: list[Catalog] = []
    read: list[Path] = []
    roots = [p for p in paths if p.is_dir()]
    queue = catalog_files(paths)
    seen: set[Path] = set()
    while queue and len(read) < MAX_FILES:
        path = queue.pop(0)
        real = path.resolve()
        if real in seen:
            continue
        seen.add(real)
        read.append(path)
        part, more = _read(path, shown(path, roots), out.notices)
        if part is not None:
            parts.append(part)
        queue.extend(more)
    catalog, twice = merged(parts)
    out.catalog = _with_members(catalog)
    out.notices.extend(twice)
    out.files = tuple(read)
    return out


def shown(path: Path, roots: list[Path]) -> str:
    """A file as messages name it: relative to the folder it was found in (a checkout of many
    repositories has many catalog-info.yaml), else its name."""
    for root in roots:
        try:
            return str(path.relative_to(root))
        except ValueError:
            continue
    return path.name


def _read(path: Path, name: str, notices: list[str]) -> tuple[Catalog | None, list[Path]]:
    """One file (`name`: as messages name it): its catalog (None: skipped) and the files a
    Location names."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        notices.append(f"catalog {name} skipped: cannot read it ({exc})")
        return None, []
    try:
        if path.suffix == ".toml":
            return read_toml(path, text, name), []
        got = backstage.read(path, text, name)
    except ValueError as exc:
        notices.append(f"catalog {name} skipped: {exc}")
        return None, []
    except RecursionError:  # a pathological nesting: still one line, never a crash
        notices.append(f"catalog {name} skipped: nested too deeply to read")
        return None, []
    said = list(got.problems)
    if got.url_targets:
        said.append(f"{got.url_targets} target(s) by URL not read (the cockpit reads files: "
                    "add a checkout's folder to [catalog] paths)")  # fmt: skip
    missing = [t for t in got.targets if not t.is_file()]
    if missing:
        said.append(f"Location target {missing[0].name} not found")
    if said:
        notices.append(f"catalog {name}: {'; '.join(said)}")
    return got.catalog, [t for t in got.targets if t.is_file()]


def _with_members(c: Catalog) -> Catalog:
    """A team's members: its own list, and every person whose memberOf names it."""
    extra: dict[str, list[str]] = {}
    for p in c.people_by_key.values():
        for t in p.teams:
            extra.setdefault(key(t), []).append(p.name)
    for k, names in extra.items():
        team = c.teams.get(k)
        if team is not None:
            members = tuple(dict.fromkeys((*team.members, *names)))
            c.teams[k] = replace(team, members=members)
    return c


def describe_sources(paths: Iterable[Path]) -> str:
    """Where the catalog is read from, for messages: "~/.config/cockpit/catalog, ~/src/cat"."""
    home = str(Path.home())
    shown = [str(p).replace(home, "~", 1) if str(p).startswith(home) else str(p) for p in paths]
    return ", ".join(shown)
