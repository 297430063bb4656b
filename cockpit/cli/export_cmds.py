"""`cockpit export` (the postmortem draft in Markdown, or the complete incident as JSON) and
`cockpit import` (that JSON into this file: an incident moved from another machine, an
archive, a replay). See `cockpit.export`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cockpit.cli import common
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.output import say
from cockpit.core.ids import short
from cockpit.store.store import IncidentRef, Store

FORMATS = ("md", "json")


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "export",
        help="the postmortem draft (Markdown) or the complete incident (JSON)",
        description="md: a blameless postmortem draft to edit (summary, impact, metrics, "
        "factors, mitigations, lessons, follow-ups, roles, decisions, updates, evidence, the "
        "timeline). json: every event, for `cockpit import` on any machine, an archive or a "
        "replay. Neither ever carries redacted text.",
    )
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("--format", default="md", metavar="md|json", help="default: md")
    p.add_argument("--output", "-o", metavar="FILE", help="write it here (default: print it)")
    p.set_defaults(func=export)

    p = subs.add_parser(
        "import",
        help="read an incident exported as JSON into this file",
        description="The incident gets the next INC-n here (or keeps the one it has, if this "
        "file holds it already); importing the same file again changes nothing. Nothing "
        "stored is ever replaced: an entry this file holds with other content is refused and "
        "listed.",
    )
    p.add_argument("file", metavar="FILE",
                   help="the export (`-` reads standard input); at most 64 MiB")  # fmt: skip
    p.set_defaults(func=import_file)


def export(ctx: Context, args: argparse.Namespace) -> int:
    fmt = args.format.strip().lower().lstrip(".")
    fmt = "md" if fmt in ("markdown", "md") else fmt
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {args.format!r}; use md (the postmortem draft) or json")
    loaded = common.load(ctx, args.incident, fold=False)
    text = render(loaded.store, loaded.ref, fmt, ctx)
    if args.output in (None, "-"):
        sys.stdout.write(text)  # made safe line by line as it was made
        return 0
    path = write(Path(args.output), text)
    what = "postmortem draft" if fmt == "md" else "export"
    say(f"cockpit: wrote the {what} of {loaded.label} to {path}", err=True)
    return 0


def render(store: Store, ref: IncidentRef, fmt: str, ctx: Context) -> str:
    """The export of one incident in `fmt` (md or json)."""
    events = store.events(ref.id)
    if fmt == "json":
        from cockpit.export.json import export_text

        return export_text(events)
    from cockpit.export.markdown import postmortem

    # the team's cadences: the late updates are the ones `cockpit metrics` counts
    return postmortem(events, label=ref.label, tz=ctx.tz, now=ctx.clock.now(),
                      cadences=ctx.settings.cadences)  # fmt: skip


def write(path: Path, text: str) -> Path:
    """Write `text` to `path` whole or not at all."""
    from cockpit.export.files import write_atomic

    if path.expanduser().is_dir():
        raise UsageError(f"{path} is a folder; give a file name (e.g. {path / 'INC-1.md'})")
    return write_atomic(path, text)


def import_file(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.export.importing import import_document
    from cockpit.export.json import MAX_PROBLEMS, NotAnExport, loads

    where = "standard input" if args.file == "-" else args.file
    data = _read(args.file, where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Failure(
            f"{where} is not UTF-8 text, so not a cockpit export; check the file"
        ) from None
    try:
        doc = loads(text)
    except NotAnExport as exc:
        raise Failure(f"cannot import {where}: {exc}") from None
    try:
        done = import_document(ctx.store(create=True), doc)
    except ValueError as exc:
        raise Failure(f"cannot import {where}: {exc}") from None
    listed = [*doc.problems, *done.refused][:MAX_PROBLEMS]
    count = doc.problem_count + len(done.refused)
    for ident, why in listed:
        say(f"cockpit: refused {_ident(ident)}: {why}", err=True)
    if count > len(listed):
        more = count - len(listed)
        say(f"cockpit: and {more} more problem{'' if more == 1 else 's'}", err=True)
    if done.ref is not None:
        print(done.ref.label)
        title = f" “{doc.title}”" if doc.title else ""
        if done.new:
            again = f"; {done.same} were here already" if done.same else ""
            say(f"cockpit: imported {done.new} entries of{title} as {done.ref.label}{again}",
                err=True)  # fmt: skip
        else:
            say(f"cockpit: nothing new: {done.ref.label}{title} holds all {done.same} already",
                err=True)  # fmt: skip
    if count:
        shown = "listed above" if count == len(listed) else f"the first {len(listed)} listed above"
        raise Failure(f"{count} entr{'y' if count == 1 else 'ies'} refused ({shown}); nothing "
                      "stored was replaced")  # fmt: skip
    return 0


def _read(file: str, where: str) -> bytes:
    """The export's bytes; a file over MAX_BYTES is refused before it is read (its size, or
    for standard input once that many have come), so junk cannot fill the memory."""
    from cockpit.export.json import MAX_BYTES

    too_big = Failure(f"cannot import {where}: larger than {MAX_BYTES // 2**20} MiB, the most "
                      "`cockpit import` reads; is it an incident export?")  # fmt: skip
    if file == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        path = Path(file)
        if path.stat().st_size > MAX_BYTES:
            raise too_big
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)  # it may have grown since
    if len(data) > MAX_BYTES:
        raise too_big
    return data


def _ident(ident: str) -> str:
    return ident if ident.startswith("#") else short(ident)
