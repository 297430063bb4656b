"""Sharing incidents: `cockpit serve` (and its tokens), `cockpit join`, `cockpit sync`, `leave`.

`join URL INC-n` links a local incident to a server. The server knows an incident by the id
the declaring terminal made (the `incident` of its events; PUT creates it there), so INC-n is
only this file's label: another terminal joins with the same id (`cockpit join URL` lists
them) and gets its own INC number for it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.extras import needs_extras
from cockpit.cli.output import say
from cockpit.core import permissions


def default_server_db() -> str:
    env = os.environ.get("COCKPIT_SERVER_DB")
    if env:
        return env
    import platformdirs

    return str(Path(platformdirs.user_data_dir("cockpit", appauthor=False)) / "server.sqlite3")


def register(subs: argparse._SubParsersAction) -> None:
    db_help = "a SQLite file (default: COCKPIT_SERVER_DB, then server.sqlite3 in the user data "
    db_help += "folder) or a postgresql:// URL"

    serve = subs.add_parser("serve", help="run the shared HTTP endpoint that terminals sync with")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8700, help="port (default 8700)")
    serve.add_argument("--database", metavar="D", default=None, help=db_help)
    serve.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    serve.add_argument("--read-timeout", type=float, default=30.0, metavar="SECONDS",
                       help="close a connection whose request has not fully arrived this long "
                       "after it could start (slow or stalled clients; default 30)")  # fmt: skip
    serve.set_defaults(func=cmd_serve)
    ssubs = serve.add_subparsers(dest="serve_command", metavar="ADMIN")

    token = ssubs.add_parser("token", help="bearer tokens: create, list, revoke")
    tsubs = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    create = tsubs.add_parser("create", help="make a token and print it (shown only once)")
    create.add_argument("--database", metavar="D", default=None, help=db_help)
    create.add_argument(
        "--person", required=True, help="whose token: events must carry this author"
    )
    create.add_argument("--team", required=True, help="the team whose incidents it may use")
    create.add_argument("--incident", metavar="ID", help="limit it to one incident id")
    create.add_argument("--expires", default="90d", help="e.g. 30d, 12h, 2w or never (default 90d)")
    create.add_argument(
        "--permission", default=permissions.DEFAULT, choices=permissions.PERMISSIONS,
        help="; ".join(f"{k}: {v}" for k, v in permissions.MEANING.items())
        + f" (default {permissions.DEFAULT})",
    )  # fmt: skip
    create.set_defaults(func=cmd_token_create)
    lst = tsubs.add_parser("list", help="list tokens (never the tokens themselves)")
    lst.add_argument("--database", metavar="D", default=None, help=db_help)
    lst.set_defaults(func=cmd_token_list)
    revoke = tsubs.add_parser("revoke", help="revoke a token by its id (or the token itself)")
    revoke.add_argument("token_id")
    revoke.add_argument("--database", metavar="D", default=None, help=db_help)
    revoke.set_defaults(func=cmd_token_revoke)

    epoch = ssubs.add_parser(
        "new-epoch", help="after restoring the server database from a backup: clients refill it"
    )
    epoch.add_argument("--database", metavar="D", default=None, help=db_help)
    epoch.set_defaults(func=cmd_new_epoch)

    join = subs.add_parser("join", help="sync an incident with a server: join URL INC-n")
    join.add_argument("url", help="the server, e.g. https://cockpit.example.com")
    join.add_argument("incident", nargs="?", help="INC-n here, or an incident id from the server "
                      "(omit it to list the server's incidents)")  # fmt: skip
    join.add_argument("--token", help="bearer token (saved in the config file; default: "
                      "COCKPIT_TOKEN or the config's token)")  # fmt: skip
    join.set_defaults(func=cmd_join)

    leave = subs.add_parser("leave", help="stop syncing an incident (keeps everything local)")
    leave.add_argument("incident", help="INC-n")
    leave.set_defaults(func=cmd_leave)

    sync = subs.add_parser("sync", help="sync joined incidents now (--once) or until Ctrl-C")
    sync.add_argument("incident", nargs="?", help="INC-n (default: every joined incident)")
    sync.add_argument("--once", action="store_true", help="push and pull once, then exit")
    sync.add_argument("--timeout", type=float, default=10.0, help="seconds for --once (default 10)")
    sync.set_defaults(func=cmd_sync)


# ---- the server -------------------------------------------------------------------------------


def _db(args: argparse.Namespace) -> str:
    return args.database or default_server_db()


@needs_extras("serve")
def cmd_serve(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.server.run import serve

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: use a port between 1 and 65535")
    if not 0 < args.read_timeout <= 3600:
        raise UsageError(f"--read-timeout {args.read_timeout:g}: use 1 to 3600 seconds")
    serve(_db(args), args.host, args.port, log_level=args.log_level,
          read_timeout=args.read_timeout)  # fmt: skip
    return 0


def _now(ctx: Context) -> int:
    return int(ctx.clock.now().timestamp())


@needs_extras("serve token create")
def cmd_token_create(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.server import admin

    person, team = args.person.strip(), args.team.strip()
    if not person or not team:
        raise UsageError("--person and --team must not be empty")
    try:
        row, token = admin.token_create(
            _db(args), person, team, args.incident, args.expires, _now(ctx), args.permission
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(token)
    say(f"token {row.id} for {person} ({row.permission}, team {team}"
        f"{', incident ' + args.incident if args.incident else ''}); it is shown only now, "
        "keep it secret", err=True)  # fmt: skip
    return 0


@needs_extras("serve token list")
def cmd_token_list(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.server import admin

    rows = admin.token_list(_db(args))
    if not rows:
        print("no tokens yet; `cockpit serve token create --person NAME --team TEAM` makes one",
              file=sys.stderr)  # fmt: skip
    for row in rows:
        say(admin.describe(row, _now(ctx)))
    return 0


@needs_extras("serve token revoke")
def cmd_token_revoke(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.server import admin

    done = admin.token_revoke(_db(args), args.token_id, _now(ctx))
    if not done:
        raise Failure(f"no active token {args.token_id!r}; `cockpit serve token list` shows them")
    say(f"revoked {args.token_id}")
    return 0


@needs_extras("serve new-epoch")
def cmd_new_epoch(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.server import admin

    value = admin.rotate_epoch(_db(args))
    print(f"new epoch {value}: clients will pull again from zero and push back what is missing")
    return 0


# ---- the client -------------------------------------------------------------------------------


def _token(ctx: Context, flag: str | None = None) -> str:
    from cockpit.sync.once import token_from

    return (flag or "").strip() or token_from(ctx.settings)


def _check_url(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"{url!r} is not a server URL; give one like https://cockpit.example.com")
    return url.rstrip("/")


def cmd_join(ctx: Context, args: argparse.Namespace) -> int:
    import asyncio

    from cockpit.store.errors import UnknownIncident
    from cockpit.store.outbox import SyncBook
    from cockpit.sync import api as A

    url = _check_url(args.url)
    token = _token(ctx, args.token)
    if not token:
        raise UsageError("no token: pass --token, or set COCKPIT_TOKEN (ask the server's admin "
                         "for one: `cockpit serve token create`)")  # fmt: skip

    async def ask(call: str) -> Any:  # whoami: a dict; list: a list of dicts
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
    except A.SyncError as exc:
        raise Failure(f"{url}: {exc}") from None
    if args.token:
        from cockpit import settings

        settings.save({"sync": {"url": url, "token": token}})
    if not args.incident:
        if not remote:
            say(f"{url} has no incidents for team {who.get('team')} yet; "
                "`cockpit join URL INC-n` shares one of yours")  # fmt: skip
        for item in remote:  # what a server says: shown safe
            say(f"{item.get('id')}  {item.get('severity') or '-':<5} "
                f"{item.get('phase') or '-':<13} {item.get('title') or ''}")  # fmt: skip
        return 0
    store = ctx.store(create=True)
    try:
        ref = store.incident(args.incident)
    except UnknownIncident:
        ids = {str(i.get("id")) for i in remote}
        if args.incident not in ids:
            raise Failure(f"no incident {args.incident!r} here or on {url}; `cockpit join {url}` "
                          "lists the server's") from None  # fmt: skip
        ref = store.ensure_incident(args.incident, ctx.clock.now())
    author = ctx.author
    if who.get("person") != author:
        say(f"cockpit: warning: this token is for {who.get('person')!r} but you write as "
            f"{author!r}; the server will refuse your events (set your name or --author)",
            err=True)  # fmt: skip
    SyncBook(store, ctx.clock).join(ref.id, url)
    say(f"{ref.label} is incident {ref.id} on {url}")
    _report(_run_once(ctx, token, [ref.id], timeout=10.0))
    return 0


def _is_local(ctx: Context, ref: str) -> bool:
    from cockpit.store.errors import StoreError

    try:
        ctx.store(create=True).incident(ref)
        return True
    except StoreError:
        return False


def _run_once(ctx: Context, token: str, incidents: list[str] | None, timeout: float) -> dict:
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
    from cockpit.store.outbox import SyncBook

    store = ctx.store()
    book = SyncBook(store)
    incidents = [store.incident(args.incident).id] if args.incident else None
    links = [x for x in book.links() if incidents is None or x.incident in incidents]
    if not links:
        raise Failure("nothing joined; `cockpit join URL INC-n` shares an incident first")
    token = _token(ctx)
    if args.once:
        return 0 if _report(_run_once(ctx, token, incidents, timeout=args.timeout)) else 1
    return _follow(ctx, token, incidents)


def _follow(ctx: Context, token: str, incidents: list[str] | None) -> int:
    """Sync until Ctrl-C, printing each status change and each arrival on one line."""
    import asyncio

    from cockpit.sync.engine import SyncEngine

    def on_status(incident: str, status) -> None:
        say(f"{time.strftime('%H:%M:%S')} {status.line(ctx.tz)}", flush=True)

    def on_events(incident: str, events: list) -> None:
        for e in events:  # a teammate's text, arriving: one line each, shown safe
            say(f"{time.strftime('%H:%M:%S')} + {e.author}: {e.body.describe()[:200]}", flush=True)

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
