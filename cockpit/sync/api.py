"""The HTTP calls of the v1 API, with every reply checked before anything trusts it.

Each failure becomes one exception whose str() is a one-line status: a server that is down,
slow, rude (HTML, garbage JSON) or lying (wrong seq) never crashes the client. One event of a
pulled page that is not valid (or belongs to another incident) is set aside with its reason;
the rest of the page goes on. An event of a kind or with fields this cockpit does not know is
valid: it is kept as an unknown entry (see `cockpit.core.events.Event`).
"""

from __future__ import annotations

import email.utils
import json
import time
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import ValidationError

from cockpit.core.events import Event
from cockpit.core.versions import why_invalid
from cockpit.store.outbox import Invalid, Pulled

MAX_RETRY_AFTER = 120.0
MAX_RAW = 400 * 1024  # what is kept of an event set aside


class SyncError(Exception):
    """Base: str() is the one-line status to show."""


class TokenRefused(SyncError):  # 401
    pass


class Forbidden(SyncError):  # 403
    pass


class ReadOnlyToken(Forbidden):  # 403 on a push or a create: the token may only read
    """Not a pause of the incident: a read-only link still pulls (IncidentSync.read_only)."""


class NotFound(SyncError):  # 404
    pass


class EpochChanged(SyncError):  # 409
    pass


class TooLarge(SyncError):  # 413
    pass


class RetryLater(SyncError):  # 429, 503 with Retry-After
    def __init__(self, msg: str, delay: float | None) -> None:
        super().__init__(msg)
        self.delay = delay


class Unreachable(SyncError):  # network errors, timeouts, 5xx
    pass


class Refused(Unreachable):  # nothing listens there (the server is restarting, say)
    pass


class BadReply(SyncError):  # rude or lying
    pass


@dataclass(frozen=True, slots=True)
class Page:
    epoch: str
    cursor: int
    items: list[Pulled]
    invalid: list[Invalid]
    last_seq: int | None = None  # the server's latest seq for the incident
    after_id: str | None = None  # the id the server holds at the cursor's seq (None: not said)

    @property
    def events(self) -> list[Event]:
        return [i.event for i in self.items]


@dataclass(frozen=True, slots=True)
class PushResult:
    id: str
    status: str
    seq: int | None
    reason: str
    hlc: str | None


def retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return min(max(float(value), 0.0), MAX_RETRY_AFTER)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max(when.timestamp() - time.time(), 0.0), MAX_RETRY_AFTER)


def _detail(resp: httpx.Response) -> str:
    try:
        data = resp.json()
    except ValueError:
        return ""
    if isinstance(data, dict) and isinstance(data.get("detail"), str):
        return data["detail"].splitlines()[0][:200] if data["detail"] else ""
    return ""


def _json(resp: httpx.Response, where: str) -> dict[str, Any]:
    ctype = resp.headers.get("content-type", "")
    try:
        data = json.loads(resp.content)
    except (ValueError, UnicodeDecodeError):
        what = "HTML" if "html" in ctype or resp.content.lstrip()[:1] == b"<" else "garbage"
        raise BadReply(f"the server sent {what} instead of JSON to {where}") from None
    if not isinstance(data, dict):
        raise BadReply(f"the server sent an unexpected JSON reply to {where}")
    return data


def _not_connected(exc: httpx.ConnectError) -> str:
    """Why a connection failed, in words that say what to check (httpx's own words are
    `All connection attempts failed` for a closed port)."""
    said = str(exc).splitlines()[0][:120] if str(exc) else ""
    words = said.lower()
    if not said or "connection attempts failed" in words or "refused" in words:
        return "nothing is listening there; is `cockpit serve` running? (check the URL and port)"
    if (
        "name or service not known" in words
        or "nodename nor servname" in words
        or ("name resolution" in words)
    ):
        return "no such host; check the URL"
    return said


class Api:
    def __init__(
        self,
        url: str,
        token: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = httpx.AsyncClient(
            base_url=self.url, headers=headers, transport=transport, timeout=timeout
        )

    def set_token(self, token: str) -> None:
        self.client.headers["Authorization"] = f"Bearer {token}"

    async def close(self) -> None:
        await self.client.aclose()

    async def _call(self, method: str, path: str, **kw: Any) -> httpx.Response:
        try:
            resp = await self.client.request(method, path, **kw)
        except httpx.TimeoutException:
            raise Unreachable(f"{self.url} did not answer in time") from None
        except httpx.ConnectError as exc:
            raise Refused(f"cannot reach {self.url}: {_not_connected(exc)}") from None
        except httpx.HTTPError as exc:
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            raise Unreachable(f"cannot reach {self.url} ({reason})") from None
        s = resp.status_code
        if s < 300:
            return resp
        detail = _detail(resp)
        if s == 401:
            raise TokenRefused(detail or "the server refused the token")
        if s == 403:
            if _problem_type(resp).endswith("permission-read-only"):
                raise ReadOnlyToken(detail or "this token may only read")
            raise Forbidden(detail or "this token may not use this incident")
        if s == 404:
            raise NotFound(detail or "not on the server")
        if s == 409:
            raise EpochChanged(detail or "the server was restored; starting over")
        if s == 413:
            raise TooLarge(detail or "batch too large")
        if s in (429, 503):
            delay = retry_after(resp.headers.get("retry-after"))
            raise RetryLater(f"{self.url} is busy ({s}){': ' + detail if detail else ''}", delay)
        if s >= 500:
            raise Unreachable(f"{self.url} failed ({s}){': ' + detail if detail else ''}")
        raise BadReply(f"{self.url} answered {s}{': ' + detail if detail else ''}")

    async def whoami(self) -> dict[str, Any]:
        return _json(await self._call("GET", "/v1/whoami"), "whoami")

    async def incidents(self) -> list[dict[str, Any]]:
        data = _json(await self._call("GET", "/v1/incidents"), "the incident list")
        items = data.get("incidents")
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise BadReply("the server sent a malformed incident list")
        return items

    async def put_incident(
        self, incident: str, title: str = "", restricted_to: tuple[str, ...] = ()
    ) -> None:
        """Create it there; restricted from the first moment when it is here (so that no list
        shows it to others before the restriction's event is pushed)."""
        body: dict[str, Any] = {"title": title[:500]}
        if restricted_to:
            body["restricted_to"] = list(restricted_to)
        await self._call("PUT", f"/v1/incidents/{incident}", json=body)

    async def push(self, incident: str, events: list[Event]) -> list[PushResult]:
        body = "[" + ",".join(e.model_dump_json() for e in events) + "]"
        resp = await self._call(
            "POST", f"/v1/incidents/{incident}/events",
            content=f'{{"events":{body}}}'.encode(),
            headers={"content-type": "application/json"},
        )  # fmt: skip
        data = _json(resp, "a push")
        results = data.get("results")
        if not isinstance(results, list) or len(results) != len(events):
            raise BadReply("the server's push reply does not answer each event")
        out: list[PushResult] = []
        for e, r in zip(events, results, strict=True):
            if not isinstance(r, dict) or r.get("id") != e.id:
                raise BadReply("the server's push reply names other events than those sent")
            st, seq = r.get("status"), r.get("seq")
            if st not in ("created", "duplicate", "rejected"):
                raise BadReply(f"the server's push reply has an unknown status {str(st)[:20]!r}")
            if st != "rejected" and (not isinstance(seq, int) or isinstance(seq, bool) or seq < 1):
                raise BadReply("the server's push reply has a bad seq")
            reason = r.get("reason") if isinstance(r.get("reason"), str) else ""
            hv = r.get("hlc") if isinstance(r.get("hlc"), str) else None
            out.append(PushResult(e.id, st, seq if st != "rejected" else None, reason or "", hv))
        return out

    async def ask(self, incident: str, text: str, asker: str, question_id: str) -> dict[str, Any]:
        """Put a question to the IC's inbox (an `ask` token may); the same `question_id` sent
        again gets the first one back, never a second question."""
        body: dict[str, Any] = {"text": text, "id": question_id}
        if asker:
            body["from"] = asker
        resp = await self._call("POST", f"/v1/incidents/{incident}/questions", json=body)
        data = _json(resp, "a question")
        if not isinstance(data.get("id"), str) or not isinstance(data.get("question"), dict):
            raise BadReply("the server's reply to a question lacks its id")
        return data

    async def stakeholder(
        self, incident: str, *, since: int = 0, wait: float = 0
    ) -> dict[str, Any]:
        """The incident's stakeholder view; with `wait`, once it changed past `since`."""
        resp = await self._call(
            "GET", f"/v1/incidents/{incident}/stakeholder",
            params={"since": since, "wait": wait}, timeout=self.timeout + wait,
        )  # fmt: skip
        data = _json(resp, "the stakeholder view")
        seq, questions = data.get("seq"), data.get("questions")
        if not isinstance(seq, int) or isinstance(seq, bool) or not isinstance(questions, list):
            raise BadReply("the server sent a malformed stakeholder view")
        if not all(isinstance(q, dict) for q in questions):
            raise BadReply("the server sent a malformed stakeholder view")
        return data

    async def pull(self, incident: str, after: str, *, limit: int = 500, wait: float = 0) -> Page:
        resp = await self._call(
            "GET", f"/v1/incidents/{incident}/events",
            params={"after": after, "limit": limit, "wait": wait},
            timeout=self.timeout + wait,
        )  # fmt: skip
        reply = _json(resp, "a pull")
        epoch, raw_items = reply.get("epoch"), reply.get("events")
        if not isinstance(epoch, str) or not epoch or not isinstance(raw_items, list):
            raise BadReply("the server's pull reply lacks its epoch or events")
        if len(raw_items) > limit:
            raise BadReply("the server sent more events than asked for")
        want_epoch, _, cur = after.rpartition(":")
        last = int(cur) if want_epoch == epoch and cur.isdigit() else 0
        items: list[Pulled] = []
        invalid: list[Invalid] = []
        for item in raw_items:
            if not isinstance(item, dict):
                raise BadReply("the server's pull reply has a malformed event")
            seq = item.get("seq")
            if not isinstance(seq, int) or isinstance(seq, bool) or seq <= last:
                raise BadReply("the server sent events out of order (a seq went backwards)")
            last = seq
            data = item.get("event")
            by = item.get("pushed_by")
            by = by if isinstance(by, str) else ""
            eid = data.get("id") if isinstance(data, dict) else None
            eid = eid[:64] if isinstance(eid, str) else ""
            try:
                e = Event.model_validate(data)
            except ValidationError as exc:
                invalid.append(Invalid(seq, eid, "not valid: " + why_invalid(exc), _raw(data), by))
                continue
            if e.incident != incident:
                reason = f"belongs to incident {e.incident[:64]}, not this one"
                invalid.append(Invalid(seq, eid, reason, _raw(data), by))
                continue
            items.append(Pulled(seq, e, by))
        last_seq = data_last if isinstance(data_last := reply.get("last_seq"), int) else None
        after_id = reply.get("after_id")
        return Page(epoch, last, items, invalid, last_seq,
                    after_id if isinstance(after_id, str) else None)  # fmt: skip


def _problem_type(resp: httpx.Response) -> str:
    try:
        data = resp.json()
    except ValueError:
        return ""
    kind = data.get("type") if isinstance(data, dict) else None
    return kind if isinstance(kind, str) else ""


def _raw(data: Any) -> str:
    try:
        return json.dumps(data, ensure_ascii=False)[:MAX_RAW]
    except (TypeError, ValueError):
        return repr(data)[:MAX_RAW]
