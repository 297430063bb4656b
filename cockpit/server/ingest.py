"""Checking one pushed event: schema, incident, size; the clock capped, the pusher recorded.

The server never judges whether an event is late or odd: anything well-formed is accepted, and
the fold decides what it means. An event of a kind or with fields this server does not know is
well-formed (a newer cockpit wrote it): it is stored and served as sent. An event written by
someone else than the token's person is accepted as recorded on their behalf: who pushed it is
kept beside it (SYNC.md, "Who wrote it, who pushed it"), so nobody can impersonate silently.
One event that is not valid is refused with its reason; the rest of its batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from cockpit.core import hlc
from cockpit.core.events import Event
from cockpit.core.versions import why_invalid
from cockpit.server.storage.base import Prepared, Result

MAX_EVENT_BYTES = 300 * 1024
_HLC = re.compile(r"^\d{15}\.\d{6}$")


def check(raw: Any, incident_id: str, person: str, now: datetime) -> Prepared | Result:
    """A Prepared event to store (pushed by `person`), or a rejected Result saying why."""
    rid = raw.get("id") if isinstance(raw, dict) else None
    rid = rid if isinstance(rid, str) else ""
    if not isinstance(raw, dict):
        return Result(rid, "rejected", reason="schema: an event must be a JSON object")
    size = len(json.dumps(raw, ensure_ascii=False).encode())
    if size > MAX_EVENT_BYTES:
        return Result(
            rid, "rejected", reason=f"too large: {size} bytes (at most {MAX_EVENT_BYTES})"
        )
    try:
        e = Event.model_validate(raw)
    except ValidationError as exc:
        return Result(rid, "rejected", reason=f"schema: {why_invalid(exc)}")
    if not _HLC.match(e.hlc):
        return Result(rid, "rejected", reason="schema: hlc: not a clock value (15 digits.6 digits)")
    if e.incident != incident_id:
        return Result(rid, "rejected", reason=f"schema: event belongs to incident {e.incident}")
    capped = hlc.cap(e.hlc, now)
    if capped != e.hlc:
        e = e.model_copy(update={"hlc": capped})
    stored = e.model_dump_json()
    return Prepared(
        id=e.id,
        json=stored,
        digest=hashlib.sha256(stored.encode("utf-8", "surrogatepass")).hexdigest(),
        hlc=e.hlc,
        kind=e.kind,
        pushed_by=person,
        capped=capped != raw.get("hlc"),
    )
