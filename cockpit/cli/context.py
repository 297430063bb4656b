"""What every command needs, built once from flags, environment and the config file."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, timedelta, timezone, tzinfo
from functools import cached_property
from pathlib import Path

from cockpit.core.aliases import Aliases
from cockpit.core.bulk import StartupGC
from cockpit.core.clock import Clock, SystemClock
from cockpit.settings import Settings
from cockpit.store import location
from cockpit.store.store import Store


class UsageError(Exception):
    """Bad input on the command line (exit code 2); str() says what to type instead."""


class Failure(Exception):
    """The command could not do its job (exit code 1); str() says what to do."""


_OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def zone(name: str) -> tzinfo:
    """The zone a user named (`--tz`, `tz` in the config, COCKPIT_TZ): an IANA name such as
    Europe/Berlin, with its rules for every date, or UTC, or a fixed offset such as +05:30."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    key = name.strip()
    if key.upper() in ("UTC", "Z", "GMT"):
        return UTC
    m = _OFFSET.match(key)
    if m and int(m[2]) < 24 and int(m[3] or 0) < 60:
        delta = timedelta(hours=int(m[2]), minutes=int(m[3] or 0))
        return timezone(-delta if m[1] == "-" else delta)
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        shown = key if len(key) <= 40 else key[:39] + "…"
        raise UsageError(
            f"unknown time zone {shown!r}; use a name such as Europe/Berlin, America/New_York "
            "or UTC, or an offset such as +05:30"
        ) from None


def system_zone() -> tzinfo:
    """The system's zone with all its rules, not just today's offset (an entry from July shown
    in December keeps its summer time): TZ, then /etc/localtime; a fixed offset as a last resort."""
    from zoneinfo import ZoneInfo

    name = os.environ.get("TZ", "").lstrip(":")
    if "/zoneinfo/" in name:  # a path to the zone's file
        name = name.split("/zoneinfo/", 1)[1]
    if name:
        try:
            return zone(name)
        except UsageError:
            pass  # a POSIX rule string, say: the C library's reading below
    try:
        target = os.path.realpath("/etc/localtime")
        if "/zoneinfo/" in target:
            return ZoneInfo(target.split("/zoneinfo/", 1)[1])
        with open("/etc/localtime", "rb") as f:
            return ZoneInfo.from_file(f, key="localtime")
    except Exception:  # no zone database, no such file (Windows): today's offset, at least
        from datetime import datetime

        return datetime.now().astimezone().tzinfo or UTC


@dataclass
class Context:
    settings: Settings
    db_flag: str | None = None
    author_flag: str | None = None
    tz_flag: str | None = None
    clock: Clock = field(default_factory=SystemClock)
    tz: tzinfo = field(default_factory=system_zone)  # the system's, unless --tz or the config
    stdin_is_tty: bool = field(default_factory=lambda: sys.stdin.isatty())
    startup_gc: StartupGC = field(default_factory=StartupGC)  # paused by cli.main
    _store: Store | None = None

    def __post_init__(self) -> None:
        named = (self.tz_flag or "").strip() or self.settings.tz.strip()
        if named:  # --tz, then COCKPIT_TZ or `tz` in the config file
            self.tz = zone(named)

    @cached_property
    def db_path(self) -> Path:
        return location.resolve(self.db_flag or self.settings.db or None)

    @cached_property
    def aliases(self) -> Aliases:
        """The team's words for severities and roles (`[aliases]` in the config)."""
        return self.settings.aliases.build()

    @property
    def author(self) -> str:
        return (self.author_flag or "").strip() or self.settings.author

    def store(self, *, create: bool = False) -> Store:
        """The open file; `create` makes it (and its folder) when missing."""
        if self._store is None:
            # The configured name (config file, COCKPIT_NAME, then `cockpit --author`) records
            # what is written here: an entry under another author (a command's own `--author
            # bot`, a scribe's) shows who recorded it, "bot via alice".
            self._store = Store.open(self.db_path, create=create, recorder=self.author)
        return self._store

    @property
    def opened_store(self) -> Store | None:
        """The file if a command opened it (None: nothing was read or written)."""
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
