"""What the OpenAPI document (`/openapi.json`, `/docs`) says each route answers.

The routes build their answers by hand (the pull is assembled as text, for speed), so these
models document the answers without being applied to them. Every error is an RFC 9457
`application/problem+json` body (`Problem`); each route lists the statuses it can give, and
tests/server/test_fuzz.py holds the server to the document (status, content type, body
schema, headers).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict, Field

from cockpit.server.problems import BASE

PROBLEM_TYPE = "application/problem+json"
CURSOR = (
    "Where a page ends: `EPOCH:SEQ`, the server database's epoch and the sequence number of "
    "the last event given. Pass it back as `after` for the next page; `0` starts from the "
    "beginning. A cursor of another epoch (the server was restored from a backup or reset) "
    "is answered 409 `epoch-changed`: pull again from 0 and push back your events."
)
CURSOR_PATTERN = r"^[^:]+:[0-9]+$"


class _Doc(BaseModel):
    model_config = ConfigDict(extra="allow")  # later versions may add fields


class Problem(_Doc):
    """What went wrong (RFC 9457); other members (`max_events`, `epoch`...) may follow."""

    type: str = Field(description=f"the kind of problem, stable, for clients to switch on: "
                      f"{BASE}KIND (token-expired, forbidden-incident, epoch-changed...)")  # fmt: skip
    title: str = Field(description="the status in words")
    status: int
    detail: str = Field(description="one line that says what to do")


class Health(_Doc):
    status: str = Field(description="ok")
    epoch: str = Field(description="the server database's epoch (see the pull's cursor)")
    closing: bool = Field(description="shutting down: parked pulls are being released")
    parked: int = Field(description="long-polls waiting now")


class WhoAmI(_Doc):
    person: str = Field(description="whose token it is: recorded beside every event it pushes")
    team: str
    reach: str = Field(description="`team T` or `incident ID`: which incidents it may use")
    incident: str | None = Field(description="the one incident the token is limited to")
    permission: str = Field(description="read, ask, write or admin (see SYNC.md)")
    expires_at: int | None = Field(description="Unix time; null: never")
    token_id: str


class Incident(_Doc):
    id: str
    title: str
    severity: str | None
    phase: str
    last_seq: int = Field(description="the sequence number of its latest event")
    created_by: str
    created_at: int = Field(description="Unix time")
    restricted_to: list[str] | None = Field(None, description="the people (token persons) "
                                            "who alone may see it, with admins; null: not "
                                            "restricted")  # fmt: skip


class Incidents(_Doc):
    incidents: list[Incident]


class PushResult(_Doc):
    id: str = Field(description="the event's id ('' when the item had none)")
    status: str = Field(description="created, duplicate (already here, same content) or "
                        "rejected (`reason` says why)")  # fmt: skip
    seq: int | None = Field(None, description="its sequence number here, once stored")
    reason: str | None = Field(None, description="why it was rejected")
    hlc: str | None = Field(None, description="the clock value stored, when the server capped "
                            "a clock far ahead")  # fmt: skip


class PushResults(_Doc):
    results: list[PushResult] = Field(description="one per pushed event, in order")


class Pulled(_Doc):
    seq: int
    event: dict[str, Any] = Field(description="the event as stored (see shared/SYNC.md)")
    pushed_by: str | None = Field(None, description="the person of the token that pushed it, "
                                  "kept beside the event, not in it (null: before this was "
                                  "kept); a client shows `author via pushed_by` when they "
                                  "differ")  # fmt: skip


class PullPage(_Doc):
    epoch: str
    cursor: str = Field(description=CURSOR, pattern=CURSOR_PATTERN, examples=["9f2c4e1a7b30:42"])
    last_seq: int = Field(description="the incident's latest sequence number here")
    after_id: str | None = Field(None, description="the id of the event at the cursor's "
                                 "sequence number (null from 0): a client that saw another "
                                 "one there knows the server was restored and pushes back "
                                 "what it lost")  # fmt: skip
    events: list[Pulled] = Field(description="after the cursor, in sequence order; empty when "
                                 "a long-poll's wait ran out")  # fmt: skip


class StakeholderUpdate(_Doc):
    id: str
    at: str = Field(description="when it was posted (ISO 8601, UTC)")
    audience: str = Field(description="who it was for: internal, external, exec, support...")
    text: str = Field(description="as it reads now (its latest edit)")
    next_in_minutes: int | None = Field(None, description="when it said the next one comes")


class StakeholderQuestion(_Doc):
    id: str = Field(description="the question's event id")
    asked_at: str = Field(description="ISO 8601, UTC")
    from_: str = Field(alias="from", description="who asks (a name, not necessarily a user)")
    status: str = Field(description="open, answered, deferred (to the next update: `update` "
                        "holds it once posted) or passed (to `passed_to`, as a task)")  # fmt: skip
    text: str | None = Field(None, description="absent when it was redacted (`redacted`)")
    redacted: bool | None = None
    settled_at: str | None = None
    settled_by: str | None = Field(None, description="who answered, deferred or passed it")
    answer: str | None = Field(None, description="the answer, when answered")
    answer_redacted: bool | None = None
    passed_to: str | None = None
    update: StakeholderUpdate | None = Field(None, description="a deferred question: the "
                                             "update posted since, which answers it")  # fmt: skip


class StakeholderView(_Doc):
    """What someone who may only ask sees: never evidence, notes, decisions or redacted text."""

    incident: str
    seq: int = Field(description="the view's version: pass it back as `since` with `wait` to "
                     "wait for a change (an answer, an update)")  # fmt: skip
    title: str
    severity: str | None
    severity_means: str | None = Field(description="the severity's definition, in words")
    phase: str
    impact: str = Field(description="who is affected and how badly")
    updates: list[StakeholderUpdate] = Field(description="status updates meant for "
                                             "stakeholders, oldest first")  # fmt: skip
    next_update_at: str | None = Field(description="when the last update said the next comes")
    questions: list[StakeholderQuestion] = Field(description="the questions this token's "
                                                 "person asked, with their answers")  # fmt: skip


class Asked(_Doc):
    id: str = Field(description="the question's event id (the one sent, or a new one)")
    seq: int = Field(description="its sequence number in the incident")
    question: StakeholderQuestion


_WHY = {
    400: "The request is malformed: a body that is not JSON in UTF-8 (`bad-body`), or a cursor "
    "that is not `EPOCH:SEQ` (`bad-cursor`).",
    401: "No token, or one that is unknown, revoked or expired.",
    403: "The token may not use this incident (another team's, or another incident's token), "
    "or its permission does not allow this (`read` and `ask` never push; `ask` reads the "
    "stakeholder view, not the events; `read` does not ask).",
    404: "No such incident here, or one restricted to people this token's person is not one "
    "of (the same answer, so that a restricted incident's existence does not leak).",
    409: "The cursor is of another epoch: pull again from 0 and push back your events.",
    413: "The body is over 1 MiB, or the batch over 500 events.",
    422: "A parameter or the body is invalid.",
    503: "The database is unreachable; retry after `Retry-After` seconds.",
}
_HEADERS = {
    401: {
        "WWW-Authenticate": {
            "description": "Bearer",
            "required": True,
            "schema": {"type": "string"},
        }
    },  # fmt: skip
    503: {
        "Retry-After": {"description": "seconds", "required": True, "schema": {"type": "string"}}
    },  # fmt: skip
}


def answers(ok: dict[int, type[BaseModel]], *errors: int,
            why: dict[int, str] | None = None) -> dict[int | str, dict[str, Any]]:  # fmt: skip
    """The `responses=` of a route: its successful bodies and its problems (`why`: what a
    status means on this route, when not what it means elsewhere)."""
    out: dict[int | str, dict[str, Any]] = {
        status: {"model": model} for status, model in ok.items()
    }
    for status in errors:
        out[status] = {
            "description": (why or {}).get(status, _WHY[status]),
            "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
            **({"headers": _HEADERS[status]} if status in _HEADERS else {}),
        }
    return out


def install(app: FastAPI) -> None:
    """Build the document once, with `Problem` among its schemas."""

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version,
                              description=app.description, routes=app.routes)  # fmt: skip
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
            schemas["Problem"] = Problem.model_json_schema()
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]
