"""People and pace: `break`, `left`, `roster`, `nudges`, `snooze`.

`roster` shows who is on the call, since when, their roles and the time since their last
break; `nudges` lists what needs attention, most urgent first, each with why (the same rules
as the screen's attention line, cockpit.core.nudges, with the thresholds of `[nudges]`);
`snooze` quiets one until a time, with a reason everyone sees, never for good.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from cockpit.cli import common, pace_lines, times
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.output import clock_time, json_text, say, stamp
from cockpit.core import nudge_words, nudges, timeparse
from cockpit.core.nudges import Nudge


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser("break", help="record a break: someone steps away (--for 15m, --until "
                        "14:30), and their time on duty restarts when it ends")  # fmt: skip
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("person", metavar="PERSON")
    how_long = p.add_mutually_exclusive_group()
    how_long.add_argument("--for", dest="minutes", metavar="DURATION",
                          help="how long: 15m, 1h (from --at, default now)")  # fmt: skip
    how_long.add_argument("--until", metavar="WHEN", help="back at: 14:30, in 20m")
    times.add_when(p, "when the break started: 14:02, -5m or ISO")
    common.add_author(p)
    p.set_defaults(func=cmd_break)

    p = subs.add_parser("left", help="record that someone left the call (until they join again)")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("person", metavar="PERSON")
    times.add_when(p, "when: 14:02, -5m or ISO")
    common.add_author(p)
    p.set_defaults(func=cmd_left)

    p = subs.add_parser("roster", help="who is on the call: roles, since when, time since a break")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    p.set_defaults(func=cmd_roster)

    p = subs.add_parser("nudges", help="what needs attention now, most urgent first, and why")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    p.set_defaults(func=cmd_nudges)

    p = subs.add_parser(
        "snooze",
        help="quiet one nudge until a time, with a reason (never for good)",
        description="NUDGE is its number or id in `cockpit nudges` (or the start of the id). "
        "Snoozing the downgrade question records the decision to keep the severity for the "
        "night: a decision entry with the reason, until the night ends.",
    )
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("nudge", metavar="NUDGE")
    p.add_argument("--until", metavar="WHEN", required=True, help="30m, 1h, 15:30")
    p.add_argument("--reason", required=True, help="why it can wait: everyone sees it")
    times.add_force(p)
    common.add_author(p)
    p.set_defaults(func=cmd_snooze)


def _person(args: argparse.Namespace) -> str:
    person = args.person.strip()
    if not person:
        raise UsageError("the person's name is empty; say who")
    return person


def cmd_break(ctx: Context, args: argparse.Namespace) -> int:
    data: dict = {"kind": "break_taken", "person": _person(args)}
    if args.minutes is not None:
        try:
            length = timeparse.parse_duration(args.minutes)
        except timeparse.BadTime as exc:
            raise UsageError(f"--for: {exc}") from None
        minutes = max(1, round(length.total_seconds() / 60))
        if minutes > 24 * 60:
            raise UsageError(f"--for {args.minutes}: a break of more than a day is leaving; "
                             "use `cockpit left`")  # fmt: skip
        data["minutes"] = minutes
    until = times.future(ctx, args, "until")
    if until is not None:
        data["until"] = until.isoformat()
    at = times.when(ctx, args)
    common.body(data)
    loaded = common.load(ctx, args.incident, fold=False)
    common.save(ctx, loaded, args, data, at=at)
    return 0


def cmd_left(ctx: Context, args: argparse.Namespace) -> int:
    data = {"kind": "person_left", "person": _person(args)}
    at = times.when(ctx, args)
    common.body(data)
    loaded = common.load(ctx, args.incident, fold=False)
    common.save(ctx, loaded, args, data, at=at)
    return 0


def _thresholds(ctx: Context) -> nudges.Thresholds:
    return ctx.settings.nudges.thresholds(ctx.tz)


def cmd_roster(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident)
    now = ctx.clock.now()
    if args.json:
        data = {"label": loaded.label, "id": loaded.ref.id, "now": stamp(now),
                "people": pace_lines.roster_json(loaded.state, now)}  # fmt: skip
        print(json_text(data, indent=2))
        return 0
    say(f"{loaded.label}  on the call at {clock_time(now, ctx.tz)}")
    for line in pace_lines.roster_lines(loaded.state, now, ctx.tz, _thresholds(ctx)):
        say(line)
    return 0


def cmd_nudges(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident)
    now = ctx.clock.now()
    found = nudges.current(loaded.state, now, _thresholds(ctx))
    late = pace_lines.overdue_updates(loaded.state, now, ctx.settings.cadences)
    if args.json:
        data = {"label": loaded.label, "id": loaded.ref.id, "now": stamp(now),
                "nudges": pace_lines.nudges_json(found),
                "updates_overdue": pace_lines.overdue_json(late)}  # fmt: skip
        print(json_text(data, indent=2))
        return 0
    # An overdue update is the update countdown's, not a nudge (no number, no snooze: posting
    # one ends it), but it is never "nothing needs attention".
    for line in pace_lines.overdue_lines(late, now, ctx.tz, loaded.label):
        say(line)
    if not found:
        say(f"{loaded.label}: " + ("no nudge now" if late else "nothing needs attention now"))
        return 0
    for line in pace_lines.nudge_lines(found, loaded.label, ctx.tz):
        say(line)
    return 0


def find(found: list[Nudge], text: str, label: str) -> Nudge:
    """The nudge a person means: its number in the list, its id, or the start of one id."""
    key = text.strip()
    if not found:
        raise Failure(f"nothing needs attention in {label} now; nothing to snooze")
    if key.isdigit() and 1 <= int(key) <= len(found):
        return found[int(key) - 1]
    for n in found:
        if n.id == key:
            return n
    starts = [n for n in found if n.id.casefold().startswith(key.casefold())] if key else []
    if len(starts) == 1:
        return starts[0]
    known = ", ".join(f"{i}={n.id}" for i, n in enumerate(found, 1))
    why = "matches several" if starts else "is not one of them"
    raise UsageError(f"nudge {key!r} {why}; give a number or an id: {known}")


def cmd_snooze(ctx: Context, args: argparse.Namespace) -> int:
    reason = args.reason.strip()
    if not reason:
        raise UsageError('say why it can wait: --reason "the vendor calls back at 15:00"')
    until = times.future(ctx, args, "until")
    assert until is not None  # required
    loaded = common.load(ctx, args.incident)
    now = ctx.clock.now()
    t = _thresholds(ctx)
    nudge = find(nudges.current(loaded.state, now, t), args.nudge, loaded.label)
    limit = nudges.snooze_limit(nudge.id, now, t)
    if until > limit:
        raise UsageError(
            f"--until {args.until}: a nudge is never silenced for good; snooze it until "
            f"{clock_time(limit, ctx.tz)} at the latest ([nudges] max_snooze_minutes)"
        )
    data = {"kind": "nudge_snoozed", "nudge": nudge.id, "until": until.isoformat(),
            "reason": reason, "what": nudge_words.from_id(nudge.id, loaded.state)}  # fmt: skip
    if nudge.rule == "downgrade":  # the decision, either way, is on the record
        common.save_all(ctx, loaded, args, [_keep_decision(loaded.state, reason), data])
    else:
        common.save(ctx, loaded, args, data)
    say(f"cockpit: {nudge.id} snoozed until {_when(until, now, ctx)}", err=True)
    return 0


def _keep_decision(state, reason: str) -> dict:
    severity = state.severity.value if state.severity else "the severity"
    return {"kind": "decision", "text": f"Keep {severity} through the night: {reason}"}


def _when(until: datetime, now: datetime, ctx: Context) -> str:
    day = until.astimezone(ctx.tz).date() != now.astimezone(ctx.tz).date()
    return f"{until.astimezone(ctx.tz):%Y-%m-%d} {clock_time(until, ctx.tz)}" if day else (
        clock_time(until, ctx.tz))  # fmt: skip
