"""What the incident commands share: finding the incident and its entries, reading what was
typed or piped in, and making and saving events.

Every check that can refuse the input runs before anything is written, so a refused command
leaves the file as it was.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError

from cockpit.cli import times
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.core import events as ev
from cockpit.core.compose import new_event
from cockpit.core.ids import short
from cockpit.core.state import IncidentState
from cockpit.core.timeparse import When
from cockpit.core.vocabulary import Role, Severity
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
    check_utf8(name, "--author")
    limit = max_length(ev.Event, "author")
    if len(name) > limit:
        raise UsageError(too_long("--author", len(name), limit))
    return name


def add_author(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--author",
        dest="sub_author",
        metavar="NAME",
        help="who is writing (default: the configured name, then your OS user)",
    )


def word(parse: Callable[[str], T], text: str) -> T:
    """A vocabulary word (severity, phase, role, outcome); the parser's message on a miss."""
    try:
        return parse(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def severity_word(ctx: Context, text: str) -> tuple[Severity, str]:
    """A severity as typed, the team's aliases included: (severity, the alias or "")."""
    return word(ctx.aliases.parse_severity, text)


def role_word(ctx: Context, text: str) -> tuple[Role, str]:
    """A role as typed, the team's aliases included: (role, the alias or "")."""
    return word(ctx.aliases.parse_role, text)


# How a field is typed on the command line, for the messages about it.
FIELD_WORDS = {"text": "the text", "title": "the title", "person": "the person's name",
               "by": "--by", "owner": "--to", "what": "the mitigation", "task": "the task",
               "checklist": "the checklist's name", "item": "the item", "author": "--author"}  # fmt: skip


def field_word(field: str) -> str:
    return FIELD_WORDS.get(field, f"--{field}")


def body(data: dict[str, Any]) -> Any:
    """A validated event body; a bad field becomes a one-line usage error."""
    for field, value in data.items():
        if isinstance(value, str):
            check_utf8(value, field_word(field))
    if data.get("kind") == "field_set" and data.get("field") == "title":  # as when declared
        limit = max_length(ev.IncidentDeclared, "title")
        if len(str(data.get("value", ""))) > limit:
            raise UsageError(too_long("the title", len(str(data["value"])), limit))
    try:
        return ev.parse_body(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first.get("loc") or ()
        if not loc:  # a rule across fields (a level only with impact_started, say)
            raise UsageError(str(first["msg"]).removeprefix("Value error, ")) from None
        field = str(loc[-1])
        word = field_word(field)
        if first.get("type") == "string_too_long":
            limit = int((first.get("ctx") or {}).get("max_length", ev.MAX_TEXT))
            raise UsageError(too_long(word, len(str(data.get(field, ""))), limit)) from None
        if field == "text" or first.get("type") in ("string_pattern_mismatch",
                                                    "string_too_short"):  # fmt: skip
            raise UsageError(f"{word} is empty; type some text (or pipe it in)") from None
        raise UsageError(f"bad {word}: {first['msg']}") from None


def too_long(word: str, length: int, limit: int) -> str:
    what_to_do = (
        "save it as a file and pass its address with --link" if limit >= ev.MAX_TEXT
        else "shorten it"
    )  # fmt: skip
    return f"{word} is too long ({length} characters; at most {limit}); {what_to_do}"


def max_length(model: type, field: str) -> int:
    """The longest text a field of an event body takes (from the model: said once)."""
    for rule in model.model_fields[field].metadata:  # type: ignore[attr-defined]
        if hasattr(rule, "max_length"):
            return int(rule.max_length)
    return ev.MAX_TEXT


def check_utf8(text: str, word: str, *, pipe: bool = False) -> None:
    """An argument with bytes that are not UTF-8 (Python keeps them as lone surrogates) is
    refused here, saying which, rather than failing later as "empty" or in the file.
    `pipe`: the text may come on standard input instead, where any bytes are kept."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = ord(text[exc.start])
        byte = f"byte 0x{bad - 0xDC00:02x}" if 0xDC80 <= bad <= 0xDCFF else "a lone surrogate"
        hint = "; retype it in UTF-8"
        if pipe:
            hint = "; retype it, or pipe the bytes in (they are kept as base64)"
        raise UsageError(
            f"{word} is not valid UTF-8 text ({byte} at character {exc.start + 1}){hint}"
        ) from None


def read_text(ctx: Context, text: str | None, what: str = "note") -> str:
    """TEXT as typed, or standard input (verbatim) when TEXT is `-` or omitted and piped.

    Standard input that is not UTF-8 text (binary, or another encoding) is kept exactly:
    as base64, under a first line that says so (`base64 -d` gives the bytes back)."""
    if text is None or text == "-":
        if text is None and ctx.stdin_is_tty:
            raise UsageError(f"no {what} text; type it after the incident, or pipe it in")
        text = _read_stdin(what)
    else:
        check_utf8(text, f"the {what} text", pipe=True)
    if not text.strip():
        raise UsageError(f"empty {what}; type some text (or pipe it in), nothing was saved")
    return text


BASE64_HEADER = (
    "[standard input was not UTF-8 text: {n} bytes, kept as base64 below; "
    "`base64 -d` gives them back]"
)


def _read_stdin(what: str) -> str:
    stream = getattr(sys.stdin, "buffer", None)
    try:
        if stream is None:
            return sys.stdin.read()
        data = stream.read()
    except OSError as exc:
        raise UsageError(f"cannot read standard input ({exc}); pass the text instead") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _as_base64(data, exc, what)


def _as_base64(data: bytes, exc: UnicodeDecodeError, what: str) -> str:
    import base64

    encoded = base64.encodebytes(data).decode("ascii")  # lines of 76 characters
    text = BASE64_HEADER.format(n=len(data)) + "\n" + encoded
    if len(text) > ev.MAX_TEXT:
        raise UsageError(
            f"standard input is not UTF-8 text and, at {len(data)} bytes, too large to keep as "
            f"base64 in one {what} (at most about {ev.MAX_TEXT * 3 // 4 // 1000} kB); save it "
            "as a file and pass its address with --link"
        )
    print(f"cockpit: standard input is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
          f"{exc.start}): saving its {len(data)} bytes as base64 (`base64 -d` gives them back)",
          file=sys.stderr)  # fmt: skip
    return text


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
    at: When | None = None,
    quiet: bool = False,
) -> ev.Event:
    """Make the event (its `prev` from the state read above), commit it, print its short id
    (and, backdated to another day, where it went)."""
    stored = loaded.store.append(_make(ctx, loaded, args, data, at))
    loaded.state.apply(stored)
    if not quiet:
        print(short(stored.id))
        times.say_where(ctx, at)
    return stored


Later = Callable[[list[ev.Event]], dict[str, Any]]  # a body naming the events made before it


def save_all(ctx: Context, loaded: Loaded, args: argparse.Namespace,
             datas: list[dict[str, Any] | Later], *, at: When | None = None,
             quiet: bool = False) -> list[ev.Event]:  # fmt: skip
    """`save` for writes that go together: every one is checked first, then all are
    committed in one transaction, or none. A body may be a function of the events made
    before it (a question passed on as a task names the task). `at`: when they all
    happened; `quiet`: the caller prints what it wants (the ids by default)."""
    events: list[ev.Event] = []
    for data in datas:
        body_data = data(events) if callable(data) else data
        events.append(_make(ctx, loaded, args, body_data, at))
    stored = loaded.store.append_many(events, origin="local")
    for e in stored:
        loaded.state.apply(e)
        if not quiet:
            print(short(e.id))
    return stored


def _make(ctx: Context, loaded: Loaded, args: argparse.Namespace, data: dict[str, Any],
          at: When | None) -> ev.Event:  # fmt: skip
    author = author_of(ctx, args)
    return new_event(loaded.ref.id, author, body(data), ctx.clock, state=loaded.state,
                     at=at.at if at else None, at_offset=at.offset if at else None)  # fmt: skip
