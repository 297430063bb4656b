"""Status updates composed from templates filled from the state, and what each destination
receives.

- A `Template` has a text per audience it serves, with `{fact}` places (the facts are in
  cockpit.core.update_facts) and `‹...›` prompts for what the Incident Commander writes.
  SBAR, CAN and the announcement are built in (cockpit.core.update_templates); a team adds
  its own as files (cockpit.files.templates), checked here (`problems`).
- `compose(state, template, ctx)` is the prefilled text; the IC edits the words.
- `render(update, destination_type)` is what one destination receives: the one function the
  composer's preview and the sender (cockpit/comms) both use. The sender then makes mentions
  and markup inert for its receiver.
- `leaks(text, state, texts)` says what in a customer update looks internal (a name, a link,
  a line of evidence), so the composer can ask before it goes out.

Pure: no screen, no file, no clock (the time comes in the context).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cockpit.core import events as ev
from cockpit.core import progress
from cockpit.core import update_templates as built_in
from cockpit.core.state import IncidentState
from cockpit.core.update_answers import PROMPT as PROMPT
from cockpit.core.update_facts import (
    EMAIL,
    FACTS,
    INCIDENT,
    MENTION,
    PUBLIC,
    URL,
    Context,
    facts,
    names,
)
from cockpit.core.vocabulary import Audience, Stage, audience_of

_PLACE = re.compile(r"\{\{|\}\}|\{([a-z_]+)\}")
INTERNAL = tuple(a for a in Audience if not a.external)


@dataclass(frozen=True)
class Template:
    name: str  # what `--template` and the event's `template` say: sbar, can, announcement...
    title: str  # what the composer shows
    texts: Mapping[Audience, str]  # its text for each audience it serves
    key: str = ""  # the composer's key for it
    own: bool = False  # a team's file, not built in
    origin: str = ""  # the file it came from
    help: str = ""
    ended: bool = False  # offered by the composer only once the incident is resolved

    @property
    def audiences(self) -> tuple[Audience, ...]:
        return tuple(a for a in Audience if a in self.texts)

    def serves(self, audience: Audience) -> bool:
        return audience in self.texts


BUILT_IN: tuple[Template, ...] = (
    Template("sbar", "SBAR: situation, background, assessment, recommendation", built_in.SBAR,
             key="s", help="The whole picture in four parts; the default."),
    Template("can", "CAN: conditions, actions, needs", built_in.CAN, key="c",
             help="Short: what is true, what is being done, what is needed."),
    Template("announcement", "Announcement: a new incident", built_in.ANNOUNCEMENT, key="a",
             help="What, how bad, who leads, where the call and the channel are."),
    Template("all_clear", "All clear: the final update", built_in.ALL_CLEAR, key="f",
             help="Resolved: what fixed it, thanks; the responders are stood down.",
             ended=True),
)  # fmt: skip
DEFAULT = "sbar"
ALL_CLEAR = "all_clear"
KEYS_TAKEN = frozenset("1234scafidmrtyp")  # the composer's: audiences, templates, stages...


def find(templates: Iterable[Template], name: str) -> Template | None:
    wanted = name.strip().lower()
    return next((t for t in templates if t.name == wanted), None)


def placeholders(text: str) -> list[str]:
    """The facts a template's text names, in order."""
    return [m[1] for m in _PLACE.finditer(text) if m[1]]


def problems(text: str, audience: Audience) -> list[str]:
    """What is wrong with a template's text for one audience: a fact that does not exist,
    or, for customers, a fact that is internal."""
    out = []
    for name in dict.fromkeys(placeholders(text)):
        if name not in FACTS:
            out.append(f"{{{name}}} is not a fact (known: {', '.join(sorted(FACTS))})")
        elif audience.external and name not in PUBLIC:
            out.append(f"{{{name}}} is internal and the text is for customers "
                       f"(they get only: {', '.join(sorted(PUBLIC))})")  # fmt: skip
    return out


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with each `{fact}` replaced (`{{` and `}}` are braces)."""

    def one(m: re.Match[str]) -> str:
        if m[0] == "{{":
            return "{"
        if m[0] == "}}":
            return "}"
        return values.get(m[1], m[0])

    return _PLACE.sub(one, text)


def compose(state: IncidentState, template: Template, ctx: Context) -> str:
    """The template's text for the context's audience, filled from the state ("" when the
    template does not serve that audience)."""
    text = template.texts.get(ctx.audience)
    if text is None:
        return ""
    return fill(text, facts(state, ctx)).strip("\n")


def prompts_left(text: str) -> list[str]:
    """The `‹...›` prompts still in a text: what the IC has not written yet."""
    return PROMPT.findall(text)


def drop_prompts(text: str) -> str:
    """The text without its unwritten prompts (a line that was only a prompt goes too): what
    a script posts when it takes a template's filling as it is."""
    lines = []
    for line in text.splitlines():
        if PROMPT.search(line):
            rest = PROMPT.sub("", line).rstrip()
            if not rest.strip() or rest.rstrip().endswith(":"):
                continue  # the line was only the prompt, or a label waiting for it
            line = rest
        lines.append(line)
    return "\n".join(lines)


def named_in(text: str, names: Iterable[str]) -> list[str]:
    """The names (of destinations) that `text` names as whole words, in `names` order: what
    the intake's "who else needs to know" says, as places an announcement can go."""
    lowered = text.lower()
    return [n for n in names
            if re.search(rf"(?<![\w-]){re.escape(n.lower())}(?![\w-])", lowered)]  # fmt: skip


def default_stage(state: IncidentState) -> Stage:
    """The stage a customer update starts from, as the record says it (the phase and the
    milestones: cockpit.core.progress); the IC picks another if that is not true."""
    return progress.stage_of(state)


# ---- what each destination receives -------------------------------------------------------

MARKDOWN_BOLD = {"slack": "*", "mattermost": "**", "rocketchat": "*", "teams": "**"}


def render(update: ev.StatusUpdate | ev.Event, destination_type: str, *, label: str = "") -> str:
    """The text one destination of this type receives for `update` (a status update's body,
    or its event). A customer update leads with its stage unless its text already does; an
    internal one names the incident (`label`) unless its text already does. Chat types get
    that first line in bold; the others (webhook, email, command) plain text. Mentions and
    markup are made inert for each receiver by the sender, after this."""
    body = update.body if isinstance(update, ev.Event) else update
    if not isinstance(body, ev.StatusUpdate):
        raise TypeError(f"render takes a status update, not {type(body).__name__}")
    text = body.text.replace("\r\n", "\n").strip("\n")
    head = heading(body, label)
    first, _, rest = text.partition("\n")
    bold = MARKDOWN_BOLD.get(destination_type.strip().lower(), "")
    if head:
        return (f"{bold}{head}{bold}" if bold else head) + "\n" + text
    if bold and first.strip():
        return f"{bold}{first.strip()}{bold}" + ("\n" + rest if rest else "")
    return text


def heading(body: ev.StatusUpdate, label: str = "") -> str:
    """The line `render` puts first, or "" when the text already says it."""
    text = body.text.lstrip()
    audience = audience_of(body.audience)
    if audience.external:
        if body.stage is None or text.lower().startswith(body.stage.value):
            return ""
        return body.stage.title
    if not label or label.lower() in text[:200].lower():
        return ""
    return f"{label} · update for {audience.title.lower()}"


# ---- what looks internal in a customer update -----------------------------------------------

MIN_FRAGMENT = 16  # a line of a note or evidence this long, found as is, was copied from it


@dataclass
class Leaks:
    found: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.found)

    def say(self) -> str:
        return "; ".join(self.found)


def leaks(text: str, state: IncidentState, internal: Iterable[str] = ()) -> Leaks:
    """What in `text`, meant for customers, looks internal: people's names, mentions, email
    addresses, links, incident numbers, and lines copied from `internal` texts (notes,
    evidence, hypotheses: the timeline's)."""
    out = Leaks()
    lowered = text.lower()
    for person in names(state):
        if re.search(rf"(?<![\w@]){re.escape(person.lower())}(?!\w)", lowered):
            out.found.append(f"the name {person!r}")
    for pattern, what in ((URL, "a link"), (EMAIL, "an email address"),
                          (MENTION, "a mention"), (INCIDENT, "an incident number")):  # fmt: skip
        m = pattern.search(text)
        if m:
            out.found.append(f"{what} ({m[0]})")
    seen: set[str] = set()
    for source in internal:
        for line in source.splitlines():
            frag = line.strip()
            if len(frag) >= MIN_FRAGMENT and frag.lower() in lowered and frag not in seen:
                seen.add(frag)
                out.found.append(f"text from the record ({frag[:40]}…)")
    return out


def internal_texts(state: IncidentState, rows: Iterable[Any] = ()) -> list[str]:
    """What a customer update must not copy: every entry's text (`rows`, the timeline's),
    the mitigations and the tasks."""
    out = [getattr(r, "text", "") for r in rows]
    out += [m.what for m in state.all_mitigations()]
    out += [t.text for t in state.all_tasks()]
    return [t for t in out if t]
