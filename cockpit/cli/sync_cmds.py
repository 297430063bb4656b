"""Sharing incidents: `cockpit serve` (and its tokens), `cockpit join`, `cockpit sync`, `leave`.

The server's commands are here; the client's (join, leave, sync) are in cockpit/cli/join_cmds.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cockpit.cli import join_cmds
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
        "--person", required=True, help="whose token: recorded as the one who pushed what it sends"
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
    join.add_argument("--token", help="bearer token, kept in the config file for this server "
                      "(default: COCKPIT_TOKEN, then the config's token for URL)")  # fmt: skip
    join.add_argument("--name", help="the name you record under from now on (kept in the "
                      "config file; default: the config's name, or the token's person if you "
                      "agree, else your OS user)")  # fmt: skip
    join.set_defaults(func=join_cmds.cmd_join)

    leave = subs.add_parser("leave", help="stop syncing an incident (keeps everything local)")
    leave.add_argument("incident", help="INC-n")
    leave.set_defaults(func=join_cmds.cmd_leave)

    sync = subs.add_parser("sync", help="sync joined incidents until Ctrl-C (or --once), and "
                           "list the entries the server refused")  # fmt: skip
    sync.add_argument("incident", nargs="?", help="INC-n (default: every joined incident)")
    sync.add_argument("--once", action="store_true", help="push and pull once, then exit")
    sync.add_argument("--timeout", type=float, default=10.0, help="seconds for --once (default 10)")
    sync.add_argument("--resend", metavar="ID|all", help="send a refused entry again, as a new "
                      "entry by you (once its cause is fixed), then push once")  # fmt: skip
    sync.set_defaults(func=join_cmds.cmd_sync)


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
