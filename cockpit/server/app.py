"""The ASGI app: `create_app(storage)` gives the v1 API of ../shared/SYNC.md."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from contextlib import asynccontextmanager, suppress
from typing import Annotated, Any

from fastapi import FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from cockpit.core import restriction
from cockpit.core.clock import Clock, SystemClock
from cockpit.core.display import safe
from cockpit.server import api_doc, ingest, restricting, stakeholder
from cockpit.server.api_doc import answers
from cockpit.server.auth import Principal, authenticate, not_here
from cockpit.server.limits import MAX_BATCH_BYTES, MAX_BATCH_EVENTS, BodyLimit, RequestLog
from cockpit.server.problems import Problem, problem_response
from cockpit.server.storage.base import Prepared, Result, Storage, StorageError
from cockpit.server.waker import Waker

log = logging.getLogger("cockpit.server")

MAX_WAIT = 25.0
Auth = Annotated[str | None, Header(description="Bearer TOKEN")]
IncidentId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]


class PutIncident(BaseModel):
    title: str = Field("", max_length=500)
    restricted_to: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = Field(
        None, max_length=restriction.MAX_NAMED,
        description="only these people (token persons) may see it, from its creation on; "
        "an incident already here keeps its own (PUT .../restriction changes it)",
    )  # fmt: skip


class PushBatch(BaseModel):
    events: list[Any] = Field(description=f"at most {MAX_BATCH_EVENTS} events, 1 MiB in all")


def parse_cursor(after: str) -> tuple[str | None, int]:
    after = after.strip()
    if after in ("", "0"):
        return None, 0
    epoch, sep, seq = after.rpartition(":")
    if not sep or not epoch or not seq.isdigit() or len(seq) > 18:
        raise Problem(400, "bad-cursor", f"cursor {after[:80]!r} is not EPOCH:SEQ; pull from 0")
    return epoch, int(seq)


def create_app(
    storage: Storage, clock: Clock | None = None, *, max_wait: float = MAX_WAIT
) -> FastAPI:
    """The app over one storage. `max_wait` caps long-polls (25 s; tests that fuzz use less)."""
    clock = clock or SystemClock()
    waker = Waker()
    closing = {"now": False}

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        waker.bind(asyncio.get_running_loop())
        storage.start(waker.notify)
        yield
        closing["now"] = True
        waker.notify(None)

    app = FastAPI(
        title="cockpit sync",
        version="1",
        lifespan=lifespan,
        description="Shared incidents: push events, pull them after a cursor, long-poll.",
    )
    api_doc.install(app)
    app.state.storage = storage
    storage.on_commit = waker.notify
    app.state.waker = waker

    def begin_shutdown() -> None:
        """Release parked pulls at once (they answer with an empty list)."""
        closing["now"] = True
        waker.notify(None)

    app.state.begin_shutdown = begin_shutdown
    app.add_middleware(BodyLimit, limit=MAX_BATCH_BYTES)
    app.add_middleware(RequestLog)

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return problem_response(exc)

    @app.exception_handler(StorageError)
    async def _storage(request: Request, exc: StorageError) -> Response:
        log.error("storage: %s", safe(str(exc)))
        return problem_response(
            Problem(503, "database-unavailable", str(exc), headers={"Retry-After": "2"})
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        err = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in err.get("loc", ()))
        return problem_response(
            Problem(422, "invalid-request", f"{where}: {err.get('msg', 'invalid')}"[:300])
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        kind = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        detail = str(exc.detail)
        if exc.status_code == 400:  # FastAPI could not read the body (not UTF-8, say)
            kind, detail = "bad-body", "the body is not JSON in UTF-8; send the JSON documented"
        return problem_response(
            Problem(exc.status_code, kind, detail, headers=dict(exc.headers or {}))
        )

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", safe(request.method), safe(request.url.path))
        return problem_response(
            Problem(500, "server-error", "unexpected server error; see its log")
        )

    def now_s() -> int:
        return int(clock.now().timestamp())

    async def principal(authorization: str | None) -> Principal:
        p = await run_in_threadpool(authenticate, storage, authorization, now_s())
        return p

    async def incident_for(p: Principal, incident_id: str):
        """The incident's row if this token reaches it; None if it is not here or restricted
        to others (every route answers both alike: see auth.not_here)."""
        if not p.may_use(incident_id):
            raise Problem(403, "forbidden-incident",
                          f"this token is only for incident {p.incident}")  # fmt: skip
        row = await run_in_threadpool(storage.incident, incident_id)
        if row is not None and row.team != p.team:
            raise Problem(403, "forbidden-incident",
                          f"incident {incident_id} belongs to another team")  # fmt: skip
        return row if row is None or p.may_see(row) else None

    @app.get("/v1/health", response_model=None, responses=answers({200: api_doc.Health}, 503))
    async def health() -> dict[str, Any]:
        try:
            epoch = await run_in_threadpool(storage.epoch)
        except StorageError as exc:
            raise Problem(503, "database-unavailable", str(exc),
                          headers={"Retry-After": "2"}) from exc  # fmt: skip
        return {"status": "ok", "epoch": epoch, "closing": closing["now"], "parked": waker.parked()}

    @app.get("/v1/whoami", response_model=None,
             responses=answers({200: api_doc.WhoAmI}, 401, 422, 503))  # fmt: skip
    async def whoami(authorization: Auth = None) -> dict[str, Any]:
        p = await principal(authorization)
        return {
            "person": p.person,
            "team": p.team,
            "reach": p.reach,
            "incident": p.incident,
            "permission": p.permission,
            "expires_at": p.expires_at,
            "token_id": p.token_id,
        }

    @app.get("/v1/incidents", response_model=None,
             responses=answers({200: api_doc.Incidents}, 401, 422, 503))  # fmt: skip
    async def incidents(authorization: Auth = None) -> dict[str, Any]:
        p = await principal(authorization)
        rows = await run_in_threadpool(storage.incidents, p.team)
        return {"incidents": [r.view() for r in rows if p.may_use(r.id) and p.may_see(r)]}

    @app.put("/v1/incidents/{incident_id}", responses=answers(
        {200: api_doc.Incident, 201: api_doc.Incident}, 400, 401, 403, 404, 413, 422, 503,
        why={404: "The incident is here, restricted to people this token's is not one of: "
             "its id is taken."}))  # fmt: skip
    async def put_incident(
        incident_id: IncidentId, body: PutIncident | None = None, authorization: Auth = None
    ) -> Response:
        p = await principal(authorization)
        await incident_for(p, incident_id)
        p.require_write("create incidents")
        named = restriction.names(body.restricted_to or ()) if body else ()
        row, created = await run_in_threadpool(
            storage.put_incident, incident_id, p.team, p.person, now_s(), named
        )
        if row.team != p.team:  # created by another team in the meantime
            raise Problem(
                403, "forbidden-incident", f"incident {incident_id} belongs to another team"
            )
        if not p.may_see(row):  # here already, restricted to others
            raise not_here(incident_id, "; its id is taken")
        return JSONResponse(row.view(), status_code=201 if created else 200)

    @app.post("/v1/incidents/{incident_id}/events", responses=answers(
        {200: api_doc.PushResults}, 400, 401, 403, 404, 413, 422, 503))  # fmt: skip
    async def push(
        incident_id: IncidentId, batch: PushBatch, authorization: Auth = None
    ) -> Response:
        p = await principal(authorization)
        row = await incident_for(p, incident_id)
        p.require_write("push events")
        if row is None:
            raise not_here(incident_id, f"; PUT /v1/incidents/{incident_id} creates it")
        if len(batch.events) > MAX_BATCH_EVENTS:
            raise Problem(413, "batch-too-large",
                          f"{len(batch.events)} events; send at most {MAX_BATCH_EVENTS} at once",
                          max_events=MAX_BATCH_EVENTS)  # fmt: skip
        results = await run_in_threadpool(_push, storage, incident_id, batch.events, p, clock)
        return JSONResponse({"results": [r.as_dict() for r in results]})

    @app.get("/v1/incidents/{incident_id}/events", responses=answers(
        {200: api_doc.PullPage}, 400, 401, 403, 404, 409, 422, 503))  # fmt: skip
    async def pull(
        incident_id: IncidentId,
        after: Annotated[str, Query(max_length=120, description=api_doc.CURSOR)] = "0",
        limit: Annotated[int, Query(ge=1, le=1000, description="events per page")] = 500,
        wait: float = Query(
            0,
            ge=0,
            le=max_wait,
            description="seconds to wait for an event "
            f"when there is none yet (a long-poll), at most {max_wait:g}",
        ),
        authorization: Auth = None,
    ) -> Response:
        p = await principal(authorization)
        row = await incident_for(p, incident_id)
        if row is None:
            raise not_here(incident_id, "; push to create it")
        p.require_pull(incident_id)  # an `ask` token reads the stakeholder view only
        want_epoch, seq = parse_cursor(after)
        deadline = time.monotonic() + wait
        waited = False
        while True:
            fut = waker.register(incident_id)
            try:
                if waited and await incident_for(p, incident_id) is None:  # restricted meanwhile
                    raise not_here(incident_id)
                epoch, last, rows, after_id = await run_in_threadpool(
                    storage.pull, incident_id, seq, limit
                )
                if want_epoch is not None and (want_epoch != epoch or seq > last):
                    raise Problem(
                        409, "epoch-changed",
                        "the server was restored or reset; pull again from 0 and push back "
                        "your events",
                        epoch=epoch,
                    )  # fmt: skip
                remaining = deadline - time.monotonic()
                if rows or remaining <= 0 or closing["now"]:
                    break
                with suppress(TimeoutError):
                    await asyncio.wait_for(fut, timeout=remaining)
                waited = True
            finally:
                waker.forget(incident_id, fut)
        cursor_seq = rows[-1][0] if rows else seq
        # Each event as stored, with who pushed it beside it (server metadata, not content);
        # `after_id`: the event at the cursor's seq, so that a client notices a history that
        # changed under it (a restore from a backup without a new epoch).
        parts = ",".join(
            f'{{"seq":{s},"event":{js},"pushed_by":{json.dumps(by)}}}' for s, js, by in rows
        )
        body = (
            f'{{"epoch":{json.dumps(epoch)},"cursor":{json.dumps(f"{epoch}:{cursor_seq}")},'
            f'"last_seq":{last},"after_id":{json.dumps(after_id)},"events":[{parts}]}}'
        )
        return Response(body, media_type="application/json")

    stakeholder.install(app, storage=storage, clock=clock, waker=waker, principal=principal,
                        incident_for=incident_for, closing=closing, max_wait=max_wait)  # fmt: skip
    restricting.install(app, storage=storage, clock=clock, principal=principal,
                        incident_for=incident_for)  # fmt: skip
    return app


def _push(
    storage: Storage, incident_id: str, raw: list[Any], p: Principal, clock: Clock
) -> list[Result]:
    now = clock.now()
    checked = [ingest.check(item, incident_id, p.person, now) for item in raw]
    good = [c for c in checked if isinstance(c, Prepared)]
    stored = iter(storage.push(incident_id, good) if good else [])
    return [next(stored) if isinstance(c, Prepared) else c for c in checked]
