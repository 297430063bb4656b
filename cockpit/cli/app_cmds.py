"""The commands that open the full-screen cockpit: `cockpit` (no command), `cockpit open INC-n`,
`cockpit demo` and `cockpit watch` (a follower's, read-only). Textual is imported only here, inside the handlers, so that the other
commands (`cockpit note`...) start fast."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cockpit.cli.context import Context, Failure
from cockpit.cli.output import say

if TYPE_CHECKING:
    from cockpit.store.store import Store


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser("open", help="open the cockpit on one incident")
    p.add_argument("incident", metavar="INC", help="the incident, e.g. INC-3 (see `cockpit list`)")
    _theme_flag(p)
    p.set_defaults(func=open_command)

    d = subs.add_parser(
        "demo", help="open the cockpit on a realistic demo incident, in a fresh file of its own"
    )
    d.add_argument("--entries", type=int, default=150, help="how many entries (default 150)")
    d.add_argument("--keep", metavar="PATH", help="write the demo file here instead of a new one")
    _theme_flag(d)
    d.set_defaults(func=demo_command)

    w = subs.add_parser(
        "watch",
        help="follow an incident read-only: a local one (INC-n) or one on a server (URL ID)",
        description="Open the cockpit read-only: every pane live, search and filters, no key "
        "that writes. `cockpit watch INC-3` follows this file's incident; `cockpit watch URL "
        "ID` follows a server's (a `read` token is enough: COCKPIT_TOKEN or the config file).",
    )
    w.add_argument("source", metavar="INC|URL", help="INC-3 here, or a server's URL")
    w.add_argument("incident", metavar="ID", nargs="?",
                   help="with a URL: the incident's id there (`cockpit join URL` lists them)")  # fmt: skip
    _theme_flag(w)
    w.set_defaults(func=watch_command)


def _theme_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--theme", default=argparse.SUPPRESS,
                   help="colour theme, e.g. cockpit-dark, cockpit-light, cockpit-contrast")  # fmt: skip


def run_app(ctx: Context, args: argparse.Namespace, *, incident: str | None, create: bool,
            store: Store | None = None, watching: Any = None) -> int:  # fmt: skip
    from cockpit.tui.app import CockpitApp

    store = store or ctx.store(create=create)
    app = CockpitApp(
        store, ctx.clock, ctx.settings, author=ctx.author, incident=incident, tz=ctx.tz,
        theme=getattr(args, "theme", None), after_first_frame=ctx.startup_gc.resume,
        watching=watching,
    )  # fmt: skip
    result = app.run()
    code = app.return_code or 0
    if isinstance(result, Exception):  # why it could not go on: one line, like any command
        raise result
    if isinstance(result, str):  # a last word: why it ended, or what to do next
        say(result, err=bool(code))
    return code


def default_command(ctx: Context, args: argparse.Namespace) -> int:
    """`cockpit`: the open incident; a picker when several are open; a declare form if none."""
    return run_app(ctx, args, incident=None, create=True)


def open_command(ctx: Context, args: argparse.Namespace) -> int:
    if not ctx.db_path.exists():
        raise Failure(f"no cockpit file at {ctx.db_path}; run `cockpit` to declare an incident")
    ctx.store().incident(args.incident)  # a clear error before the screen opens
    return run_app(ctx, args, incident=args.incident, create=False)


def demo_path() -> Path:
    """A fresh file under the user data folder, so the demo never touches real incidents."""
    import platformdirs

    from cockpit.core.clock import SystemClock

    folder = Path(platformdirs.user_data_dir("cockpit", appauthor=False)) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = SystemClock().now().strftime("%Y%m%d-%H%M%S-%f")
    return folder / f"demo-{stamp}.sqlite3"


def demo_command(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.demo import seed_demo

    if args.entries < 30 or args.entries > 1_000_000:
        raise Failure("--entries must be between 30 and 1000000")
    path = Path(args.keep) if args.keep else demo_path()
    if path.exists():
        raise Failure(f"{path} exists; the demo writes a fresh file, pick another --keep path")
    ctx.db_flag = str(path)
    ctx.__dict__.pop("db_path", None)
    store = ctx.store(create=True)
    ref = seed_demo(store, ctx.clock.now(), entries=args.entries, tz=ctx.tz)
    say(f"demo incident {ref.label} in {path}")
    return run_app(ctx, args, incident=ref.label, create=False)


def watch_command(ctx: Context, args: argparse.Namespace) -> int:
    """A follower's cockpit: the file opened read-only, every writing key absent (tui/watching.py)."""
    from cockpit.cli.watch_source import open_watched
    from cockpit.tui.watching import Watching

    store, label, url = open_watched(ctx, args.source, args.incident)
    try:
        return run_app(ctx, args, incident=label, create=False, store=store,
                       watching=Watching(url))  # fmt: skip
    finally:
        store.close()


# These open the screen, which resumes the GC paused for start-up after its first frame.
SCREEN_COMMANDS = (default_command, open_command, demo_command, watch_command)
SCREEN_WORDS = ("open", "demo", "watch")  # the commands above, as typed
