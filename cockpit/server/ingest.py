"""Checking one pushed event: schema, incident, author, size; the clock capped, the author kept.

The server never judges whether an event is late or odd: anything well-formed and written by
the token's person is accepted, and the fold decides what it means.
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
from cockpit.server.storage.base import Prepared, Result

MAX_EVENT_BYTES = 300 * 1024
_HLC = re.compile(r"^\d{15}\.\d{6}$")


def _schema_reason(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "event"
    return f"schema: {where}: {err.get('msg', 'invalid')}"[:300]


def check(raw: Any, incident_id: str, person: str, now: datetime) -> Prepared | Result:
    """A Prepared event to store, or a rejected Result saying why."""
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
        return Result(rid, "rejected", reason=_schema_reason(exc))
    if not _HLC.match(e.hlc):
        return Result(rid, "rejected", reason="schema: hlc: not a clock value (15 digits.6 digits)")
    if e.incident != incident_id:
        return Result(rid, "rejected", reason=f"schema: event belongs to incident {e.incident}")
    if e.author != person:
        return Result(
            rid, "rejected",
            reason=f"author mismatch: written by {e.author!r}, token is for {person!r}",
        )  # fmt: skip
    sent = e.model_dump_json()
    digest = hashlib.sha256(sent.encode()).hexdigest()
    capped = hlc.cap(e.hlc, now)
    if capped != e.hlc:
        e = e.model_copy(update={"hlc": capped})
        sent = e.model_dump_json()
    return Prepared(
        id=e.id,
        json=sent,
        digest=digest,
        hlc=e.hlc,
        kind=e.kind,
        body=e.body.model_dump(mode="json", by_alias=True),
        capped=capped != raw.get("hlc"),
    )
