"""Entry point: parse flags, build the context, run one command (cli/errors.py turns what
went wrong into one line and an exit code: 0 ok, 1 the command failed, 2 a usage error).
Each command module has `register(subparsers)`; heavy imports (textual, httpx, the server)
happen inside the commands that need them, so `cockpit note` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any, NoReturn

from pydantic import ValidationError

from cockpit import __version__
from cockpit.cli import app_cmds, errors, times
from cockpit.cli.context import Context, UsageError
from cockpit.cli.output import say
from cockpit.core.bulk import StartupGC
from cockpit.core.display import safe

COMMAND_MODULES = (
    "incident_cmds",
    "update_cmds",
    "app_cmds",
    "sync_cmds",
    "web_cmds",
    "service_cmds",
    "link_cmds",
    "followup_cmds",
    "export_cmds",
    "inbox_cmds",
    "shape_cmds",
    "deliver_cmds",
    "pace_cmds",
    "closing_cmds",
    "restrict_cmds",
)
# Where each command is registered, so that a command builds only its own module's parsers
# (tests/cli/test_command_homes.py holds this equal to what the modules register). A command
# missing here still works: it gets the whole parser, as `cockpit --help` does.
COMMAND_HOMES = {
    "open": "app_cmds", "demo": "app_cmds", "watch": "app_cmds",
    "declare": "declare_cmds", "list": "declare_cmds", "show": "declare_cmds",
    "note": "entry_cmds", "page": "entry_cmds", "joined": "entry_cmds", "edit": "entry_cmds",
    "resolve": "entry_cmds", "redact": "entry_cmds", "settle": "entry_cmds",
    "severity": "state_cmds", "phase": "state_cmds", "role": "state_cmds",
    "intake": "state_cmds",
    "mitigation": "work_cmds", "task": "work_cmds", "check": "work_cmds",
    "timeline": "timeline_cmds", "tail": "timeline_cmds",
    "update": "update_cmds",
    "serve": "sync_cmds", "join": "sync_cmds", "leave": "sync_cmds", "sync": "sync_cmds",
    "web": "web_cmds",
    "service": "service_cmds",
    "link": "link_cmds",
    "ask": "inbox_cmds", "inbox": "inbox_cmds",
    "followup": "followup_cmds", "followups": "followup_cmds",
    "export": "export_cmds", "import": "export_cmds",
    "milestone": "shape_cmds", "metrics": "shape_cmds", "stats": "shape_cmds",
    "deliver": "deliver_cmds",
    "break": "pace_cmds", "left": "pace_cmds", "roster": "pace_cmds", "nudges": "pace_cmds",
    "snooze": "pace_cmds",
    "all-clear": "closing_cmds", "reopen": "closing_cmds",
    "restrict": "restrict_cmds",
}  # fmt: skip
VALUE_FLAGS = ("--db", "--author", "--theme", "--tz")  # the global flags that take a value
SCREEN_FLAGS = (*VALUE_FLAGS, "--entries", "--keep")  # every flag the screen's commands take


class Parser(argparse.ArgumentParser):
    """argparse, with one-line usage errors, and a command's options allowed anywhere among
    its words. `commands` is the subcommands' action once `add_subparsers` made it."""

    commands: argparse._SubParsersAction | None = None
    _intermixing = False

    def add_subparsers(self, **kwargs: Any) -> argparse._SubParsersAction:
        self.commands = super().add_subparsers(**kwargs)
        return self.commands

    def error(self, message: str) -> NoReturn:  # one line, exit 2, like argparse but shorter
        # The message quotes what was typed (`invalid choice: '...'`): shown safe.
        self.exit(2, safe(f"{self.prog}: {message} (see `{self.prog} --help`)") + "\n")

    def parse_known_args(self, args=None, namespace=None):
        """A command's options may come anywhere among its words: argparse alone takes
        `note INC-1 --at -5m "text"` as the text missing and "text" unrecognized, because it
        fills an optional TEXT before it reaches the option. (Intermixed parsing does not
        take subcommands: a parser with its own commands parses as argparse does.)"""
        if self.commands is not None or self._intermixing:
            return super().parse_known_args(args, namespace)
        self._intermixing = True  # parse_known_intermixed_args calls back in here
        try:
            return super().parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def command_word(argv: Sequence[str]) -> str | None:
    """The command in `argv` (its first word that is not a flag or a flag's value)."""
    words = iter(argv)
    for word in words:
        if word in VALUE_FLAGS:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _screen_only(argv: Sequence[str]) -> bool:
    """Only the screen's commands, spelt out in full (argparse also takes `--auth` for
    `--author`, `--he` for `--help`...: those get the whole parser, as does anything odd)."""
    flags = [w.split("=", 1)[0] for w in argv if w.startswith("-")]
    return all(f in SCREEN_FLAGS for f in flags) and command_word(argv) in (
        None, *app_cmds.SCREEN_WORDS)  # fmt: skip


def _global_flags_only(argv: Sequence[str]) -> bool:
    """Before the command word, only the global flags that take a value, spelt out in full
    (argparse also takes `--auth` for `--author`, and `--help` before a command is the whole
    list of commands: those get the whole parser)."""
    words = iter(argv)
    for word in words:
        if not word.startswith("-"):
            return True
        name = word.split("=", 1)[0]
        if name not in VALUE_FLAGS:
            return False
        if "=" not in word:
            next(words, None)
    return True


def home_module(argv: Sequence[str] | None) -> str | None:
    """The one command module `argv` needs (None: all of them)."""
    if argv is None:
        return None
    word = command_word(argv)
    if word is None:
        return "app_cmds" if _screen_only(argv) else None
    return COMMAND_HOMES.get(word) if _global_flags_only(argv) else None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; or, for a command named in COMMAND_HOMES, only its module's: building
    every subcommand's parser and importing every command module was ~30 ms of the cockpit's
    start and over 100 ms of a `cockpit note` (argparse looks up translations for each
    parser; the modules import what their commands need)."""
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
    parser.add_argument("--tz", metavar="ZONE", help="time zone for the times shown and typed, "
                        "e.g. Europe/Berlin or UTC (default: COCKPIT_TZ, the config, then "
                        "the system's)")  # fmt: skip
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    home = home_module(argv)
    for name in (home,) if home else COMMAND_MODULES:
        importlib.import_module(f"cockpit.cli.{name}").register(subs)
    return parser


def main(
    argv: Sequence[str] | None = None, *, startup_gc: StartupGC | None = None, **inject: Any
) -> int:
    """Run one command. Tests may inject Context fields (clock=FakeClock(), tz=, stdin_is_tty=).

    The cyclic GC is paused while the command starts (`startup_gc`, or a pause of its own) and
    is as it was before once the command's own work begins; the screen's commands resume it
    after the first frame. It is never left off when main returns."""
    with nullcontext(startup_gc) if startup_gc is not None else StartupGC() as paused:
        return run_command(argv, paused, **inject)


def run_command(argv: Sequence[str] | None, startup_gc: StartupGC, **inject: Any) -> int:
    argv = times.attach_values(sys.argv[1:] if argv is None else list(argv))
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    ctx: Context | None = None

    def command() -> int:
        nonlocal ctx
        ctx = _context(args, startup_gc, inject)
        handler = getattr(args, "func", None) or app_cmds.default_command
        if handler not in app_cmds.SCREEN_COMMANDS:
            startup_gc.resume()  # the screen resumes it after its first frame
        code = int(handler(ctx, args) or 0)
        if code == 0:
            if not getattr(args, "sends_itself", False):  # `cockpit deliver` already did
                _deliver_pending(ctx)  # first: its delivery events are pushed with the rest
            _push_pending(ctx)
        return code

    try:
        return errors.run(command)
    finally:
        if ctx is not None:
            ctx.close()


def _context(args: argparse.Namespace, startup_gc: StartupGC, inject: dict[str, Any]) -> Context:
    """The context from the configuration; a bad configuration is a usage error that names
    the setting and the file."""
    from cockpit import settings

    try:
        return Context(settings.load(), db_flag=args.db, author_flag=args.author,
                       tz_flag=args.tz, startup_gc=startup_gc, **inject)  # fmt: skip
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise UsageError(f"bad setting {where!r} ({first['msg']}) in {settings.config_path()} "
                         "or COCKPIT_* variables; fix it and retry") from None  # fmt: skip
    except (OSError, ValueError) as exc:  # an unreadable or invalid config file, say
        raise UsageError(f"cannot read the configuration: {exc}") from None


def _deliver_pending(ctx: Context) -> None:
    """A command that posted an update sends it before exiting (a few seconds at most; what
    fails is retried by the screen or `cockpit deliver`). No destinations, nothing imported."""
    store = ctx.opened_store
    if store is None or not ctx.settings.destinations:
        return
    from cockpit.comms.once import deliver_after_command

    message = deliver_after_command(store, ctx.settings, ctx.clock, ctx.author)
    if message:
        say(f"cockpit: {message}", err=True)


def _push_pending(ctx: Context) -> None:
    """A command that wrote to a joined incident pushes it before exiting (a few seconds at
    most; if the server is down the events stay pending). Nothing to do, nothing imported."""
    store = ctx.opened_store
    if store is None:
        return
    from cockpit.sync.once import flush_after_command

    message = flush_after_command(store, ctx.settings)
    if message:
        say(f"cockpit: {message}", err=True)


if __name__ == "__main__":
    raise SystemExit(main())
