"""Commands for the work in flight: `mitigation start|outcome`, `task add|ack|done|drop`, `check`.

One mitigating action at a time: `mitigation start` refuses while another has no outcome,
unless --override says why. Tasks go to a named person and count once acknowledged.
"""

from __future__ import annotations

import argparse

from cockpit.cli import common, times
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.output import clock_time
from cockpit.core import checklists, rules
from cockpit.core.checklists import Checklist
from cockpit.core.ids import short
from cockpit.core.vocabulary import Outcome, parse_outcome

OUTCOMES = "|".join(o.value for o in Outcome)
TASK_STATUS = {"ack": "acknowledged", "done": "done", "drop": "dropped"}


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser("mitigation", help="start a mitigating action, or record its outcome")
    p.add_argument("incident", metavar="INC-n")
    acts = p.add_subparsers(dest="action", metavar="start|outcome", required=True)
    s = acts.add_parser("start", help="start one (refused while another has no outcome)")
    s.add_argument("what", metavar="WHAT", help="what is being done")
    s.add_argument("--by", help="who runs it (default: the author)")
    s.add_argument("--override", metavar="REASON", default="",
                   help="start although another mitigation has no outcome, and say why")  # fmt: skip
    times.add_when(s, "when: 14:02, -5m or ISO")
    common.add_author(s)
    s.set_defaults(func=mitigation_start)
    o = acts.add_parser("outcome", help=f"record how it went: {OUTCOMES}")
    o.add_argument("words", nargs="+", metavar="[ID] OUTCOME",
                   help=f"the mitigation's id (default: the one in flight) and {OUTCOMES}")  # fmt: skip
    o.add_argument("--note", default="")
    times.add_when(o, "when: 14:02, -5m or ISO")
    common.add_author(o)
    o.set_defaults(func=mitigation_outcome)

    p = subs.add_parser("task", help="delegate a task to a named person, and track it")
    p.add_argument("incident", metavar="INC-n")
    acts = p.add_subparsers(dest="action", metavar="add|ack|done|drop", required=True)
    a = acts.add_parser("add", help="delegate: to a named person, with a time limit")
    a.add_argument("text", metavar="TEXT")
    a.add_argument("--to", required=True, metavar="PERSON", help="who does it")
    times.add_due(a, "15m, 1h or 14:30")
    a.add_argument("--report", metavar="WHEN", help="when they report back: 25m, 14:30; a status "
                   "change or a note naming them (@name) resets the clock")  # fmt: skip
    common.add_author(a)
    a.set_defaults(func=task_add)
    for name, help_text in (("ack", "the owner acknowledged it"), ("done", "it is done"),
                            ("drop", "it is no longer needed")):  # fmt: skip
        t = acts.add_parser(name, help=help_text)
        t.add_argument("id", metavar="ID", help="the task's id (short or full)")
        t.add_argument("--note", default="")
        common.add_author(t)
        t.set_defaults(func=task_status)

    p = subs.add_parser("check", help="tick (or --uncheck) a checklist item")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("checklist", metavar="CHECKLIST",
                   help=", ".join(c.name for c in checklists.BUILT_IN) + ", one of yours "
                        "(a TOML file in the checklists folder), or its number")  # fmt: skip
    p.add_argument("item", nargs="+", metavar="ITEM", help="the item's number, name or start")
    p.add_argument("--uncheck", action="store_true", help="untick it")
    common.add_author(p)
    p.set_defaults(func=check)


def mitigation_start(ctx: Context, args: argparse.Namespace) -> int:
    what = args.what.strip()
    if not what:
        raise UsageError("say what the mitigation is")
    at = times.when(ctx, args)
    loaded = common.load(ctx, args.incident)
    blocking = rules.blocking_mitigation(loaded.state)
    override = args.override.strip()
    if blocking is not None and not override:
        raise Failure(
            f"mitigation {short(blocking.id)} ({blocking.what!r} by {blocking.by}, since "
            f"{clock_time(blocking.started_at, ctx.tz)}) has no outcome yet: one at a time; "
            f"record it with `cockpit mitigation {loaded.label} outcome {OUTCOMES}`, "
            "or start anyway with --override REASON"
        )
    by = (args.by or "").strip() or common.author_of(ctx, args)
    data = {"kind": "mitigation_started", "what": what, "by": by, "override": override}
    common.save(ctx, loaded, args, data, at=at)
    return 0


def mitigation_outcome(ctx: Context, args: argparse.Namespace) -> int:
    if len(args.words) > 2:
        raise UsageError(f"give at most an id and an outcome ({OUTCOMES}); quote the --note")
    outcome = common.word(parse_outcome, args.words[-1])
    at = times.when(ctx, args)
    loaded = common.load(ctx, args.incident)
    if len(args.words) == 2:
        target = common.find_event(loaded, args.words[0], ("mitigation_started",), "mitigation")
        target_id = target.id
    else:
        flying = loaded.state.mitigations_in_flight()
        if not flying:
            raise Failure(
                f"no mitigation in flight in {loaded.label}; give the id of the one you mean "
                f"(`cockpit timeline {loaded.label}` shows them)"
            )
        if len(flying) > 1:
            ids = ", ".join(f"{short(m.id)} ({m.what})" for m in flying)
            raise UsageError(f"several mitigations in flight: {ids}; give the id first")
        target_id = flying[0].id
    data = {"kind": "mitigation_outcome", "mitigation": target_id, "outcome": outcome.value,
            "note": args.note.strip()}  # fmt: skip
    common.save(ctx, loaded, args, data, at=at)
    return 0


def task_add(ctx: Context, args: argparse.Namespace) -> int:
    owner = args.to.strip()
    if not owner:
        raise UsageError("--to is empty; delegate to a named person, never 'someone'")
    when_due = times.due(ctx, args)
    report = times.future(ctx, args, "report")
    data = {"kind": "task_delegated", "task": args.text, "owner": owner,
            "due": when_due.isoformat() if when_due else None}  # fmt: skip
    if report is not None:
        data["report_back"] = report.isoformat()
    common.body(data)
    loaded = common.load(ctx, args.incident, fold=False)
    common.save(ctx, loaded, args, data)
    return 0


def task_status(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident)
    target = common.find_event(loaded, args.id, ("task_delegated",), "task")
    data = {"kind": "task_status", "target": target.id, "status": TASK_STATUS[args.action],
            "note": args.note.strip()}  # fmt: skip
    common.save(ctx, loaded, args, data)
    return 0


def _pick(text: str, names: list[tuple[str, ...]], what: str, known: str) -> int:
    """The index of the one entry matched by number (1-based), name, or the start of a name."""
    key = " ".join(text.split()).lower()
    if key.isdigit() and 1 <= int(key) <= len(names):
        return int(key) - 1
    exact = [i for i, ns in enumerate(names) if any(n.lower() == key for n in ns)]
    if len(exact) == 1:
        return exact[0]
    starts = [i for i, ns in enumerate(names) if key and any(n.lower().startswith(key) for n in ns)]
    if len(starts) == 1:
        return starts[0]
    why = "matches several" if starts else "matches none"
    raise UsageError(f"{what} {text!r} {why}; use a number or a name: {known}")


def find_checklist(text: str) -> Checklist:
    from cockpit.files import checklists as checklist_files
    from cockpit.settings import user_checklists_dir

    lists = checklists.every(checklist_files.load(user_checklists_dir()).checklists)
    known = ", ".join(f"{i}={c.name}" for i, c in enumerate(lists, 1))
    return lists[_pick(text, [(c.name, c.title) for c in lists], "checklist", known)]


def find_item(checklist: Checklist, text: str) -> str:
    known = "; ".join(f"{i}={item}" for i, item in enumerate(checklist.items, 1))
    items = checklist.items
    return items[_pick(text, [(item,) for item in items], f"{checklist.name} item", known)]


def check(ctx: Context, args: argparse.Namespace) -> int:
    checklist = find_checklist(args.checklist)
    item = find_item(checklist, " ".join(args.item))
    loaded = common.load(ctx, args.incident)
    data = {"kind": "checklist_item", "checklist": checklist.name, "item": item,
            "checked": not args.uncheck}  # fmt: skip
    common.save(ctx, loaded, args, data)
    return 0
