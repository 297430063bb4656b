"""Making new events: ids, times, clock values and `prev` filled in from what the author sees."""

from __future__ import annotations

from collections.abc import Mapping
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
    at_offset: int | None = None,
    state: IncidentState | None = None,
    latest_hlc: str | None = None,
) -> ev.Event:
    """A new event by `author`, happening `at` (default now), recorded now; `at_offset`, the
    UTC offset of the wall clock `at` was typed on (see `timeparse.When`).

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
        at_offset=at_offset,
        recorded_at=now,
        hlc=hlc.next_after(latest_hlc, now),
        prev=prev,
        body=typed,
    )


def copy_event(
    e: ev.Event,
    author: str,
    clock: Clock,
    *,
    new_id: str | None = None,
    renames: Mapping[str, str] | None = None,
) -> ev.Event:
    """A new event that says what `e` said, to send again what a server refused (a stored
    event never changes): a new id, `author` (who sends it now), recorded now, happening when
    `e` happened. `renames` maps the ids of events copied together to their copies' ids, so a
    copy's `prev` and the entry it is about (an edit's target, say) point at the copies."""
    now = clock.now()
    renames = renames or {}
    body = e.body
    if renames:
        data = body.model_dump(mode="json", by_alias=True)
        renamed = {k: renames.get(v, v) if isinstance(v, str) else v for k, v in data.items()}
        if renamed != data:
            body = ev.parse_body(renamed)
    return e.model_copy(
        update={
            "id": new_id or uuid7(now),
            "author": author,
            "recorded_at": now,
            "hlc": hlc.next_after(None, now),
            "prev": tuple(renames.get(p, p) for p in e.prev),
            "body": body,
        }
    )
