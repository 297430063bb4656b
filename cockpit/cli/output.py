"""How the CLI prints times, timeline entries (as text and as JSON) and one-line summaries.

What people and bots wrote is data, never a terminal command: every line printed for a
person goes through `cockpit.core.display` (`say` for one line; a timeline entry's lines are
made safe here, their line breaks kept as continuation lines), and JSON goes through
`json_text`, which escapes what a terminal could act on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from cockpit.cli.records import structured
from cockpit.core import events as ev
from cockpit.core import kinds
from cockpit.core.display import json_safe, safe, safe_lines
from cockpit.core.ids import short
from cockpit.core.timefmt import offset_name, span

if TYPE_CHECKING:  # cli.main imports `say`: no need for the timeline's module on every start
    from cockpit.core.timeline import Row

# The start of every further line of a multi-line entry. A row starts with its time and a
# day line with `──`, never with this: a note whose text holds a line break and something
# shaped like a row (`14:02:05  1a2b3c4d  mallory  decision ...`) cannot pass for one.
CONTINUATION = "  │ "
INDENT = " " * 4  # a line about the entry above: its mark as refused by the server


def say(text: str, *, err: bool = False, flush: bool = False) -> None:
    """Print one line for a person, every control in it visible and inert (`safe`)."""
    print(safe(text), file=sys.stderr if err else sys.stdout, flush=flush)


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON for scripts and people alike (`cockpit.core.display.json_safe` says how)."""
    return json_safe(json.dumps(data, ensure_ascii=False, indent=indent))


def clock_time(when: datetime, tz: tzinfo, seconds: bool = False) -> str:
    return when.astimezone(tz).strftime("%H:%M:%S" if seconds else "%H:%M")


def stamp(when: datetime) -> str:
    """ISO 8601 in UTC with a Z, for JSON."""
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def since(when: datetime, now: datetime, tz: tzinfo) -> str:
    """`14:02 (12m ago)`, with the date when it was not today."""
    local = when.astimezone(tz)
    text = clock_time(when, tz)
    if local.date() != now.astimezone(tz).date():
        text = f"{local:%Y-%m-%d} {text}"
    delta = now - when
    rel = f"{span(delta)} ago" if delta >= timedelta(0) else f"in {span(delta)}"
    return f"{text} ({rel})"


def kind_label(kind: str, body: Any = None) -> str:
    """The kind as the CLI shows it: the long label of the one table (`cockpit.core.kinds`),
    in lower case (capitals are the screen's emphasis, with bold; plain text has neither)."""
    return kinds.label(kind, body).lower()


def who(author: str, recorded_by: str = "", limit: int | None = None) -> str:
    """`alice`, or `deploy-bot via alice` when someone else recorded it. In a column (`limit`)
    the author alone is cut to fit, never the "via" part: it is what makes impersonation
    visible."""
    if not recorded_by:
        return safe(author)[:limit]
    cut = None if limit is None else 2 * limit
    return f"{safe(author)[:cut]} via {safe(recorded_by)[:cut]}"


def _head(when: datetime, event_id: str, author: str, kind: str, tz: tzinfo,
          body: Any = None, recorded_by: str = "") -> str:  # fmt: skip
    return (
        f"{clock_time(when, tz, seconds=True)}  {short(event_id)}  "
        f"{who(author, recorded_by, limit=12):<12}  "
        f"{safe(kind_label(kind, body)):<{kinds.LABEL_WIDTH}}  "
    )


def row_lines(row: Row, tz: tzinfo) -> list[str]:
    """One entry: `14:02:05  1a2b3c4d  alice     note      text`; its further lines (kept,
    tabs too) each start with CONTINUATION. Every control is visible and inert."""
    marks = " (edited)" if row.edited and not row.redacted else ""
    first, *rest = safe_lines(row.text.rstrip("\n"))
    body = None if row.src.plain else row.src.body  # the label of a settling names how
    head = _head(row.at, row.id, row.author, row.kind, tz, body, row.recorded_by)
    if not rest:
        return [head + first + marks]
    rest[-1] += marks
    return [head + first, *(CONTINUATION + line for line in rest)]


def timeline_lines(
    rows: Iterable[Row], tz: tzinfo, marks: dict[str, tuple[str, bool]] | None = None
) -> Iterator[str]:
    """Every row, with a date line whenever the day changes, which names the zone's offset on
    that day (and again when the clocks change within it; in UTC, just the date); `marks`: the
    entries the server refused (id -> (reason, sent again since)), each marked on a line of its
    own."""
    day: date | None = None
    offset: timedelta | None = None
    utc = datetime(2000, 1, 1, tzinfo=UTC).astimezone(tz).utcoffset() == timedelta(0) and (
        datetime(2000, 7, 1, tzinfo=UTC).astimezone(tz).utcoffset() == timedelta(0)
    )  # a zone that is UTC all year needs no word about offsets
    for row in rows:
        local = row.at.astimezone(tz)
        local_day, local_offset = local.date(), local.utcoffset()
        if local_day != day:
            zone = "" if utc else f" ({offset_name(row.at, tz)})"
            yield f"── {local_day:%A %Y-%m-%d}{zone} ──"
        elif local_offset != offset and not utc:
            yield f"── the clocks changed: now {offset_name(row.at, tz)} ──"
        day, offset = local_day, local_offset
        yield from row_lines(row, tz)
        if marks and row.id in marks:
            yield refused_line(row.id, *marks[row.id])


def refused_line(event_id: str, reason: str, superseded: bool) -> str:
    """The line under an entry the server refused. It starts with four spaces, which no line
    of an entry's text can (a row starts with its time, a further line with CONTINUATION)."""
    if superseded:
        return f"{INDENT}↻ not shared: the server refused it ({safe(reason)})"
    return (
        f"{INDENT}✗ not shared: the server refused it: {safe(reason)}; once that is fixed, "
        f"`cockpit sync --resend {short(event_id)}` sends a copy"
    )


def _head_json(e: ev.Event) -> dict[str, Any]:
    """What scripts get for every event: who, what kind, when; who recorded it only when that
    is not its author; and an event this cockpit does not understand, whole, marked so."""
    out: dict[str, Any] = {
        "id": e.id,
        "short": short(e.id),
        "kind": e.kind,
        "at": stamp(e.at),
        "recorded_at": stamp(e.recorded_at),
        "author": e.author,
    }
    if e.recorded_by:
        out["recorded_by"] = e.recorded_by
    if e.unknown:
        out["unknown"] = True
        out["body"] = e.body.model_dump(mode="json")
    return out


def row_json(row: Row) -> dict[str, Any]:
    """A timeline entry for scripts, with its structured fields (cli/records.py); a redacted
    entry's text is never included."""
    e = row.event
    out = _head_json(e) | {"text": row.text, "edited": row.edited, "redacted": row.redacted}
    out |= structured(e, redacted=row.redacted)
    if e.at_offset is not None:  # the UTC offset (minutes) of the wall clock it was typed on
        out["at_offset"] = e.at_offset
    if isinstance(e.body, ev.Entry) and e.body.link and not row.redacted:
        out["link"] = e.body.link
    if row.edited and not row.redacted:
        out["original_text"] = row.original_text
    return out


def event_json(e: ev.Event, tz: tzinfo) -> dict[str, Any]:
    """An edit or a redaction as it arrives (tail): it points at its target."""
    b = e.body
    out = _head_json(e) | {"text": b.describe(tz=tz)}
    target = getattr(b, "target", None)
    if target:
        out["target"] = target
    return out


def event_lines(e: ev.Event, tz: tzinfo) -> list[str]:
    """An edit or a redaction as a line of its own (tail)."""
    target = short(getattr(e.body, "target", "") or "")
    head = _head(e.at, e.id, e.author, e.kind, tz, e.body, e.recorded_by)
    return [head + safe(f"{target}: {e.body.describe(tz=tz)}")]
