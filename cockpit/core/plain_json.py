"""The stored JSON of a new plain entry (a note, decision, evidence...), written without the
pydantic models: what `Event.model_dump_json()` writes for the same event, byte for byte
(tests/unit/core/test_plain_json.py holds the two equal). For a script's `cockpit note`
(cli/quick_note.py), which does not load the models; everything else writes through them."""

from __future__ import annotations

import json
from datetime import datetime

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def when(at: datetime) -> str:
    """An aware time as pydantic writes it: ISO 8601, `Z` for UTC, no fraction when whole."""
    text = at.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def entry_json(event_id: str, incident: str, author: str, at: datetime, recorded_at: datetime,
               clock: str, kind: str, text: str, link: str) -> str:  # fmt: skip
    """An entry with no `prev` (an entry sets no register), no `at_offset` (not backdated),
    the current format version (not written) and nobody else recording it (kept apart)."""
    return (
        f'{{"id":{_dumps(event_id)},"incident":{_dumps(incident)},"author":{_dumps(author)},'
        f'"at":"{when(at)}","recorded_at":"{when(recorded_at)}","hlc":{_dumps(clock)},'
        f'"prev":[],"body":{{"kind":{_dumps(kind)},"text":{_dumps(text)},'
        f'"link":{_dumps(link)}}}}}'
    )
