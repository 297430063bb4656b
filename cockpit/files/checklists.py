"""The user's own checklists: one TOML file each in the user checklists folder, for an alert
or a service ("High CPU on API server"). A file that cannot be used gives a one-line notice
and is skipped; the built-in checklists always remain.

    # ~/.config/cockpit/checklists/high-cpu-api.toml
    title = "High CPU on API server"
    help = "From the runbook: https://wiki.example/runbooks/api-cpu"
    items = ["Check the top processes", "Compare with the last deploy", "Scale out if > 90%"]
    service = "api-server"  # optional: the runbook of a catalog service (or a list of them)

A service's runbook checklist (its `service` names it, or the file is named for it:
`checkout-api.toml`) is offered on the screen of an incident on that service.

A file named for a built-in checklist (intake, kickoff, resolution, recovery) replaces it: a
team's own resolution criteria (`resolution.toml`), what its recovery needs
(`recovery.toml`). It keeps the built-in one's name, which ticks and records use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from cockpit.core.checklists import Checklist
from cockpit.files.folder import read_toml

_NAME = re.compile(r"[^a-z0-9]+")


class _File(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    title: str = Field(min_length=1, max_length=120)
    help: str = ""
    items: list[str] = Field(min_length=1, max_length=50)
    service: str | list[str] = ""


@dataclass
class Loaded:
    checklists: tuple[Checklist, ...] = ()
    notices: list[str] = field(default_factory=list)


def load(folder: Path) -> Loaded:
    out = Loaded()
    files, out.notices = read_toml(folder, "checklist", _File)
    taken: set[str] = set()
    found: list[Checklist] = []
    for path, data in files:
        name = _NAME.sub("-", path.stem.lower()).strip("-") or "checklist"
        if name in taken:
            out.notices.append(f"checklist {path.name} skipped: the name {name!r} is taken")
            continue
        taken.add(name)
        items = tuple(dict.fromkeys(i.strip() for i in data.items if i.strip()))
        services = [data.service] if isinstance(data.service, str) else data.service
        found.append(Checklist(name, data.title.strip(), items, data.help.strip(),
                               tuple(s.strip() for s in services if s.strip())))  # fmt: skip
    out.checklists = tuple(found)
    return out
