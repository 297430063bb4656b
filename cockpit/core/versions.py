"""Newer and older cockpits side by side (../shared/SYNC.md), and who recorded an event.

`Versioned` is the part of the event envelope (`cockpit.core.events.Event`) that lets a newer
cockpit's events through an older one, and the other way round:

- `v`, the format the writer used. Absent means 1, as in every event stored before it existed
  (written only above 1, so that cockpits from before it, which refuse fields they do not
  know, read today's events).
- A reader stores, syncs and shows every event whose envelope it can read. When it does not
  know the body's kind, or one of its fields, or one of the envelope's, the body is an
  `UnknownBody`: kept whole, shown as an unknown entry, never folded. A known kind whose known
  fields do not validate is invalid, unless `v` is newer than this reader (a newer writer may
  give a field values this one does not know): then it is unknown too.
- So a later release adds a kind (milestones, follow-ups, questions...), or a field that it
  writes only when set, without breaking anyone; one that gives a known field new values
  writes a higher `v`.
- `recorded_by`: who recorded it, when not its author (a scribe, a bot's operator): metadata
  kept beside the event (a column in the file; the pusher, on the server), never part of its
  content: not serialized, never read from an event's JSON; the store sets it when it reads.

`content` says whether two copies of an event are the same; `why_invalid` says what is wrong
with one that is not valid.
"""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

FORMAT_VERSION = 1  # the event format this code writes and fully reads


def first(v: int) -> bool:
    return v == 1


class UnknownBody(BaseModel):
    """What this reader does not understand: a kind it does not know, or a known kind with
    fields it does not know (written by a newer cockpit, say). Kept whole (every field, as
    sent) so that it is stored, synced and shown as an unknown entry; the fold sets nothing
    from it."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="allow")

    kind: Annotated[str, Field(min_length=1, max_length=64)]

    @property
    def fields(self) -> dict[str, Any]:
        return dict(self.__pydantic_extra__ or {})

    def register(self) -> tuple[str, ...] | None:
        return None

    def value(self) -> Any:
        return None

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        fields = self.fields
        text = fields.get("text")
        if isinstance(text, str) and text.strip():
            gist = text
        else:
            gist = ", ".join(
                f"{k}={v}" for k, v in fields.items() if isinstance(v, str | int | float | bool)
            )
        # The kind shows in its own column (a newer cockpit's, say); this says why it reads oddly.
        return "(unknown entry)" + (f" {gist}" if gist else "")


class KnownBodies:
    """The bodies this reader knows (the events module's union): each kind's fields, and the
    validator that says what is wrong with one."""

    def __init__(self, union: Any, adapter: TypeAdapter[Any]) -> None:
        self.adapter = adapter
        self.fields: dict[str, frozenset[str]] = {}
        for model in get_args(get_args(union)[0]):
            names = frozenset(f.alias or name for name, f in model.model_fields.items())
            for kind in get_args(model.model_fields["kind"].annotation):
                self.fields[kind] = names

    def invalid(self, body: UnknownBody) -> None:
        """Raise the known model's own complaint about a body of a known kind."""
        try:
            self.adapter.validate_python(body.model_dump())
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in ("body", *err.get("loc", ())))
            raise PydanticCustomError(
                "invalid_body", "{where}: {msg}", {"where": where, "msg": err.get("msg", "invalid")}
            ) from None


class Versioned(BaseModel):
    """See the module's docstring. `Event` sets `known` once its bodies are defined."""

    # unknown fields: an unknown entry; defer_build: core/body.py says why
    model_config = ConfigDict(defer_build=True, frozen=True, extra="allow")
    known: ClassVar[KnownBodies]

    v: int = Field(default=FORMAT_VERSION, ge=1, le=10**6, exclude_if=first)
    recorded_by: str = Field(default="", exclude=True)

    if TYPE_CHECKING:
        body: Any

    @field_validator("recorded_by", mode="plain")
    @classmethod
    def _never_read(cls, value: object) -> str:
        return ""  # who recorded it is never taken from what the writer sent

    @model_validator(mode="after")
    def _understood(self) -> Versioned:
        body = self.body
        if type(body) is UnknownBody:
            fields = self.known.fields.get(body.kind)
            if fields is not None and self.v <= FORMAT_VERSION and set(body.fields) <= fields:
                self.known.invalid(body)  # a known kind, only known fields: simply not valid
        elif self.__pydantic_extra__:  # an envelope field this reader does not know
            data = body.model_dump(mode="json", by_alias=True, exclude_unset=True)
            self.__dict__["body"] = UnknownBody.model_validate(data | {"kind": body.kind})
        return self

    @property
    def unknown(self) -> bool:
        """Of a kind or with fields this cockpit does not know: shown and synced, not folded."""
        return type(self.body) is UnknownBody


def content(js: str | bytes) -> Any:
    """An event's JSON as content, to tell two copies apart: all of it but the clock value
    (which the server may cap), with the version events had before it was written down."""
    data = json.loads(js)
    if isinstance(data, dict):
        data.pop("hlc", None)
        data.setdefault("v", 1)
    return data


def why_invalid(exc: ValidationError) -> str:
    """The first thing wrong with an event, in one line (`body.note.text: String should...`)."""
    err = exc.errors()[0]
    ctx = err.get("ctx") or {}
    if err.get("type") == "invalid_body" and "where" in ctx:
        return f"{ctx['where']}: {ctx.get('msg', 'invalid')}"[:300]
    loc = [str(p) for p in err.get("loc", ()) if not str(p).startswith("tagged-union[")]
    return f"{'.'.join(loc) or 'event'}: {err.get('msg', 'invalid')}"[:300]
