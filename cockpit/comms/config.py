"""`[destinations.NAME]` as the sender uses it: each destination resolved, with its secrets
from the config file or the environment, and checked for what its type needs.

A destination that lacks something (no URL, no recipients) does not stop the cockpit from
starting: it is reported by `cockpit deliver --check`, refused when an update names it, and
recorded as `failed` (with what to fix) if an update reaches the sender anyway.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path

from cockpit.core.vocabulary import audience_of, parse_audience
from cockpit.settings import DestinationSettings, Settings

CHAT_TYPES = frozenset({"slack", "mattermost", "rocketchat"})
HTTP_TYPES = CHAT_TYPES | {"teams", "webhook"}


class NotConfigured(Exception):
    """A destination that cannot be used as configured; str() says what to fix."""


@dataclass(frozen=True)
class Target:
    """A destination ready to send to: its settings and its secrets, resolved."""

    name: str
    settings: DestinationSettings
    url: str = ""
    secret: str = ""
    password: str = ""

    @property
    def type(self) -> str:
        return self.settings.type

    @property
    def secrets(self) -> tuple[str, ...]:
        """Everything an error message must never show (see cockpit/comms/scrub.py)."""
        return tuple(s for s in (self.url, self.secret, self.password) if s)


def _from_env(name: str, key: str, environ: Mapping[str, str]) -> str:
    if not key:
        return ""
    value = environ.get(key, "").strip()
    if not value:
        raise NotConfigured(f"destination {name!r}: the environment variable {key} is not set")
    return value


def problems(
    name: str, d: DestinationSettings, environ: Mapping[str, str] | None = None
) -> list[str]:
    """What keeps a destination from being used, each in one line ([] when it is ready)."""
    try:
        resolve(name, d, environ)
    except NotConfigured as exc:
        return [str(exc)]
    return []


def resolve(name: str, d: DestinationSettings, environ: Mapping[str, str] | None = None) -> Target:
    """The destination ready to use; NotConfigured says what is missing."""
    env = os.environ if environ is None else environ
    url = d.url.strip() or _from_env(name, d.url_env.strip(), env)
    secret = d.secret or _from_env(name, d.secret_env.strip(), env)
    password = d.smtp_password or _from_env(name, d.smtp_password_env.strip(), env)
    where = f"destination {name!r} ({d.type})"
    if d.type in HTTP_TYPES:
        if not url:
            raise NotConfigured(f"{where} has no url (set url, or url_env to a variable's name)")
        if not url.lower().startswith(("https://", "http://")):
            raise NotConfigured(f"{where}: the url must start with https://")
    if d.type == "webhook" and not secret:
        raise NotConfigured(
            f"{where} has no secret to sign with (set secret, or secret_env); the receiver "
            "checks the signature"
        )
    if d.type == "email":
        if not d.smtp_host.strip():
            raise NotConfigured(f"{where} has no smtp_host")
        if not d.to:
            raise NotConfigured(f"{where} has no recipients (to = [...])")
        for address in (d.from_, *d.to):
            if not _address(address):
                shown = address[:80]
                raise NotConfigured(f"{where}: {shown!r} is not an email address")
        if d.smtp_user and not password:
            raise NotConfigured(f"{where} has smtp_user but no smtp_password (or its _env)")
    if d.type == "command" and not d.cmd:
        raise NotConfigured(f'{where} has no cmd (cmd = ["statuspage-cli", "post"])')
    if d.notify and d.type not in CHAT_TYPES:
        raise NotConfigured(f"{where}: notify works for slack, mattermost and rocketchat only")
    return Target(name, d, url=url, secret=secret, password=password)


def _address(text: str) -> bool:
    """One plain address: no line breaks or controls (they would reach a mail header)."""
    if not text or not text.isprintable() or len(text) > 254:
        return False
    _, addr = parseaddr(text)
    return "@" in addr and " " not in addr


def accepts(d: DestinationSettings, audience: str) -> bool:
    """Whether a destination takes updates for this audience (all, when it names none), as
    the composer reads them (cockpit.core.update_destinations: "internal" of old updates is
    responders, "external" customers, an audience word it does not know takes nothing)."""
    if not d.audiences:
        return True
    wanted = audience_of(audience)
    for word in d.audiences:
        try:
            if parse_audience(word) is wanted:
                return True
        except ValueError:
            continue
    return False


def offered(
    settings: Settings, *, severity: str = "", audience: str = "", team: str = ""
) -> list[str]:
    """The destinations to preselect for an update: those whose `severities`, `teams` and
    `audiences` (each: any, when empty) match. The composer shows them checked."""
    out = []
    for name, d in settings.destinations.items():
        if d.severities and severity not in d.severities:
            continue
        if d.teams and team not in d.teams:
            continue
        if audience and not accepts(d, audience):
            continue
        out.append(name)
    return out


def unknown(settings: Settings, names: Iterable[str]) -> list[str]:
    return [n for n in names if n not in settings.destinations]


def exposed(path: Path, settings: Settings) -> str:
    """A warning when the config file holds destination secrets and others may read it."""
    holds = any(d.url or d.secret or d.smtp_password for d in settings.destinations.values())
    if not holds:
        return ""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return (f"{path} holds destination secrets and others can read it; run "
                f"`chmod 600 {path}`")  # fmt: skip
    return ""
