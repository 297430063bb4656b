"""`cockpit ask --wait`: wait for the IC's answer to one question, and say it.

In a local file it follows the file as `cockpit tail` does (one `PRAGMA data_version` a look);
when the incident is joined to a server it also syncs it meanwhile (the answer may be written
on another terminal), stopping that sync before it returns. Through a server
(`cockpit ask URL ID ... --wait`) it long-polls the stakeholder view. Either way the question
is seen as its asker sees it (`cockpit.core.inbox.question_view`), so one set of words says
what happened: deferred or passed on (a line on standard error, and the wait goes on), then
answered, by the IC or by the update a deferral waited for (on standard output, exit 0).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from cockpit.cli.context import Context, Failure
from cockpit.cli.output import CONTINUATION, clock_time, say, span
from cockpit.core import inbox
from cockpit.core.display import safe_lines
from cockpit.core.state import IncidentState
from cockpit.core.timeline import Timeline
from cockpit.store.store import Store

LOOK_SECONDS = 0.25  # how often the file is looked at
LONG_POLL = 25.0  # the server holds a view request at most this long
AWAY_RETRY = 2.0  # a server that went away is asked again this often


class Away(Exception):
    """The server cannot be reached for now (restarting, say): the wait goes on."""


def clock_of(text: Any, tz: tzinfo) -> str:
    """An ISO time from a view as HH:MM in the user's zone (`?` when it is not one)."""
    try:
        return clock_time(datetime.fromisoformat(str(text)), tz)
    except ValueError:
        return "?"


def progress(q: dict[str, Any], tz: tzinfo) -> str | None:
    """What became of the question, while it has no answer yet (None: nothing yet)."""
    by, at = q.get("settled_by") or "the IC", clock_of(q.get("settled_at"), tz)
    if q.get("status") == "deferred" and not q.get("update"):
        return f"{by} deferred it to the next update to executives at {at}"
    if q.get("status") == "passed":
        return f"{by} passed it to {q.get('passed_to')} as a task at {at}"
    return None


def reply(q: dict[str, Any], tz: tzinfo) -> list[str] | None:
    """The answer's lines (standard output), or None while there is none."""
    if q.get("status") == "answered":
        head = f"answered by {q.get('settled_by')} at {clock_of(q.get('settled_at'), tz)}"
        if q.get("answer_redacted"):
            return [f"{head}, but the answer was redacted since; ask the IC again"]
        return _lines(head, str(q.get("answer", "")))
    update = q.get("update")
    if q.get("status") == "deferred" and isinstance(update, dict):
        head = f"answered in the update of {clock_of(update.get('at'), tz)}"
        if update.get("redacted"):
            return [f"{head}, but that update was redacted since; ask the IC again"]
        return _lines(head, str(q.get("answer") or update.get("text", "")))
    return None


def _lines(head: str, text: str) -> list[str]:
    first, *rest = safe_lines(text) or [""]
    return [f"{head}: {first}", *(CONTINUATION + line for line in rest)]


class Waiting:
    """Says each new state of the question once, until it has an answer."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.said = ""

    def see(self, q: dict[str, Any]) -> bool:
        """True once answered (the answer printed)."""
        answer = reply(q, self.tz)
        if answer is not None:
            for line in answer:
                say(line, flush=True)
            return True
        news = progress(q, self.tz)
        if news is not None and news != self.said:
            self.said = news
            until = "that update" if q.get("status") == "deferred" else "the answer"
            say(f"cockpit: {news}; waiting for {until}", err=True, flush=True)
        return False


def gave_up(timeout: float, where: str) -> Failure:
    from datetime import timedelta

    return Failure(f"no answer within {span(timedelta(seconds=timeout))}; the question stays in "
                   f"the IC's inbox ({where})")  # fmt: skip


# ---- a local file ----------------------------------------------------------------------------


def wait_local(ctx: Context, store: Store, incident_id: str, qid: str, label: str,
               timeout: float | None) -> int:  # fmt: skip
    """Follow the file (and the server, when joined) until the question has an answer."""
    deadline = None if timeout is None else time.monotonic() + timeout
    runner = _sync_meanwhile(ctx, store, incident_id)
    try:
        return _follow(ctx, store, incident_id, qid, deadline, label, timeout)
    finally:
        if runner is not None:
            runner.stop()
            runner.join(10)


def _follow(ctx: Context, store: Store, incident_id: str, qid: str, deadline: float | None,
            label: str, timeout: float | None) -> int:  # fmt: skip
    waiting, pause = Waiting(ctx.tz), threading.Event()
    state, timeline, cursor, version = IncidentState(incident_id), Timeline(ctx.tz), 0, None
    while True:
        seen = store.data_version()
        if seen != version:
            version = seen
            for seq, e in store.events_with_seq(incident_id, cursor):
                cursor = seq
                state.apply(e)
                timeline.apply(e)
            q = inbox.question(state, qid, timeline)
            if q is not None and waiting.see(inbox.question_view(q, timeline)):
                return 0
        if deadline is not None and time.monotonic() >= deadline:
            assert timeout is not None
            raise gave_up(timeout, f"`cockpit inbox {label}` shows it")
        pause.wait(LOOK_SECONDS)


def _sync_meanwhile(ctx: Context, store: Store, incident_id: str) -> Any:
    """A joined incident syncs while the command waits (pushing the question, pulling the
    answer); None when it is not joined."""
    from cockpit.store.outbox import SyncBook

    if not any(link.incident == incident_id for link in SyncBook(store).links()):
        return None
    from cockpit.sync.engine import SyncEngine
    from cockpit.sync.thread import EngineRunner

    runner = EngineRunner(lambda: SyncEngine(ctx.db_path, token=ctx.settings.token_for,
                                             incidents=[incident_id], clock=ctx.clock))  # fmt: skip
    threading.Thread(target=runner.run, name="cockpit-ask-sync", daemon=True).start()
    return runner


# ---- through a server ------------------------------------------------------------------------


def wait_server(ctx: Context, view: Callable[[int, float], Any], qid: str,
                timeout: float | None) -> int:  # fmt: skip
    """Long-poll the stakeholder view (`view(since, wait)`, a coroutine) until answered."""
    return asyncio.run(_poll(ctx, view, qid, timeout))


async def _poll(ctx: Context, view: Callable[[int, float], Any], qid: str,
                timeout: float | None) -> int:  # fmt: skip
    waiting = Waiting(ctx.tz)
    deadline = None if timeout is None else time.monotonic() + timeout
    since, hold, away = 0, 0.0, ""
    while True:
        try:
            data = await view(since, hold)
        except Away as exc:
            if str(exc) != away:
                away = str(exc)
                say(f"cockpit: {away}; still waiting (the question was asked)", err=True,
                    flush=True)  # fmt: skip
            data = None
        if data is not None:
            away = ""
            since = int(data["seq"])
            mine = next((q for q in data["questions"] if q.get("id") == qid), None)
            if mine is None:
                raise Failure("the server's view does not show this question; ask the IC directly")
            if waiting.see(mine):
                return 0
        left = LONG_POLL if deadline is None else deadline - time.monotonic()
        if left <= 0:
            assert timeout is not None
            raise gave_up(timeout, "`cockpit ask URL INCIDENT_ID --view` shows it")
        if data is None:
            await asyncio.sleep(min(AWAY_RETRY, left))
            hold = 0.0
        else:
            hold = min(LONG_POLL, left)
