"""A team's own words for the cockpit's words: `P0` or `red` for SEV1, "incident coordinator"
for the IC (the config's `[aliases.severity]` and `[aliases.role]`).

Wherever a severity or a role is typed (the CLI's words and flags), an alias reads as the word
it stands for, and the event keeps the word as typed beside the canonical value (`alias`,
written only when an alias was used), so the record says both what the cockpit understood
and what the person said. An alias never redefines a built-in word (`SEV2 = "SEV1"`, or
`commander = "scribe"`): the config is refused, saying which.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from cockpit.core.vocabulary import ROLE_ALIASES, Role, Severity, parse_role, parse_severity

T = TypeVar("T")


def severity_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def role_key(text: str) -> str:
    """As `parse_role` reads a role: case, spaces, dashes and underscores do not matter."""
    return "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())


@dataclass(frozen=True, slots=True)
class Aliases:
    severity: Mapping[str, Severity] = field(default_factory=dict)  # by severity_key
    role: Mapping[str, Role] = field(default_factory=dict)  # by role_key
    shown: Mapping[str, str] = field(default_factory=dict)  # each key as the config spells it

    @classmethod
    def from_words(cls, severity: Mapping[str, str], role: Mapping[str, str]) -> Aliases:
        """From the config's tables; ValueError (naming the entry) for one that cannot be."""
        sev: dict[str, Severity] = {}
        shown: dict[str, str] = {}
        for word, target in severity.items():
            key = severity_key(word)
            if not key:
                raise ValueError("a severity alias is empty")
            meant = _word(parse_severity, target, f"severity alias {word!r}")
            built_in = _built_in_severity(word)
            if built_in is not None and built_in is not meant:
                raise ValueError(f"severity alias {word!r} would redefine {built_in.value}")
            if key in sev and sev[key] is not meant:
                raise ValueError(f"severity alias {word!r} is given twice, for two severities")
            sev[key] = meant
            shown[key] = " ".join(word.split())
        roles: dict[str, Role] = {}
        for word, target in role.items():
            key = role_key(word)
            if not key:
                raise ValueError("a role alias is empty")
            meant_role = _word(parse_role, target, f"role alias {word!r}")
            known = ROLE_ALIASES.get(key)
            if known is not None and known is not meant_role:
                raise ValueError(f"role alias {word!r} would redefine {known.title}")
            if key in roles and roles[key] is not meant_role:
                raise ValueError(f"role alias {word!r} is given twice, for two roles")
            roles[key] = meant_role
            shown[key] = " ".join(word.split())
        return cls(sev, roles, shown)

    def parse_severity(self, text: str) -> tuple[Severity, str]:
        """(the severity, the alias as typed or "" when none was used); ValueError names the
        team's words too."""
        meant = self.severity.get(severity_key(text))
        if meant is not None and _built_in_severity(text) is None:
            return meant, " ".join(text.split())
        try:
            return parse_severity(text), ""
        except ValueError as exc:
            raise ValueError(_with_words(str(exc), self.severity, self.shown)) from None

    def parse_role(self, text: str) -> tuple[Role, str]:
        """(the role, the alias as typed or "" when none was used)."""
        key = role_key(text)
        meant = self.role.get(key)
        if meant is not None and key not in ROLE_ALIASES:
            return meant, " ".join(text.split())
        try:
            return parse_role(text), ""
        except ValueError as exc:
            raise ValueError(_with_words(str(exc), self.role, self.shown)) from None

    def severity_words(self, severity: Severity) -> list[str]:
        """This team's words for a severity, for labels (`SEV1 (P0, red)`)."""
        return [self.shown.get(k, k) for k, v in self.severity.items() if v is severity]

    def role_words(self, role: Role) -> list[str]:
        return [self.shown.get(k, k) for k, v in self.role.items() if v is role]

    def severity_label(self, severity: Severity) -> str:
        words = self.severity_words(severity)
        return severity.value + (f" ({', '.join(words)})" if words else "")

    def role_label(self, role: Role) -> str:
        words = self.role_words(role)
        return role.title + (f" ({', '.join(words)})" if words else "")


NONE = Aliases()


def _built_in_severity(text: str) -> Severity | None:
    try:
        return parse_severity(text)
    except ValueError:
        return None


def _word(parse: Callable[[str], T], target: str, what: str) -> T:
    try:
        return parse(target)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None


def _with_words(message: str, words: Mapping[str, object], shown: Mapping[str, str]) -> str:
    if not words:
        return message
    return message + f" (or your words: {', '.join(sorted(shown.get(k, k) for k in words))})"
