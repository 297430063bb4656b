"""Entry point: parse flags, build the context, run one command, map errors to exit codes.

Exit codes: 0 ok, 1 the command failed (the message says what to do), 2 usage error.
Each command module has `register(subparsers)`; heavy imports (textual, httpx, the server)
happen inside the commands that need them, so `cockpit note` starts fast.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from cockpit import __version__
from cockpit.cli import app_cmds, incident_cmds, sync_cmds
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.store.errors import StoreError

COMMAND_MODULES = (incident_cmds, app_cmds, sync_cmds)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like argparse but shorter
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="cockpit",
        description="A full-screen terminal incident cockpit. With no command, opens the cockpit.",
    )
    parser.add_argument("--version", action="version", version=f"cockpit {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the cockpit file (default: COCKPIT_DB, "
                        "then the user data folder)")  # fmt: skip
    parser.add_argument("--author", metavar="NAME", help="who is writing (default: the "
                        "configured name, then your OS user)")  # fmt: skip
    parser.add_argument("--theme", metavar="NAME", help="colour theme for the cockpit screen "
                        "(cockpit-dark, cockpit-light, cockpit-contrast, or your own)")  # fmt: skip
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMAND_MODULES:
        module.register(subs)
    return parser


def main(argv: Sequence[str] | None = None, **inject: Any) -> int:
    """Run one command. Tests may inject Context fields (clock=FakeClock(), tz=, stdin_is_tty=)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        from cockpit import settings

        ctx = Context(settings.load(), db_flag=args.db, author_flag=args.author, **inject)
    except ValidationError as exc:
        from cockpit.settings import config_path

        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        print(f"cockpit: bad setting {where!r} ({first['msg']}) in {config_path()} or "
              "COCKPIT_* variables; fix it and retry", file=sys.stderr)  # fmt: skip
        return 2
    except Exception as exc:  # an unreadable config file, say
        print(f"cockpit: cannot read the configuration: {exc}", file=sys.stderr)
        return 2
    handler = getattr(args, "func", None) or app_cmds.default_command
    if handler not in app_cmds.SCREEN_COMMANDS:
        gc.enable()  # off for start-up (cockpit/cli/__init__.py); the screen turns it on itself
    try:
        code = int(handler(ctx, args) or 0)
        if code == 0:
            _push_pending(ctx)
        return code
    except UsageError as exc:
        print(f"cockpit: {exc}", file=sys.stderr)
        return 2
    except (Failure, StoreError) as exc:
        print(f"cockpit: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `cockpit timeline | head`
        return 0
    finally:
        ctx.close()


def _push_pending(ctx: Context) -> None:
    """A command that wrote to a joined incident pushes it before exiting (a few seconds at
    most; if the server is down the events stay pending). Nothing to do, nothing imported."""
    if ctx._store is None:
        return
    from cockpit.sync.once import flush_after_command

    message = flush_after_command(ctx._store, ctx.settings)
    if message:
        print(f"cockpit: {message}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
