"""What the incident commands share: finding the incident and its entries, reading what was
typed or piped in, and making and saving events.

Every check that can refuse the input runs before anything is written, so a refused command
leaves the file as it was.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from pydantic import ValidationError

from cockpit.cli.context import Context, Failure, UsageError
from cockpit.core import events as ev
from cockpit.core import timeparse
from cockpit.core.compose import new_event
from cockpit.core.ids import short
from cockpit.core.state import IncidentState
from cockpit.store.store import IncidentRef, Store

T = TypeVar("T")


@dataclass
class Loaded:
    """One incident, read from the file: its number, its events and its folded state."""

    store: Store
    ref: IncidentRef
    events: list[ev.Event]
    state: IncidentState

    @property
    def label(self) -> str:
        return self.ref.label


def load(ctx: Context, ref_text: str, *, fold: bool = True) -> Loaded:
    """The incident named `INC-3`, `3` or by id; with `fold`, its events and state too."""
    store = ctx.store()
    ref = store.incident(ref_text)
    state = IncidentState(ref.id)
    events: list[ev.Event] = []
    if fold:
        events = store.events(ref.id)
        state.apply_all(events)
    return Loaded(store, ref, events, state)


def author_of(ctx: Context, args: argparse.Namespace) -> str:
    """--author on the command, then --author before it, then the configured name, the OS user."""
    given = (getattr(args, "sub_author", None) or "").strip()
    name = given or ctx.author
    if len(name) > 200:
        raise UsageError("the author name is longer than 200 characters; pass a shorter --author")
    return name


def add_author(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--author",
        dest="sub_author",
        metavar="NAME",
        help="who is writing (default: the configured name, then your OS user)",
    )


# `--at -5m`: argparse takes any "-..." for an option unless it looks like a negative number;
# relative times (-5m, -1h30m) count as such numbers on the commands that take times.
_NEGATIVE = re.compile(r"^-\d+$|^-\d*\.\d+$|^-(\d+[hms])+$")


def add_when(parser: argparse.ArgumentParser, help_text: str = "when: 14:02, -5m or ISO") -> None:
    parser.add_argument("--at", metavar="WHEN", help=help_text)
    parser._negative_number_matcher = _NEGATIVE


def when(ctx: Context, text: str | None) -> datetime | None:
    """`--at`: 14:02, -5m, -1h30m or ISO; None when not given."""
    if text is None:
        return None
    try:
        return timeparse.parse_when(text, ctx.clock.now(), ctx.tz)
    except timeparse.BadTime as exc:
        raise UsageError(f"--at: {exc}") from None


def due(ctx: Context, text: str | None) -> datetime | None:
    """`--due`: 15m, 1h, 14:30 or ISO; None when not given."""
    if text is None:
        return None
    try:
        return timeparse.parse_due(text, ctx.clock.now(), ctx.tz)
    except timeparse.BadTime as exc:
        raise UsageError(f"--due: {exc}") from None


def word(parse: Callable[[str], T], text: str) -> T:
    """A vocabulary word (severity, phase, role, outcome); the parser's message on a miss."""
    try:
        return parse(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def body(data: dict[str, Any]) -> Any:
    """A validated event body; a bad field becomes a one-line usage error."""
    try:
        return ev.parse_body(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first.get("loc", ("?",))[-1])
        if first.get("type") == "string_too_long":
            raise UsageError(
                f"{field} is too long (at most {ev.MAX_TEXT} characters); "
                "save it as a file and pass its address with --link"
            ) from None
        if field == "text" or first.get("type") == "string_pattern_mismatch":
            raise UsageError(f"{field} is empty; type some text (or pipe it in)") from None
        raise UsageError(f"bad {field}: {first['msg']}") from None


def read_text(ctx: Context, text: str | None, what: str = "note") -> str:
    """TEXT as typed, or standard input (verbatim) when TEXT is `-` or omitted and piped."""
    if text is None or text == "-":
        if text is None and ctx.stdin_is_tty:
            raise UsageError(f"no {what} text; type it after the incident, or pipe it in")
        text = _read_stdin()
    if not text.strip():
        raise UsageError(f"empty {what}; type some text (or pipe it in), nothing was saved")
    return text


def _read_stdin() -> str:
    stream = getattr(sys.stdin, "buffer", None)
    try:
        if stream is not None:
            return stream.read().decode("utf-8", errors="replace")
        return sys.stdin.read()
    except OSError as exc:
        raise UsageError(f"cannot read standard input ({exc}); pass the text instead") from None


def find_event(
    loaded: Loaded, ident: str, kinds: tuple[str, ...] | None = None, what: str = "entry"
) -> ev.Event:
    """An event of this incident by its full id or the short form (any trailing hex digits)."""
    wanted = ident.strip().lower()
    pool = [e for e in loaded.events if kinds is None or e.kind in kinds]
    exact = [e for e in pool if e.id == wanted]
    if exact:
        return exact[0]
    digits = wanted.replace("-", "")
    if len(digits) < 4 or any(c not in "0123456789abcdef" for c in digits):
        raise UsageError(
            f"{ident!r} is not an entry id; give the id that `cockpit timeline {loaded.label}` "
            "shows (8 hex digits)"
        )
    found = [e for e in pool if e.id.replace("-", "").endswith(digits)]
    if not found:
        raise Failure(
            f"no {what} {ident} in {loaded.label}; `cockpit timeline {loaded.label}` shows the ids"
        )
    if len(found) > 1:
        ids = ", ".join(short(e.id) for e in found[:5])
        raise UsageError(f"{ident!r} matches several entries ({ids}); give more digits")
    return found[0]


def save(
    ctx: Context,
    loaded: Loaded,
    args: argparse.Namespace,
    data: dict[str, Any],
    *,
    at: datetime | None = None,
    quiet: bool = False,
) -> ev.Event:
    """Make the event (its `prev` from the state read above), commit it, print its short id."""
    stored = loaded.store.append(_make(ctx, loaded, args, data, at))
    loaded.state.apply(stored)
    if not quiet:
        print(short(stored.id))
    return stored


def save_all(ctx: Context, loaded: Loaded, args: argparse.Namespace,
             datas: list[dict[str, Any]]) -> list[ev.Event]:  # fmt: skip
    """`save` for writes that go together: every one is checked first, then all are
    committed in one transaction, or none."""
    events = [_make(ctx, loaded, args, data, None) for data in datas]
    stored = loaded.store.append_many(events, origin="local")
    for e in stored:
        loaded.state.apply(e)
        print(short(e.id))
    return stored


def _make(ctx: Context, loaded: Loaded, args: argparse.Namespace, data: dict[str, Any],
          at: datetime | None) -> ev.Event:  # fmt: skip
    author = author_of(ctx, args)
    return new_event(loaded.ref.id, author, body(data), ctx.clock, at=at, state=loaded.state)
