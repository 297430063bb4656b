"""What the sync status line says: live, N pending, offline since, token refused, conflict."""

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
    rejected: int = 0
    url: str = ""

    def evolve(self, **changes: Any) -> SyncStatus:
        return replace(self, **changes)

    @property
    def ok(self) -> bool:
        return self.state is State.LIVE

    def line(self, tz: tzinfo | None = None) -> str:
        """One line for the status bar or the CLI."""
        extra = []
        if self.pending:
            extra.append(f"{self.pending} pending")
        if self.conflicts:
            extra.append(f"{self.conflicts} conflict{'s' if self.conflicts != 1 else ''}")
        if self.rejected:  # what to do, not only how many
            extra.append(f"{self.rejected} rejected — cockpit sync lists them")
        tail = (" · " + ", ".join(extra)) if extra else ""
        since = self.since.astimezone(tz).strftime("%H:%M") if self.since else "?"
        match self.state:
            case State.OFF:
                return "sync: off" + tail
            case State.CONNECTING:
                return f"sync: connecting to {self.url}" + tail
            case State.LIVE:
                return "sync: live" + tail
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
