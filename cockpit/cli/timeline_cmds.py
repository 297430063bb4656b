"""`cockpit timeline` (the whole record, in `at` order) and `cockpit tail` (new entries as they
arrive: for a second pane or a log shipper)."""

from __future__ import annotations

import argparse
import contextlib
import threading
from collections.abc import Callable

from cockpit.cli import common
from cockpit.cli.context import Context, UsageError
from cockpit.cli.output import (
    event_json,
    event_lines,
    json_text,
    row_json,
    row_lines,
    timeline_lines,
)
from cockpit.core.kinds import CHANGE_KINDS
from cockpit.core.timeline import Timeline
from cockpit.store.outbox import SyncBook
from cockpit.store.store import Store

Emit = Callable[[str], None]


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser("timeline", help="every entry, in the order things happened")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("--json", action="store_true",
                   help="a JSON array of entries (id, kind, at, author, text, edited, redacted; "
                   "refused and sent_again for one the server refused)")  # fmt: skip
    p.set_defaults(func=timeline)

    p = subs.add_parser("tail", help="print entries as they arrive (Ctrl-C stops)")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("-n", "--lines", type=int, default=10, metavar="N",
                   help="how many recent entries to print first (default 10)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--interval", type=float, default=0.25, metavar="SECONDS",
                   help="how often to look for new entries (default 0.25)")  # fmt: skip
    p.set_defaults(func=tail)


def timeline(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident, fold=False)
    tl = Timeline(ctx.tz)
    tl.apply_all(loaded.store.events(loaded.ref.id))
    marks = SyncBook(loaded.store).marks(loaded.ref.id)  # entries the server refused
    if args.json:
        rows = [row_json(r) | _refused_json(marks.get(r.id)) for r in tl]
        print(json_text(rows, indent=1))
    else:
        for line in timeline_lines(tl, ctx.tz, marks):  # made safe, line by line, as they are made
            print(line)
    return 0


def _refused_json(mark: tuple[str, bool] | None) -> dict:
    return {} if mark is None else {"refused": mark[0], "sent_again": mark[1]}


def tail(ctx: Context, args: argparse.Namespace) -> int:
    if args.lines < 0 or args.interval <= 0:
        raise UsageError("-n must be 0 or more and --interval more than 0")
    loaded = common.load(ctx, args.incident, fold=False)
    pause = threading.Event()
    with contextlib.suppress(KeyboardInterrupt):
        follow(
            loaded.store,
            loaded.ref.id,
            lambda line: print(line, flush=True),
            backlog=args.lines,
            as_json=args.json,
            tz=ctx.tz,
            wait=lambda: pause.wait(args.interval),
        )
    return 0


def follow(
    store: Store,
    incident_id: str,
    emit: Emit,
    *,
    backlog: int = 10,
    as_json: bool = False,
    tz=None,
    wait: Callable[[], object] = lambda: None,
    stop: Callable[[], bool] = lambda: False,
) -> int:
    """Emit the last `backlog` entries, then every new event as it arrives, until `stop()`.

    Between looks it calls `wait()`. A look costs one `PRAGMA data_version` (which changes
    only when another connection commits), so an idle tail barely touches the file. Returns
    how many events were emitted after the backlog.
    """
    from cockpit.cli.context import system_zone

    tz = tz or system_zone()
    seen_version = store.data_version()
    tl = Timeline(tz)
    cursor = 0
    for seq, e in store.events_with_seq(incident_id):
        tl.apply(e)
        cursor = seq
    for row in tl.rows[len(tl.rows) - backlog :] if backlog else ():
        _emit_row(emit, row, as_json, tz)
    emitted = 0
    while not stop():
        wait()
        version = store.data_version()
        if version == seen_version:
            continue
        seen_version = version
        for seq, e in store.events_with_seq(incident_id, cursor):
            cursor = seq
            if tl.apply(e) is None:
                continue
            emitted += 1
            if e.kind in CHANGE_KINDS:  # an edit or a redaction: a line of its own
                if as_json:
                    emit(json_text(event_json(e, tz)))
                else:
                    for line in event_lines(e, tz):
                        emit(line)
            else:
                _emit_row(emit, tl.by_id[e.id], as_json, tz)
    return emitted


def _emit_row(emit: Emit, row, as_json: bool, tz) -> None:
    if as_json:
        emit(json_text(row_json(row)))
    else:
        for line in row_lines(row, tz):
            emit(line)
