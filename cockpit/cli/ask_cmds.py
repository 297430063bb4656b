"""`cockpit ask`: a stakeholder's question to the IC, in this file or through a server (an `ask`
token may), `--wait` for its answer (cockpit/cli/ask_wait.py), `--view` for the incident as a
stakeholder sees it. Registered with `cockpit inbox` (cockpit/cli/inbox_cmds.py).
"""

from __future__ import annotations

import argparse
import math
from typing import Any

from cockpit.cli import ask_wait, common
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.output import json_text, say
from cockpit.core import inbox
from cockpit.core.ids import short
from cockpit.core.questions import MAX_QUESTION

SERVER = ("http://", "https://")


# ---- ask --------------------------------------------------------------------------------------


def _timeout(args: argparse.Namespace) -> float | None:
    text = (args.timeout or "").strip()
    if not text:
        return None
    if not args.wait:
        raise UsageError("--timeout goes with --wait")
    try:
        seconds = float(text)  # plain seconds (90, 0.5)
    except ValueError:
        seconds = None
    if seconds is not None:
        if not math.isfinite(seconds) or seconds <= 0:
            raise UsageError("--timeout: give a time to wait, such as 90s or 10m")
        return seconds
    from cockpit.core.timeparse import BadTime, parse_duration

    try:
        return parse_duration(text).total_seconds()
    except BadTime as exc:
        raise UsageError(f"--timeout: {exc}") from None


def _split(args: argparse.Namespace) -> tuple[str | None, str, str | None]:
    """(server URL or None, incident, text or None) from the words typed."""
    words = args.words
    if words[0].startswith(SERVER):
        if len(words) < 2:
            raise UsageError("give the incident's id after the URL (`cockpit join URL` lists "
                             "them)")  # fmt: skip
        if len(words) > 3:
            raise UsageError("too many words: quote the question")
        return words[0].rstrip("/"), words[1], words[2] if len(words) == 3 else None
    if len(words) > 2:
        raise UsageError("too many words: quote the question")
    return None, words[0], words[1] if len(words) == 2 else None


def cmd_ask(ctx: Context, args: argparse.Namespace) -> int:
    url, incident, text = _split(args)
    if args.view:
        if text is not None or args.wait or args.asker:
            raise UsageError("--view shows the incident; ask without it")
        return (
            _view_server(ctx, url, incident, args.json)
            if url
            else _view_local(ctx, incident, args.json)
        )
    if args.json:
        raise UsageError("--json goes with --view")
    timeout = _timeout(args)
    question = common.read_text(ctx, text, "question")
    if len(question) > MAX_QUESTION:
        raise UsageError(common.too_long("the question", len(question), MAX_QUESTION))
    asker = (args.asker or "").strip()
    if args.asker is not None and not asker:
        raise UsageError("--from is empty; name who asks")
    if url:
        return _ask_server(ctx, url, incident, question, asker, args.wait, timeout)
    data = {"kind": "question_asked", "from": asker or common.author_of(ctx, args),
            "text": question}  # fmt: skip
    common.body(data)
    loaded = common.load(ctx, incident, fold=False)
    e = common.save(ctx, loaded, args, data)
    if not args.wait:
        return 0
    say(f"cockpit: asked in {loaded.label}; waiting for the IC's answer (Ctrl-C stops; the "
        "question stays in the inbox)", err=True, flush=True)  # fmt: skip
    return ask_wait.wait_local(ctx, loaded.store, loaded.ref.id, e.id, loaded.label, timeout)


def _api(ctx: Context, url: str) -> Any:
    from cockpit.sync import api as A

    token = ctx.settings.token_for(url)
    if not token:
        raise UsageError(f"no token for {url}: set COCKPIT_TOKEN, or keep one with `cockpit join "
                         f"{url} --token T` (ask the server's admin for an ask token)")  # fmt: skip
    return A.Api(url, token)


def _server_failure(url: str, exc: Exception, then: str = "") -> Failure:
    """One line: the server's reason, what became of the question, and where to look."""
    from cockpit.sync import api as A

    hint = f"; `cockpit join {url}` lists its incidents and their ids" if isinstance(
        exc, A.NotFound) else ""  # fmt: skip
    return Failure(f"{url}: {exc}{then}{hint}")


def _ask_server(ctx: Context, url: str, incident: str, text: str, asker: str, wait: bool,
                timeout: float | None) -> int:  # fmt: skip
    import asyncio

    from cockpit.core.ids import uuid7
    from cockpit.sync import api as A

    api = _api(ctx, url)
    qid = uuid7(ctx.clock.now())

    async def send() -> dict[str, Any]:
        try:
            for attempt in range(3):  # the same id each time: a retry never asks twice
                try:
                    return await api.ask(incident, text, asker, qid)
                except (A.RetryLater, A.Unreachable) as exc:
                    if isinstance(exc, A.Refused) or attempt == 2:
                        raise
                    await asyncio.sleep(getattr(exc, "delay", None) or 1.0 + attempt)
            raise AssertionError("unreachable")
        finally:
            await api.close()

    try:
        asked = asyncio.run(send())
    except A.SyncError as exc:
        raise _server_failure(url, exc, "; the question was not asked") from None
    print(short(asked["id"]))
    if not wait:
        return 0
    say("cockpit: asked; waiting for the IC's answer (Ctrl-C stops; the question stays in the "
        "inbox)", err=True, flush=True)  # fmt: skip

    async def view(since: int, hold: float) -> dict[str, Any]:
        client = _api(ctx, url)
        try:
            return await client.stakeholder(incident, since=since, wait=hold)
        except (A.Unreachable, A.RetryLater) as exc:  # asked already: wait on, and say so
            raise ask_wait.Away(f"{url}: {exc}") from None
        except A.SyncError as exc:
            raise _server_failure(url, exc) from None
        finally:
            await client.close()

    return ask_wait.wait_server(ctx, view, str(asked["id"]), timeout)


# ---- the stakeholder view ---------------------------------------------------------------------


def _view_local(ctx: Context, incident: str, as_json: bool) -> int:
    loaded = common.load(ctx, incident)
    view = inbox.stakeholder_view(loaded.events, None)
    return _show_view(ctx, {**view, "incident": loaded.label}, as_json, "Questions")


def _view_server(ctx: Context, url: str, incident: str, as_json: bool) -> int:
    import asyncio

    from cockpit.sync import api as A

    api = _api(ctx, url)

    async def get() -> dict[str, Any]:
        try:
            return await api.stakeholder(incident)
        finally:
            await api.close()

    try:
        view = asyncio.run(get())
    except A.SyncError as exc:
        raise _server_failure(url, exc) from None
    return _show_view(ctx, view, as_json, "Your questions")


def _show_view(ctx: Context, view: dict[str, Any], as_json: bool, asked: str) -> int:
    if as_json:
        print(json_text(view, indent=1))
        return 0
    sev = view.get("severity") or "no severity"
    say(f"{view.get('incident')}: {view.get('title') or '(untitled)'} · {sev} · "
        f"{view.get('phase')}")  # fmt: skip
    if view.get("impact"):
        say(f"Impact: {view['impact']}")
    for u in view.get("updates") or []:
        say(f"  {ask_wait.clock_of(u.get('at'), ctx.tz)} update to {u.get('audience')}: "
            f"{u.get('text', '')}")  # fmt: skip
    if view.get("next_update_at"):
        say(f"Next update by {ask_wait.clock_of(view['next_update_at'], ctx.tz)}")
    questions = view.get("questions") or []
    say(f"{asked}: {len(questions) or 'none'}")
    for q in questions:
        answer = ask_wait.reply(q, ctx.tz) or [ask_wait.progress(q, ctx.tz) or "not answered yet"]
        text = "(redacted)" if q.get("redacted") else q.get("text", "")
        say(f"  {short(str(q.get('id')))}  {q.get('from')}: {text}")
        for line in answer:
            say(f"      {line}")
    return 0
