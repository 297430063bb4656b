"""`PUT /v1/incidents/{id}/restriction`: who may see an incident, changed on the server.

An admin, or a write token whose person may see the incident (named on it, or anyone its
reach allows while it is not restricted), sets the people it is restricted to (`[]` lifts it).
The server writes it as an `incident_restricted` event by the token's person, like a client
would (cockpit/core/restriction.py), so the timeline of every terminal shows who changed it and
when, and the incident's `restricted_to` follows the core's fold of those events, one truth
whichever way a restriction came. A person who is not an admin names themself too: a
restriction that shut its own author out could only be undone by an admin.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import FastAPI, Header, Path
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from cockpit.core import restriction
from cockpit.core.clock import Clock
from cockpit.core.compose import new_event
from cockpit.core.events import Event
from cockpit.core.state import IncidentState
from cockpit.server import api_doc, ingest
from cockpit.server.api_doc import answers
from cockpit.server.auth import Principal, not_here
from cockpit.server.problems import Problem
from cockpit.server.storage.base import Prepared, Storage

Auth = Annotated[str | None, Header(description="Bearer TOKEN")]
IncidentId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]


class SetRestriction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    restricted_to: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        max_length=restriction.MAX_NAMED,
        description="the people (token persons) who may see the incident; [] lifts the "
        "restriction. Admins always see it; `ask` tokens never see a restricted incident.",
    )


def install(
    app: FastAPI,
    *,
    storage: Storage,
    clock: Clock,
    principal: Callable[[str | None], Awaitable[Principal]],
    incident_for: Callable[[Principal, str], Awaitable[Any]],
) -> None:
    """Add the route to `app` (create_app gives its own helpers)."""

    @app.put("/v1/incidents/{incident_id}/restriction", response_model=None, responses=answers(
        {200: api_doc.Incident}, 400, 401, 403, 404, 413, 422, 503,
        why={422: "The body is invalid, or names people without the token's own person "
             "(only an admin may restrict an incident to others)."}))  # fmt: skip
    async def restrict(
        incident_id: IncidentId, body: SetRestriction, authorization: Auth = None
    ) -> Response:
        p = await principal(authorization)
        if await incident_for(p, incident_id) is None:
            raise not_here(incident_id)
        p.require_write("change who may see incidents")
        named = restriction.names(body.restricted_to)
        if named and p.permission != "admin" and not restriction.named(p.person, named):
            raise Problem(
                422, "restriction-excludes-you",
                f"name yourself too ({p.person}): restricted to others, this incident would be "
                "hidden from you; an admin may restrict it to anyone",
            )  # fmt: skip
        await run_in_threadpool(_write, storage, incident_id, named, p, clock)
        row = await run_in_threadpool(storage.incident, incident_id)
        return JSONResponse(row.view() if row is not None else {}, status_code=200)


def _write(
    storage: Storage, incident_id: str, named: tuple[str, ...], p: Principal, clock: Clock
) -> None:
    """The restriction event, unless the incident stands so already (a repeat writes nothing)."""
    state = IncidentState(incident_id)
    for _seq, js, _by in storage.of_kinds(incident_id, ["incident_restricted"]):
        try:
            state.apply(Event.model_validate_json(js))
        except ValueError:
            continue  # written by another version and unreadable here
    current = restriction.restricted_to(state)
    row = storage.incident(incident_id)
    standing = current if current is not None else (row.restricted_to if row else ())
    if {n.casefold() for n in standing} == {n.casefold() for n in named}:
        return
    r = state.registers.get(restriction.REGISTER)
    latest = r.winner.hlc if r is not None and r.winner is not None else None
    data = {"kind": "incident_restricted", "to": list(named)}
    e = new_event(incident_id, p.person, data, clock, state=state, latest_hlc=latest)
    prepared = ingest.check(json.loads(e.model_dump_json()), incident_id, p.person, clock.now())
    if not isinstance(prepared, Prepared):  # our own event: never, but never silently
        raise Problem(422, "invalid-request", f"the restriction: {prepared.reason}")
    storage.push(incident_id, [prepared])
