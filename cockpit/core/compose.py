"""Making new events: ids, times, clock values and `prev` filled in from what the author sees."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cockpit.core import events as ev
from cockpit.core import hlc
from cockpit.core.clock import Clock
from cockpit.core.ids import uuid7
from cockpit.core.state import IncidentState


def new_event(
    incident: str,
    author: str,
    body: ev.Body | dict[str, Any],
    clock: Clock,
    *,
    at: datetime | None = None,
    state: IncidentState | None = None,
    latest_hlc: str | None = None,
) -> ev.Event:
    """A new event by `author`, happening `at` (default now), recorded now.

    With `state`, a write to shared state names the values its author saw (`prev`). The store
    moves `hlc` past the latest value in the file when it appends, so `latest_hlc` is only a
    hint for callers that hold no store.
    """
    typed: ev.Body = ev.parse_body(body) if isinstance(body, dict) else body
    now = clock.now()
    prev: tuple[str, ...] = ()
    register = typed.register()
    if state is not None and register is not None:
        prev = state.heads(*register)
    return ev.Event(
        id=uuid7(now),
        incident=incident,
        author=author,
        at=at or now,
        recorded_at=now,
        hlc=hlc.next_after(latest_hlc, now),
        prev=prev,
        body=typed,
    )
