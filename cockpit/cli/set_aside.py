"""What `cockpit sync` says about what the server sent and this file did not store (SYNC.md: a
stored event is never replaced; one that is not valid is set aside): one line each, when it was
set aside, its id, who pushed it, why, and what it says. Every line is shown safe by the
caller: it is a teammate's or a server's text."""

from __future__ import annotations

from datetime import datetime, tzinfo

from pydantic import ValidationError

from cockpit.cli.output import clock_time
from cockpit.core.events import Event
from cockpit.core.ids import short
from cockpit.store.outbox import SyncBook
from cockpit.store.store import Store

GIST = 120


def gist(js: str, tz: tzinfo, limit: int = GIST) -> str:
    """A short idea of a copy set aside: its author and text as an entry, else its start."""
    try:
        e = Event.model_validate_json(js)
        text = f"{e.author}: {e.body.describe(tz=tz)}"
    except (ValidationError, ValueError):
        text = js
    text = " ".join(text.split("\n"))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def lines(store: Store, incidents: list[str], tz: tzinfo) -> list[str]:
    """The copies set aside, under a line per incident that says what they are; [] if none."""
    book = SyncBook(store)
    out: list[str] = []
    for incident in incidents:
        kept = book.set_aside(incident)
        if not kept:
            continue
        label = store.incident(incident).label
        out.append(f"{label}: {len(kept)} set aside, not stored (what the server sent under an "
                   "id this file holds, or not valid; what is here stays as it was):")  # fmt: skip
        for k in kept:
            when = clock_time(datetime.fromisoformat(k.at), tz, seconds=True)
            by = f"pushed by {k.pushed_by}" if k.pushed_by else "pusher unknown"
            ident = short(k.event_id) if k.event_id else "(no id)"
            out.append(f"  {when}  {ident:<8}  {by}  {k.reason}: {gist(k.json, tz)}")
    return out
