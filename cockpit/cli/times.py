"""How the CLI reads the times people type: `--at` (the past), `--due` and `--next` (the
future), `--force` past the plausible bounds, and `--at -5m` on the command line.

The rules are the core's (`cockpit.core.timeparse`); this adds only the flags and the words
of the errors. Cheap to import: `cockpit note` starts through here.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Sequence
from datetime import datetime

from cockpit.cli.context import Context, UsageError
from cockpit.core import timeparse
from cockpit.core.timefmt import full_when
from cockpit.core.timeparse import FUTURE, PAST, Direction, When

# The flags whose value may start with "-": argparse reads any other "-..." word as an option.
TIME_FLAGS = ("--at", "--due", "--next", "--tz")
_DASHED = re.compile(r"^-\d")  # -5m, -1h30m, -05:00


def attach_values(argv: Sequence[str]) -> list[str]:
    """`--at -5m` -> `--at=-5m` (what argparse reads as one option with its value): for the
    time flags only, and only before a `--` that ends the options."""
    out: list[str] = []
    words = list(argv)
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--":
            return out + words[i:]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if word in TIME_FLAGS and nxt is not None and _DASHED.match(nxt):
            out.append(f"{word}={nxt}")
            i += 2
            continue
        out.append(word)
        i += 1
    return out


def add_when(parser: argparse.ArgumentParser, help_text: str = "when: 14:02, -5m or ISO") -> None:
    parser.add_argument("--at", metavar="WHEN", help=help_text + " (in the past)")
    add_force(parser)


def add_due(parser: argparse.ArgumentParser, help_text: str = "15m, 1h or 14:30") -> None:
    parser.add_argument("--due", metavar="WHEN", help=help_text + " (in the future)")
    add_force(parser)


def add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force", action="store_true",
        help="keep a time outside the plausible bounds (more than a day ahead of the clock for "
        "what happened, more than ten years away)",
    )  # fmt: skip


def when(ctx: Context, args: argparse.Namespace) -> When | None:
    """`--at`: when it happened; None when not given."""
    return _parse(ctx, args, "at", PAST)


def due(ctx: Context, args: argparse.Namespace) -> datetime | None:
    """`--due`: a moment in the future; None when not given."""
    found = _parse(ctx, args, "due", FUTURE)
    return found.at if found else None


def future(ctx: Context, args: argparse.Namespace, name: str) -> datetime | None:
    """`--NAME`, a moment in the future (`--until`, `--report`); None when not given."""
    found = _parse(ctx, args, name, FUTURE)
    return found.at if found else None


def next_minutes(ctx: Context, args: argparse.Namespace) -> int | None:
    """`--next`: minutes until the next update: `20` (minutes), `20m`, `1h`, `14:30`, `in 20m`."""
    text = getattr(args, "next", None)
    if text is None:
        return None
    if text.strip().isdigit():
        return int(text)
    found = _parse(ctx, args, "next", FUTURE)
    assert found is not None
    return max(1, math.ceil((found.at - ctx.clock.now()).total_seconds() / 60))


def _parse(ctx: Context, args: argparse.Namespace, name: str, direction: Direction) -> When | None:
    text = getattr(args, name, None)
    if text is None:
        return None
    force = bool(getattr(args, "force", False))
    try:
        return timeparse.parse_time(text, ctx.clock.now(), ctx.tz, direction, force=force)
    except timeparse.OutOfBounds as exc:
        raise UsageError(f"--{name}: {exc}; pass --force if it is right") from None
    except timeparse.BadTime as exc:
        raise UsageError(f"--{name}: {exc}") from None


def say_where(ctx: Context, found: When | None) -> None:
    """A backdated entry that lands on another day than today says where (on stderr: stdout
    keeps only the new id, for scripts): `23:02` typed at 21:04 is yesterday's."""
    if found is None:
        return
    now = ctx.clock.now()
    if found.at.astimezone(ctx.tz).date() != now.astimezone(ctx.tz).date():
        print(f"cockpit: saved at {full_when(found.at, now, ctx.tz)}", file=sys.stderr)
