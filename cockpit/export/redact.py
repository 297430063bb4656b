"""What an export carries of a redacted entry: the entry and the redaction, never the text.

Exports get archived, mailed and committed to git, so a secret pasted during an incident and
redacted must not travel in one. A redacted event keeps its place, id, author and times; every
text field of its body (what people typed: a note's text, a mitigation's description, an
update, a name) becomes the placeholder, and so does the text of every edit of it. Fields
that are not text (its kind, the entry it is about, a severity, a status, a date) stay, so the
event is still valid and the redaction still points at it. An event this cockpit does not
understand keeps only its kind and the fields that name other entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cockpit.core import events as ev
from cockpit.core.kinds import ABOUT_FIELD
from cockpit.core.timeline import REDACTED
from cockpit.core.versions import UnknownBody

PLACEHOLDER = REDACTED
# Fields that name another entry: kept, or the record would change meaning on import (a
# redacted correction would stop correcting, a redacted answer lose the page it answers).
_REFERENCES = frozenset({"kind", "target", "mitigation", "corrects", "page", "task",
                         *ABOUT_FIELD.values()})  # fmt: skip


def redacted_ids(events: Iterable[ev.Event]) -> set[str]:
    """The ids of the entries some redaction among `events` hides."""
    return {e.body.target for e in events if isinstance(e.body, ev.EntryRedacted)}


def _text_fields(body: Any) -> list[str]:
    """The names (as dumped) of a body's fields that hold what someone typed."""
    if isinstance(body, UnknownBody):
        return [k for k, v in body.fields.items() if isinstance(v, str) and k not in _REFERENCES]
    return [
        name
        for name, field in type(body).model_fields.items()
        if field.annotation is str and name not in _REFERENCES
    ]


def without_text(e: ev.Event) -> ev.Event:
    """`e` with the placeholder in place of every non-empty text field of its body."""
    body = e.body
    data = body.model_dump(mode="json")
    changed = False
    for name in _text_fields(body):
        if data.get(name):
            data[name] = PLACEHOLDER
            changed = True
    if not changed:
        return e
    new_body: Any = UnknownBody.model_validate(data) if e.unknown else ev.parse_body(data)
    return e.model_copy(update={"body": new_body})


def for_export(e: ev.Event, redacted: set[str]) -> ev.Event:
    """The event as an export carries it: without its text when it is redacted, or when it
    is an edit of a redacted entry."""
    b = e.body
    if e.id in redacted or (isinstance(b, ev.EntryEdited) and b.target in redacted):
        return without_text(e)
    return e
