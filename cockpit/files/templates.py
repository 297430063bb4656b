"""A team's own update templates: one TOML file each in the config folder's `templates/`.

    # ~/.config/cockpit/templates/exec-brief.toml
    title = "Executive brief"
    audiences = ["exec"]        # default: responders, exec and support
    key = "x"                   # its key in the composer (default: a free letter of its name)
    text = '''
    {incident} {severity}: {impact}
    Decision needed: ‹the decision, or "none"›
    {next_line}
    '''

or one text per audience, in a `[texts]` table (`exec = "..."`, `customers = "..."`). The
facts a text may name are cockpit.core.update_facts.FACTS; a text for customers may name the
public ones only. A file that cannot be used (a fact that does not exist, an internal fact
for customers, a name or key already taken) is skipped with one line saying why; the
built-in templates always remain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from cockpit.core import updates
from cockpit.core.updates import Template
from cockpit.core.vocabulary import Audience, parse_audience
from cockpit.files.folder import read_toml

_NAME = re.compile(r"[^a-z0-9]+")
MAX_TEXT = 8000


class _File(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    title: str = Field(min_length=1, max_length=120)
    help: str = Field("", max_length=300)
    key: str = Field("", max_length=1)
    audiences: list[str] = Field(default_factory=list, max_length=4)
    text: str = Field("", max_length=MAX_TEXT)
    texts: dict[str, str] = Field(default_factory=dict, max_length=4)


@dataclass
class Loaded:
    templates: tuple[Template, ...] = ()
    notices: list[str] = field(default_factory=list)

    def all(self) -> tuple[Template, ...]:
        """The built-in templates, then the team's."""
        return (*updates.BUILT_IN, *self.templates)


def load(folder: Path) -> Loaded:
    out = Loaded()
    files, out.notices = read_toml(folder, "template", _File)
    taken = {t.name for t in updates.BUILT_IN}
    keys = set(updates.KEYS_TAKEN)
    found: list[Template] = []
    for path, data in files:
        name = _NAME.sub("-", path.stem.lower()).strip("-") or "template"
        if name in taken:
            out.notices.append(f"template {path.name} skipped: the name {name!r} is taken")
            continue
        try:
            texts = _texts(data)
        except ValueError as exc:
            out.notices.append(f"template {path.name} skipped: {exc}")
            continue
        key = _key(data.key, name, keys)
        if data.key and key != data.key.lower():
            out.notices.append(f"template {path.name}: key {data.key!r} is taken; "
                               + (f"it is {key!r}" if key else "it has no key"))  # fmt: skip
        taken.add(name)
        if key:
            keys.add(key)
        found.append(Template(name, data.title.strip(), texts, key=key, own=True,
                              origin=path.name, help=data.help.strip()))  # fmt: skip
    out.templates = tuple(found)
    return out


def _texts(data: _File) -> dict[Audience, str]:
    if bool(data.text.strip()) == bool(data.texts):
        raise ValueError("give `text` (with `audiences`) or a `[texts]` table, one of the two")
    if data.texts:
        if data.audiences:
            raise ValueError("`audiences` goes with `text`; a `[texts]` table names its own")
        pairs = [(_audience(k), v) for k, v in data.texts.items()]
    else:
        chosen = [_audience(a) for a in data.audiences] or list(updates.INTERNAL)
        pairs = [(a, data.text) for a in chosen]
    texts: dict[Audience, str] = {}
    for audience, text in pairs:
        if not text.strip():
            raise ValueError(f"the text for {audience.value} is empty")
        wrong = updates.problems(text, audience)
        if wrong:
            raise ValueError(wrong[0])
        texts[audience] = text.strip("\n")
    return texts


def _audience(word: str) -> Audience:
    return parse_audience(word)  # its ValueError names the four


def _key(wanted: str, name: str, taken: set[str]) -> str:
    """The composer's key: the one asked for if free, else a free letter of the name."""
    for ch in (wanted.lower(), *name):
        if ch.isascii() and ch.isalpha() and ch.islower() and ch not in taken:
            return ch
    return ""
