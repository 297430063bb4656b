"""The client side of sharing: `cockpit join`, `cockpit leave`, `cockpit sync`.

`join URL INC-n` links a local incident to a server. The server knows an incident by the id
the declaring terminal made (the `incident` of its events; PUT creates it there), so INC-n is
only this file's label: another terminal joins with the same id (`cockpit join URL` lists
them) and gets its own INC number for it. Before anything is pushed, `join` says under which
name this terminal records (cockpit/cli/join_name.py).

Tokens: one per server URL in the config file (`settings.token_for`); `join --token T` keeps
it there for that URL; COCKPIT_TOKEN overrides it for any.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.output import clock_time, say
from cockpit.core.display import safe

# `INC-7`, `7`: a number in one file, never a server's name for an incident (that is its id).
LOCAL_REF = re.compile(r"^(?:INC-?)?\d+$", re.IGNORECASE)


def check_url(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise UsageError(
            f"{safe(url)!r} is not a server URL; give one like https://cockpit.example.com"
        )
    return url.rstrip("/")


def cmd_join(ctx: Context, args: argparse.Namespace) -> int:
    import asyncio

    from cockpit import settings
    from cockpit.cli import join_name
    from cockpit.core.permissions import may_pull, may_write
    from cockpit.store.errors import UnknownIncident
    from cockpit.store.outbox import SyncBook
    from cockpit.sync import api as A

    url = check_url(args.url)
    if (
        args.incident
        and LOCAL_REF.match(args.incident.strip())
        and not _is_local(ctx, args.incident)
    ):
        _no_such_number(ctx, args.incident, url)  # said before a server is even asked
    token = (args.token or "").strip() or ctx.settings.token_for(url)
    if not token:
        raise UsageError("no token: pass --token, or set COCKPIT_TOKEN (ask the server's admin "
                         "for one: `cockpit serve token create`)")  # fmt: skip

    async def ask(call: str) -> Any:
        api = A.Api(url, token)
        try:
            return await (api.incidents() if call == "list" else api.whoami())
        finally:
            await api.close()

    try:
        who = asyncio.run(ask("whoami"))
        remote = (
            asyncio.run(ask("list"))
            if not args.incident or not _is_local(ctx, args.incident)
            else []
        )
    except A.Unreachable as exc:  # it names the URL already, and what to check
        raise Failure(str(exc)) from None
    except A.SyncError as exc:
        raise Failure(f"{url}: {exc}") from None
    if args.token:
        # the other servers this file syncs with (an old config's one token moves there too)
        known = ctx.db_path.exists()
        others = tuple(link.url for link in SyncBook(ctx.store()).links()) if known else ()
        try:
            settings.save_token(url, token, also=others)
        except (OSError, ValueError) as exc:
            raise Failure(f"cannot keep the token in {settings.config_path()}: {exc}") from None
    if not args.incident:
        if not remote:
            say(f"{url} has no incidents for team {who.get('team')} yet; "
                "`cockpit join URL INC-n` shares one of yours")  # fmt: skip
        for item in remote:
            hidden = "  RESTRICTED" if item.get("restricted_to") else ""  # only named see it
            say(f"{item.get('id')}  {item.get('severity') or '-':<5} "
                f"{item.get('phase') or '-':<13} {item.get('title') or ''}{hidden}")  # fmt: skip
        return 0
    if not may_pull(str(who.get("permission") or "write")):
        raise Failure(f"this token may only ask (permission 'ask'): it reads an incident's "
                      f"stakeholder view, not its events; `cockpit ask {url} ID --view` shows "
                      f"it, `cockpit ask {url} ID \"...\"` asks the IC")  # fmt: skip
    store = ctx.store(create=True)
    try:
        ref = store.incident(args.incident)
    except UnknownIncident:
        ids = {str(i.get("id")) for i in remote}
        if args.incident not in ids:
            raise Failure(f"no incident {safe(args.incident)!r} here or on {url}; "
                          f"`cockpit join {url}` lists the server's") from None  # fmt: skip
        ref = store.ensure_incident(args.incident, ctx.clock.now())
    join_name.settle(ctx, args.name, str(who.get("person") or ""))
    permission = str(who.get("permission") or "write")
    if not may_write(permission):
        say(f"this token may only read (permission {permission!r}): what you write here stays "
            "in this file; ask the server's admin for a write token to share it")  # fmt: skip
    SyncBook(store, ctx.clock).join(ref.id, url)
    say(f"{ref.label} is incident {ref.id} on {url}")
    _report(_run_once(ctx, token, [ref.id], timeout=10.0))
    return 0


def _no_such_number(ctx: Context, ref: str, url: str) -> None:
    known = ", ".join(i.label for i in ctx.store(create=True).incidents()[-5:]) or "none yet"
    raise Failure(f"no incident {safe(ref)!r} in this file (known: {known}; `cockpit list` "
                  f"shows them); to join one of the server's, give its id: `cockpit join {url}` "
                  "lists them")  # fmt: skip


def _is_local(ctx: Context, ref: str) -> bool:
    from cockpit.store.errors import StoreError

    try:
        ctx.store(create=True).incident(ref)
        return True
    except StoreError:
        return False


def _run_once(
    ctx: Context, token: str | Callable[[str], str], incidents: list[str] | None, timeout: float
) -> dict:
    from cockpit.sync.once import run_once

    return run_once(ctx.store(), token, incidents, timeout=timeout)


def _report(statuses: dict) -> bool:
    ok = True
    for status in statuses.values():
        say(status.line(), err=not status.ok)  # its detail comes from a server
        ok = ok and status.ok
    return ok


def cmd_leave(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.store.outbox import SyncBook

    store = ctx.store()
    ref = store.incident(args.incident)
    if not SyncBook(store).leave(ref.id):
        raise Failure(f"{ref.label} is not joined to a server")
    print(f"{ref.label} no longer syncs; everything stays in this file")
    return 0


def cmd_sync(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.cli import refused, set_aside
    from cockpit.store.outbox import SyncBook

    store = ctx.store()
    book = SyncBook(store)
    incidents = [store.incident(args.incident).id] if args.incident else None
    links = [x for x in book.links() if incidents is None or x.incident in incidents]
    if not links:
        raise Failure("nothing joined; `cockpit join URL INC-n` shares an incident first")
    tokens = ctx.settings.token_for
    if args.resend:
        for text in refused.resend(ctx, store, args.resend, incidents):
            say(text)
    joined = [x.incident for x in links]
    if args.once or args.resend:
        ok = _report(_run_once(ctx, tokens, incidents, timeout=args.timeout))
        for text in [
            *refused.lines(store, incidents, ctx.tz),
            *set_aside.lines(store, joined, ctx.tz),
        ]:
            say(text)
        return 0 if ok else 1
    for text in [*refused.lines(store, incidents, ctx.tz), *set_aside.lines(store, joined, ctx.tz)]:
        say(text, flush=True)
    return _follow(ctx, tokens, incidents)


def _follow(ctx: Context, token: Callable[[str], str], incidents: list[str] | None) -> int:
    """Sync until Ctrl-C, printing each status change and each arrival on one line."""
    import asyncio

    from cockpit.sync.engine import SyncEngine

    def stamp_now() -> str:  # in the user's zone (--tz), as every time the CLI shows
        return clock_time(ctx.clock.now(), ctx.tz, seconds=True)

    def on_status(incident: str, status) -> None:
        say(f"{stamp_now()} {status.line(ctx.tz)}", flush=True)

    def on_events(incident: str, events: list) -> None:
        from cockpit.cli.output import who

        for e in events:  # a teammate's text, arriving: one line each, shown safe
            say(f"{stamp_now()} + {who(e.author, e.recorded_by)}: {e.body.describe(tz=ctx.tz)[:200]}",
                flush=True)  # fmt: skip

    async def go() -> None:
        engine = SyncEngine(ctx.db_path, token=token, incidents=incidents, clock=ctx.clock,
                            on_status=on_status, on_events=on_events)  # fmt: skip
        await engine.start()
        try:
            await asyncio.Event().wait()
        finally:
            await engine.stop()

    try:
        asyncio.run(go())
    except KeyboardInterrupt:
        return 0
    return 0
