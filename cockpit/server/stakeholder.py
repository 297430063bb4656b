"""The stakeholders' door (../shared/SYNC.md, `ask`): post a question to the IC's inbox, and read
an incident's stakeholder view.

- `POST /v1/incidents/{id}/questions` (`ask`, `write` or `admin`): the server makes the
  `question_asked` event on the asker's behalf. Its author is the token's person (who also
  pushed it, as the server keeps beside every event), `from` names who asks; so a question
  never passes for someone else's unseen. A client may send the id it made (a retry with the
  same id and the same question gets the first one back, never a second question).
- `GET /v1/incidents/{id}/stakeholder` (any token): the incident as a stakeholder sees it
  (cockpit.core.inbox.stakeholder_view, the one filter), with the token person's own
  questions and their answers. With `since` (the view's `seq`) and `wait`, it answers when
  the view has changed or the wait runs out: `cockpit ask --wait` follows it so.

An `ask` token reads only this view: the events themselves (which keep evidence, notes and
the original of every redacted entry) are refused to it (app.py's pull).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Annotated, Any

from fastapi import FastAPI, Header, Path, Query
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from cockpit.core import inbox
from cockpit.core.clock import Clock
from cockpit.core.compose import new_event
from cockpit.core.events import Event
from cockpit.core.questions import MAX_QUESTION, QuestionAsked
from cockpit.core.state import fold
from cockpit.core.versions import why_invalid
from cockpit.server import api_doc, ingest
from cockpit.server.api_doc import answers
from cockpit.server.auth import Principal, not_here
from cockpit.server.problems import Problem
from cockpit.server.storage.base import Prepared, Storage
from cockpit.server.waker import Waker

Auth = Annotated[str | None, Header(description="Bearer TOKEN")]
IncidentId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]
EVENT_ID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class AskQuestion(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_QUESTION, description="the question")
    from_: str | None = Field(None, alias="from", min_length=1, max_length=200,
                              description="who asks (default: the token's person)")  # fmt: skip
    id: str | None = Field(None, pattern=EVENT_ID, description="an id the client made "
                           "(a UUID), so that a retry never asks twice")  # fmt: skip


def install(
    app: FastAPI,
    *,
    storage: Storage,
    clock: Clock,
    waker: Waker,
    principal: Callable[[str | None], Awaitable[Principal]],
    incident_for: Callable[[Principal, str], Awaitable[Any]],
    closing: dict[str, bool],
    max_wait: float,
) -> None:
    """Add the two routes to `app` (create_app gives its own helpers)."""

    async def known(p: Principal, incident_id: str) -> None:
        if await incident_for(p, incident_id) is None:  # not here, or restricted to others
            raise not_here(incident_id)

    @app.post("/v1/incidents/{incident_id}/questions", status_code=201, responses=answers(
        {200: api_doc.Asked, 201: api_doc.Asked}, 400, 401, 403, 404, 409, 413, 422, 503,
        why={409: "The id sent is already another event's: make a new one.",
             200: "This question was already asked with this id: here it is again."}))  # fmt: skip
    async def ask(
        incident_id: IncidentId, body: AskQuestion, authorization: Auth = None
    ) -> Response:
        p = await principal(authorization)
        await known(p, incident_id)
        p.require_ask()
        if body.id is not None:
            again = await run_in_threadpool(_again, storage, incident_id, body, p)
            if again is not None:
                return JSONResponse(again, status_code=200)
        e = _question(incident_id, body, p, clock)
        prepared = ingest.check(json.loads(e.model_dump_json()), incident_id, p.person, clock.now())
        if not isinstance(prepared, Prepared):
            raise Problem(422, "invalid-request", f"the question: {prepared.reason}")
        [result] = await run_in_threadpool(storage.push, incident_id, [prepared])
        if result.status == "duplicate":  # the same id, sent twice at once
            again = await run_in_threadpool(_again, storage, incident_id, body, p)
            if again is not None:
                return JSONResponse(again, status_code=200)
        if result.status != "created" or result.seq is None:
            raise _taken(body.id or e.id)
        stored = e.model_copy(update={"hlc": prepared.hlc})
        return JSONResponse(_asked(stored, result.seq), status_code=201)

    @app.get("/v1/incidents/{incident_id}/stakeholder", response_model=None, responses=answers(
        {200: api_doc.StakeholderView}, 401, 403, 404, 422, 503))  # fmt: skip
    async def view(
        incident_id: IncidentId,
        since: Annotated[
            int,
            Query(
                ge=0,
                le=10**15,
                description="the `seq` of the view you have: with `wait`, answer once it changed",
            ),
        ] = 0,  # fmt: skip
        wait: float = Query(
            0,
            ge=0,
            le=max_wait,
            description="seconds to wait for a change "
            f"past `since` (a long-poll), at most {max_wait:g}",
        ),  # fmt: skip
        authorization: Auth = None,
    ) -> Response:
        p = await principal(authorization)
        await known(p, incident_id)
        deadline = time.monotonic() + wait
        waited = False
        while True:
            fut = waker.register(incident_id)
            try:
                if waited:  # restricted meanwhile: it is gone for this token
                    await known(p, incident_id)
                rows = await run_in_threadpool(storage.of_kinds, incident_id, inbox.VIEW_KINDS)
                seq = rows[-1][0] if rows else 0
                remaining = deadline - time.monotonic()
                if seq != since or remaining <= 0 or closing["now"]:
                    break
                with suppress(TimeoutError):
                    await asyncio.wait_for(fut, timeout=remaining)
                waited = True
            finally:
                waker.forget(incident_id, fut)
        shown = await run_in_threadpool(_view, rows, p.person)
        return JSONResponse({**shown, "incident": incident_id, "seq": seq})


def _events(rows: list[tuple[int, str, str | None]]) -> list[Event]:
    """The stored events, each with who pushed it as its recorder when not its author."""
    out = []
    for _seq, js, by in rows:
        try:
            e = Event.model_validate_json(js)
        except (ValidationError, ValueError):
            continue  # stored by another version and unreadable here: it shows nothing
        out.append(e.model_copy(update={"recorded_by": by}) if by and by != e.author else e)
    return out


def _view(rows: list[tuple[int, str, str | None]], person: str) -> dict[str, Any]:
    return inbox.stakeholder_view(_events(rows), person)


def _question(incident_id: str, body: AskQuestion, p: Principal, clock: Clock) -> Event:
    data = {"kind": "question_asked", "from": (body.from_ or p.person).strip(), "text": body.text}
    try:
        e = new_event(incident_id, p.person, data, clock)
    except ValidationError as exc:  # a blank question, a blank name
        raise Problem(422, "invalid-request", why_invalid(exc)) from None
    return e.model_copy(update={"id": body.id}) if body.id else e


def _asked(e: Event, seq: int) -> dict[str, Any]:
    q = inbox.question(fold([e]), e.id)
    assert q is not None
    return {"id": e.id, "seq": seq, "question": inbox.question_view(q)}


def _taken(event_id: str) -> Problem:
    return Problem(409, "question-id-taken",
                   f"id {event_id} is already another event's; send a new id (or none)")  # fmt: skip


def _again(storage: Storage, incident_id: str, body: AskQuestion, p: Principal) -> dict | None:
    """The question already stored under the id sent, if it is this one: a retry."""
    assert body.id is not None
    stored = storage.stored(body.id)
    if stored is None:
        return None
    incident, seq, js, by = stored
    e = Event.model_validate_json(js)
    b = e.body
    same = (
        incident == incident_id and isinstance(b, QuestionAsked) and e.author == p.person
        and (by or e.author) == p.person and b.text == body.text
        and b.asker == (body.from_ or p.person).strip()
    )  # fmt: skip
    if not same:
        raise _taken(body.id)
    return _asked(e, seq)
