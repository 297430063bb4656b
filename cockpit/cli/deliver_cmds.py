"""`cockpit deliver`: send the status updates this file posted, and see what became of them.

    cockpit deliver                 send as updates come and retries fall due, until Ctrl-C
    cockpit deliver --once          try everything waiting now, once; exit 1 if any is left
    cockpit deliver --status        what waits, per destination, without sending
    cockpit deliver --check         the configured destinations and what each still needs
    cockpit deliver INC-n --again ID [--to NAME]   send a failed update again

Only one cockpit sends from a file at a time (cockpit/comms/lock.py); while a screen is open
on it, the screen sends, and `--once` says so.
"""

from __future__ import annotations

import argparse
import sys
from typing import cast

from cockpit.cli import common
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.output import clock_time, say
from cockpit.core.delivery import Delivery
from cockpit.core.events import Event, StatusUpdate
from cockpit.core.ids import short


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "deliver",
        help="send posted status updates to their destinations (Slack, Teams, email...)",
        description="Sends the status updates posted from this file that a destination still "
        "waits for, and records each outcome in the timeline. Without a flag it keeps sending "
        "until Ctrl-C (the cockpit screen does the same while it is open).",
    )
    p.add_argument("incident", metavar="INC-n", nargs="?", help="for --again and --status")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="try everything waiting now, once")
    mode.add_argument("--status", action="store_true", help="list what waits; send nothing")
    mode.add_argument("--check", action="store_true", help="check the configured destinations")
    mode.add_argument("--again", metavar="ID", help="send this update again where it failed")
    p.add_argument("--to", metavar="NAME", action="append", default=[],
                   help="with --again: only to this destination (repeat)")  # fmt: skip
    common.add_author(p)
    p.set_defaults(func=deliver, sends_itself=True)  # `--status` sends nothing, even new ones


def deliver(ctx: Context, args: argparse.Namespace) -> int:
    if args.to and not args.again:
        raise UsageError("--to goes with --again (an update names its destinations when posted)")
    if args.check:
        return check(ctx)
    if args.again:
        if not args.incident:
            raise UsageError("--again needs the incident: `cockpit deliver INC-n --again ID`")
        return again(ctx, args)
    if args.status:
        return status(ctx, args)
    if not ctx.settings.destinations:
        raise Failure("no destinations configured; add [destinations.NAME] to the config file "
                      "(README, \"Sending updates\")")  # fmt: skip
    return once(ctx) if args.once else forever(ctx)


def check(ctx: Context) -> int:
    from cockpit import settings as settings_module
    from cockpit.comms import config

    found = ctx.settings.destinations
    if not found:
        say("no destinations configured; add [destinations.NAME] to the config file")
        return 1
    bad = 0
    for name, d in found.items():
        problems = config.problems(name, d)
        bad += bool(problems)
        state = problems[0] if problems else "ready"
        takes = f" ({', '.join(d.audiences)} only)" if d.audiences else ""
        say(f"{name:<16} {d.type:<10} {state}{takes}")
    warning = config.exposed(settings_module.config_path(), ctx.settings)
    if warning:
        say(f"cockpit: {warning}", err=True)
    return 1 if bad else 0


def status(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.store.update_outbox import UpdateOutbox

    store = ctx.store()
    only = store.incident(args.incident).id if args.incident else None
    jobs = [j for j in UpdateOutbox(store).jobs() if only is None or j.incident == only]
    if not jobs:
        say("nothing waits to be sent")
        return 0
    labels: dict[str, str] = {}
    for job in jobs:
        label = labels.setdefault(job.incident, store.incident(job.incident).label)
        last = job.last
        if last is None:
            how = "not tried yet"
        elif last.attempt == 0:
            how = "asked again, not tried yet"
        else:
            how = f"retrying after attempt {last.attempt}: {last.detail or 'no answer'}"
        posted = clock_time(job.update.at, ctx.tz)
        say(f"{label:<7} {short(job.update.id)}  {posted}  → {job.destination}: {how}")
    return 0


def once(ctx: Context) -> int:
    from cockpit.comms.lock import SendLock
    from cockpit.comms.once import summary
    from cockpit.comms.sender import Sender

    store = ctx.store()
    lock = SendLock(store.path)
    if not lock.acquire():
        holder = lock.holder()
        raise Failure(f"another cockpit{f' (pid {holder})' if holder else ''} sends from "
                      f"{store.path}; it sends these (`cockpit deliver --status` lists them)")  # fmt: skip
    try:
        sender = Sender(store, ctx.settings, ctx.clock, ctx.author)
        try:
            sender.step(force=True)
        finally:
            sender.close()
    finally:
        lock.release()
    result = sender.last
    line = summary(result)
    say(line or "nothing waits to be sent")
    return 1 if result.failed or result.retrying else 0


def forever(ctx: Context) -> int:
    from cockpit.comms.lock import SendLock
    from cockpit.comms.runner import SenderRunner
    from cockpit.comms.sender import Sender

    store = ctx.store()
    labels: dict[str, str] = {}

    def said(event: Event) -> None:
        d = cast(Delivery, event.body)
        label = labels.setdefault(event.incident, store.incident(event.incident).label)
        say(
            f"{clock_time(event.at, ctx.tz, seconds=True)}  {label}  {d.describe(tz=ctx.tz)}",
            flush=True,
        )

    runner = SenderRunner(
        lambda: Sender(store, ctx.settings, ctx.clock, ctx.author, on_record=said),
        SendLock(store.path),
        on_state=lambda line: say(f"cockpit: {line}", err=True, flush=True) if line else None,
        close_store=False,
    )
    print(f"cockpit: sending updates from {store.path}; Ctrl-C stops", file=sys.stderr, flush=True)
    try:
        runner.run()
    except KeyboardInterrupt:
        runner.stop()
    return 0


def again(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.store.update_outbox import UpdateOutbox

    loaded = common.load(ctx, args.incident)
    update = common.find_event(loaded, args.again, ("status_update",), "status update")
    body = cast(StatusUpdate, update.body)
    if not body.destinations:
        raise Failure(f"{short(update.id)} was posted to no destination; post it again with --to")
    wanted = list(dict.fromkeys(n.strip() for g in args.to for n in g.split(",") if n.strip()))
    for name in wanted:
        if name not in body.destinations:
            raise UsageError(f"{short(update.id)} went to {', '.join(body.destinations)}, not "
                             f"{name!r}")  # fmt: skip
    outbox = UpdateOutbox(loaded.store)
    book = outbox.book()
    names = [n for n in (wanted or body.destinations)
             if (last := book.last(update.id, n)) is not None and last.final
             and last.status != "sent"]  # fmt: skip
    if not names:
        raise Failure(f"{short(update.id)} has failed at none of its destinations (nothing to "
                      "send again; `cockpit deliver --status` lists what waits)")  # fmt: skip
    author = common.author_of(ctx, args)
    for name in names:
        data = {"kind": "delivery", "update": update.id, "destination": name,
                "status": "retrying", "attempt": 0, "detail": f"asked again by {author}"}  # fmt: skip
        common.save(ctx, loaded, args, data, quiet=True)
    where = ", ".join(names)
    if outbox.posted_here(update.id):
        from cockpit.comms.once import deliver_after_command

        say(f"{short(update.id)} goes to {where} again")
        sent = deliver_after_command(loaded.store, ctx.settings, ctx.clock, ctx.author)
        if sent:
            say(f"cockpit: {sent}", err=True)
    else:
        say(f"{short(update.id)} goes to {where} again, from the terminal that posted it "
            "(once it syncs)")  # fmt: skip
    return 0
