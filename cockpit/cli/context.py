"""What every command needs, built once from flags, environment and the config file."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import tzinfo
from functools import cached_property
from pathlib import Path

from cockpit.core.bulk import StartupGC
from cockpit.core.clock import Clock, SystemClock
from cockpit.settings import Settings
from cockpit.store import location
from cockpit.store.store import Store


class UsageError(Exception):
    """Bad input on the command line (exit code 2); str() says what to type instead."""


class Failure(Exception):
    """The command could not do its job (exit code 1); str() says what to do."""


def local_tz() -> tzinfo:
    from datetime import datetime

    tz = datetime.now().astimezone().tzinfo
    assert tz is not None
    return tz


@dataclass
class Context:
    settings: Settings
    db_flag: str | None = None
    author_flag: str | None = None
    clock: Clock = field(default_factory=SystemClock)
    tz: tzinfo = field(default_factory=local_tz)
    stdin_is_tty: bool = field(default_factory=lambda: sys.stdin.isatty())
    startup_gc: StartupGC = field(default_factory=StartupGC)  # paused by cli.main
    _store: Store | None = None

    @cached_property
    def db_path(self) -> Path:
        return location.resolve(self.db_flag or self.settings.db or None)

    @property
    def author(self) -> str:
        return (self.author_flag or "").strip() or self.settings.author

    def store(self, *, create: bool = False) -> Store:
        """The open file; `create` makes it (and its folder) when missing."""
        if self._store is None:
            self._store = Store.open(self.db_path, create=create)
        return self._store

    @property
    def opened_store(self) -> Store | None:
        """The file if a command opened it (None: nothing was read or written)."""
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
