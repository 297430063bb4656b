"""What the sync status line says: live, N pending, offline since, token refused, conflict,
what the server sent that was set aside, and entries the server lost and was sent again."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Any


class State(StrEnum):
    OFF = "off"  # not joined, or stopped
    CONNECTING = "connecting"
    LIVE = "live"
    OFFLINE = "offline"  # unreachable, busy, or a bad reply: retrying
    TOKEN_REFUSED = "token_refused"  # 401: paused until a new token
    FORBIDDEN = "forbidden"  # 403: this incident paused


@dataclass(frozen=True, slots=True)
class SyncStatus:
    state: State = State.OFF
    pending: int = 0
    since: datetime | None = None  # offline since, or live since
    detail: str = ""  # the last problem, one line
    conflicts: int = 0
    rejected: int = 0  # our events the server refused
    set_aside: int = 0  # copies the server sent that were not stored (`cockpit sync` lists them)
    lost: int = 0  # our events the server no longer holds, about to be sent again
    resent: int = 0  # such events sent again since sync started
    url: str = ""
    read_only: str = ""  # why the token may only read: it pulls; what is written stays here

    def evolve(self, **changes: Any) -> SyncStatus:
        return replace(self, **changes)

    @property
    def ok(self) -> bool:
        return self.state is State.LIVE

    def line(self, tz: tzinfo | None = None) -> str:
        """One line for the status bar or the CLI."""
        extra = []
        if self.pending:
            extra.append(f"{self.pending} {'not shared' if self.read_only else 'pending'}")
        if self.conflicts:
            extra.append(f"{self.conflicts} conflict{'s' if self.conflicts != 1 else ''}")
        if self.rejected:  # what to do, not only how many
            extra.append(f"{self.rejected} rejected — cockpit sync lists them")
        if self.set_aside:  # what the server sent and this file did not take, likewise
            extra.append(f"{self.set_aside} set aside — cockpit sync lists them")
        if self.lost:
            extra.append(f"server lost {_entries(self.lost + self.resent)}; sending them again")
        elif self.resent:
            extra.append(f"server lost {_entries(self.resent)}; sent them again")
        tail = (" · " + ", ".join(extra)) if extra else ""
        since = self.since.astimezone(tz).strftime("%H:%M") if self.since else "?"
        match self.state:
            case State.OFF:
                return "sync: off" + tail
            case State.CONNECTING:
                return f"sync: connecting to {self.url}" + tail
            case State.LIVE:
                return ("sync: live, read only" if self.read_only else "sync: live") + tail
            case State.OFFLINE:
                why = f" ({self.detail})" if self.detail else ""
                return f"sync: offline since {since}{why}; retrying" + tail
            case State.TOKEN_REFUSED:
                return (
                    f"sync: token refused ({self.detail or 'unknown token'}); `cockpit join URL "
                    "INC-n --token T` keeps a new one, work continues offline" + tail
                )
            case State.FORBIDDEN:
                return f"sync: paused for this incident ({self.detail})" + tail
        return "sync: ?"  # pragma: no cover


def _entries(n: int) -> str:
    return f"{n} entr{'y' if n == 1 else 'ies'}"
