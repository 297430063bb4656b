"""An event read back from the local file, validated by its own kind's model alone.

`Event`'s validator holds every kind (a union of ~35 models): pydantic builds it on first use
(core/body.py says why), ~30 ms, and the first frame reads a few state events before anything
else. Each kind's own validator is ~1 ms to build. So the screen's start reads the envelope
with a validator of its own and the body with its kind's, and puts the two together: the same
`Event`, field for field (tests/unit/core/test_trusted_read.py holds them equal). Anything out
of the ordinary (a kind or a field this cockpit does not know, a newer format, a value that
does not validate) returns None, and the caller reads it with `Event` itself, which says what
is wrong or keeps it as an unknown entry.
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from cockpit.core.events import Body, Event
from cockpit.core.versions import FORMAT_VERSION

_MODELS: dict[str, type[BaseModel]] = {
    kind: model
    for model in get_args(get_args(Body)[0])
    for kind in get_args(model.model_fields["kind"].annotation)
}
_ENVELOPE_FIELDS = {n: f for n, f in Event.model_fields.items() if n not in ("body", "recorded_by")}
# Event's fields but the body, with their own constraints; `recorded_by` is never read from
# JSON (the store sets it), so a JSON that has one is read the long way.
_Envelope: type[BaseModel] = create_model(  # type: ignore[call-overload]
    "_Envelope",
    __config__=ConfigDict(defer_build=True, frozen=True, extra="forbid"),
    **{name: (f.annotation, f) for name, f in _ENVELOPE_FIELDS.items()},
)
_KEYS = frozenset((*_ENVELOPE_FIELDS, "body"))


def trusted_event(data: Any) -> Event | None:
    """`data` (an event's JSON, parsed) as an Event, or None: read it with `Event` instead."""
    if not isinstance(data, dict):
        return None
    body = data.get("body")
    if not isinstance(body, dict) or not data.keys() <= _KEYS:
        return None
    kind = body.get("kind")
    if not isinstance(kind, str):
        return None
    model, known = _MODELS.get(kind), Event.known.fields.get(kind)
    if model is None or known is None or not body.keys() <= known:
        return None
    envelope = {k: v for k, v in data.items() if k != "body"}
    version = envelope.get("v", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        return None
    try:
        head = _Envelope.model_validate(envelope)
        validated = model.model_validate(body)
    except ValidationError:
        return None
    return Event.model_construct(
        _fields_set={*head.model_fields_set, "body"}, **dict(head), body=validated
    )
