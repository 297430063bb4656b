"""How the CLI prints times, timeline entries (as text and as JSON) and one-line summaries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from cockpit.core import events as ev
from cockpit.core.ids import short
from cockpit.core.timeline import Row

INDENT = " " * 4


def clock_time(when: datetime, tz: tzinfo, seconds: bool = False) -> str:
    return when.astimezone(tz).strftime("%H:%M:%S" if seconds else "%H:%M")


def stamp(when: datetime) -> str:
    """ISO 8601 in UTC with a Z, for JSON."""
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def span(delta: timedelta) -> str:
    """A duration as people say it: 45s, 12m, 1h05m, 2d3h."""
    secs = int(abs(delta.total_seconds()))
    if secs < 60:
        return f"{secs}s"
    mins, _ = divmod(secs, 60)
    if mins < 60:
        return f"{mins}m"
    hours, mins = divmod(mins, 60)
    if hours < 48:
        return f"{hours}h{mins:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d{hours}h"


def since(when: datetime, now: datetime, tz: tzinfo) -> str:
    """`14:02 (12m ago)`, with the date when it was not today."""
    local = when.astimezone(tz)
    text = clock_time(when, tz)
    if local.date() != now.astimezone(tz).date():
        text = f"{local:%Y-%m-%d} {text}"
    delta = now - when
    rel = f"{span(delta)} ago" if delta >= timedelta(0) else f"in {span(delta)}"
    return f"{text} ({rel})"


def kind_label(kind: str) -> str:
    return {
        "incident_declared": "declared",
        "severity_set": "severity",
        "phase_set": "phase",
        "role_assigned": "role",
        "role_released": "role",
        "entry_resolved": "resolved",
        "mitigation_started": "mitigation",
        "mitigation_outcome": "outcome",
        "task_delegated": "task",
        "task_status": "task",
        "checklist_item": "check",
        "status_update": "update",
        "person_paged": "paged",
        "person_joined": "joined",
        "field_set": "field",
        "entry_edited": "edit",
        "entry_redacted": "redact",
        "entry_pinned": "pin",
    }.get(kind, kind)


def row_lines(row: Row, tz: tzinfo) -> list[str]:
    """One entry: `14:02:05  1a2b3c4d  alice     note      text`, more lines indented."""
    marks = " (edited)" if row.edited and not row.redacted else ""
    head = (
        f"{clock_time(row.at, tz, seconds=True)}  {short(row.id)}  "
        f"{row.author[:12]:<12}  {kind_label(row.kind):<10}  "
    )
    first, *rest = (row.text.rstrip("\n") + marks).split("\n")
    return [head + first, *(INDENT + line for line in rest)]


def timeline_lines(rows: Iterable[Row], tz: tzinfo) -> Iterator[str]:
    """Every row, with a date line whenever the day changes."""
    day: date | None = None
    for row in rows:
        local_day = row.at.astimezone(tz).date()
        if local_day != day:
            day = local_day
            yield f"── {local_day:%A %Y-%m-%d} ──"
        yield from row_lines(row, tz)


def _head(e: ev.Event) -> dict[str, Any]:
    """What scripts get for every event: who, what kind, when."""
    return {
        "id": e.id,
        "short": short(e.id),
        "kind": e.kind,
        "at": stamp(e.at),
        "recorded_at": stamp(e.recorded_at),
        "author": e.author,
    }


def row_json(row: Row) -> dict[str, Any]:
    """A timeline entry for scripts; a redacted entry's text is never included."""
    e = row.event
    out = _head(e) | {"text": row.text, "edited": row.edited, "redacted": row.redacted}
    if isinstance(e.body, ev.Entry) and e.body.link and not row.redacted:
        out["link"] = e.body.link
    if row.edited and not row.redacted:
        out["original_text"] = row.original_text
    return out


def event_json(e: ev.Event) -> dict[str, Any]:
    """An edit or a redaction as it arrives (tail): it points at its target."""
    b = e.body
    out = _head(e) | {"text": b.describe()}
    target = getattr(b, "target", None)
    if target:
        out["target"] = target
    return out


def event_lines(e: ev.Event, tz: tzinfo) -> list[str]:
    """An edit or a redaction as a line of its own (tail)."""
    target = short(getattr(e.body, "target", "") or "")
    return [
        f"{clock_time(e.at, tz, seconds=True)}  {short(e.id)}  {e.author[:12]:<12}  "
        f"{kind_label(e.kind):<10}  {target}: {e.body.describe()}"
    ]
