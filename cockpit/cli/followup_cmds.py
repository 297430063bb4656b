"""Follow-ups from the command line: `followup INC-n add|done|drop|reopen|list` for one
incident, `followups` across every incident in the file (open ones first, the overdue ones
at the top).

A follow-up has one owner, a due date (`--due 2026-12-01`, `14d`, `in 2w`: a future time, as
every `--due`) and a kind of measure (prevent, detect, mitigate, process); closing one says
what was done, or why it was dropped (`--note`).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Any

from cockpit.cli import common
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.output import json_text, say, stamp
from cockpit.core import events as ev
from cockpit.core import followups as fu
from cockpit.core.followups import FOLLOWUP_KIND_HELP, Followup, FollowupKind, FollowupStatus
from cockpit.core.ids import short
from cockpit.core.state import IncidentState
from cockpit.core.timefmt import days_word
from cockpit.core.timeline import REDACTED
from cockpit.core.timeparse import BadTime, OutOfBounds
from cockpit.store.store import IncidentRef, Store

KINDS_HELP = "; ".join(f"{k.value}: {FOLLOWUP_KIND_HELP[k]}" for k in FollowupKind)
CLOSING = {"done": FollowupStatus.DONE, "drop": FollowupStatus.DROPPED,
           "reopen": FollowupStatus.OPEN}  # fmt: skip
# What `followups` reads of each incident: its title, its follow-ups, and the redactions.
LIST_KINDS = ("incident_declared", "field_set", "followup_added", "followup_set", "entry_redacted")


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser("followup", help="add a follow-up (an action item) or close one",
                        description=f"Kinds: {KINDS_HELP}.")  # fmt: skip
    p.add_argument("incident", metavar="INC-n")
    acts = p.add_subparsers(dest="action", metavar="add|done|drop|reopen|list", required=True)
    a = acts.add_parser("add", help="add one: what, one owner, a due date, its kind")
    a.add_argument("text", metavar="TEXT", nargs="?", help="what to do; `-` reads stdin")
    a.add_argument("--owner", required=True, metavar="NAME", help="the one person who owns it")
    a.add_argument("--due", required=True, metavar="DATE",
                   help="by when: 2026-12-01 (by the end of that day), 14d, in 2w, or ISO")  # fmt: skip
    a.add_argument("--kind", required=True, metavar="KIND",
                   help="prevent, detect, mitigate or process")  # fmt: skip
    a.add_argument("--force", action="store_true",
                   help="keep a due date more than ten years ahead")  # fmt: skip
    common.add_author(a)
    a.set_defaults(func=add)
    for name, help_text in (("done", "it is done: --note says what was done"),
                            ("drop", "it will not be done: --note says why"),
                            ("reopen", "open it again")):  # fmt: skip
        c = acts.add_parser(name, help=help_text)
        c.add_argument("id", metavar="ID", help="the follow-up's id (short or full)")
        c.add_argument("--note", default="", required=name != "reopen", metavar="TEXT")
        common.add_author(c)
        c.set_defaults(func=close)
    li = acts.add_parser("list", help="this incident's follow-ups")
    _list_flags(li)
    li.set_defaults(func=list_one)

    p = subs.add_parser("followups", help="follow-ups across every incident, overdue first")
    _list_flags(p)
    p.set_defaults(func=list_all)


def _list_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--open", action="store_true", help="only the open ones")
    p.add_argument("--owner", metavar="NAME", help="only this person's")
    p.add_argument("--json", action="store_true", help="a JSON array")


def add(ctx: Context, args: argparse.Namespace) -> int:
    kind = common.word(fu.parse_followup_kind, args.kind)
    owner = args.owner.strip()
    if not owner:
        raise UsageError("--owner is empty; a follow-up has one named owner")
    common.check_utf8(owner, "--owner")
    limit = common.max_length(fu.FollowupAdded, "owner")
    if len(owner) > limit:
        raise UsageError(common.too_long("--owner", len(owner), limit))
    try:
        due = fu.parse_due(args.due, ctx.clock.now(), ctx.tz, force=args.force)
    except OutOfBounds as exc:
        raise UsageError(f"--due: {exc}; pass --force if it is right") from None
    except BadTime as exc:
        raise UsageError(f"--due: {exc}") from None
    text = common.read_text(ctx, args.text, "follow-up")
    data = {"kind": "followup_added", "text": text.strip(), "owner": owner,
            "category": kind.value, "due": due.isoformat()}  # fmt: skip
    common.body(data)
    loaded = common.load(ctx, args.incident, fold=False)
    common.save(ctx, loaded, args, data)
    return 0


def close(ctx: Context, args: argparse.Namespace) -> int:
    status = CLOSING[args.action]
    loaded = common.load(ctx, args.incident)
    target = common.find_event(loaded, args.id, ("followup_added",), "follow-up")
    current = fu.followup(loaded.state, target.id)
    if current is not None and current.status is status:
        word = "open" if status is FollowupStatus.OPEN else status.value
        raise Failure(f"follow-up {short(target.id)} is already {word}")
    try:
        data = fu.status_body(target.id, status, args.note)
    except ValueError as exc:
        raise UsageError(f"{exc} (--note)") from None
    common.body(data)
    common.save(ctx, loaded, args, data)
    return 0


# ---- listing ------------------------------------------------------------------------------


class Listed:
    """One follow-up with its incident, as the lists show it (redacted text never)."""

    def __init__(self, ref: IncidentRef, title: str, f: Followup, redacted: set[str]) -> None:
        self.ref, self.title, self.f = ref, title, f
        self.text = REDACTED if f.id in redacted else f.text
        self.note = REDACTED if f.status_id in redacted else f.note


def gather(store: Store, refs: Iterable[IncidentRef]) -> list[Listed]:
    """The follow-ups of these incidents (one read of the kinds they need)."""
    wanted = {r.id: r for r in refs}
    states: dict[str, IncidentState] = {}
    redacted: set[str] = set()
    for e in store.events_of_kinds(LIST_KINDS):
        if e.incident not in wanted:
            continue
        if isinstance(e.body, ev.EntryRedacted):
            redacted.add(e.body.target)
        else:
            states.setdefault(e.incident, IncidentState(e.incident)).apply(e)
    out: list[Listed] = []
    for incident, state in states.items():
        title = state.title
        if state.declared is not None and state.declared.id in redacted:
            title = REDACTED
        out.extend(Listed(wanted[incident], title, f, redacted) for f in fu.followups(state))
    return out


def _pick(items: list[Listed], args: argparse.Namespace, now: datetime) -> list[Listed]:
    owner = (args.owner or "").strip().casefold()
    kept = [i for i in items if (not args.open or i.f.open)
            and (not owner or i.f.owner.casefold() == owner)]  # fmt: skip
    order = {id(f): n for n, f in enumerate(fu.by_urgency([i.f for i in kept], now))}
    return sorted(kept, key=lambda i: (order[id(i.f)], i.ref.number))


def _due(f: Followup, now: datetime, tz: tzinfo) -> str:
    if f.due is None:
        return "no due date"
    day = f.due.astimezone(tz).date()
    return f"due {day.isoformat()} ({days_word(day, now.astimezone(tz).date())})"


def _status(f: Followup, now: datetime) -> str:
    if f.overdue(now):
        return "OVERDUE"
    return f.status.value


def lines(items: list[Listed], now: datetime, tz: tzinfo) -> list[str]:
    width = max((len(i.ref.label) for i in items), default=5)
    out = []
    for i in items:
        f = i.f
        note = f" — {f.status.value}: {i.note}" if i.note and not f.open else ""
        out.append(f"{i.ref.label:<{width}}  {short(f.id)}  {_status(f, now):<7}  "
                   f"{_due(f, now, tz):<32}  {f.category.value:<8}  {f.owner}: {i.text}{note}")  # fmt: skip
    return out


def as_json(i: Listed, now: datetime) -> dict[str, Any]:
    f = i.f
    return {
        "incident": i.ref.label,
        "incident_id": i.ref.id,
        "incident_title": i.title,
        "id": f.id,
        "short": short(f.id),
        "text": i.text,
        "owner": f.owner,
        "kind": f.category.value,
        "due": stamp(f.due) if f.due else None,
        "status": f.status.value,
        "overdue": f.overdue(now),
        "note": i.note,
        "added_at": stamp(f.added_at),
        "added_by": f.added_by,
        "status_at": stamp(f.status_at) if f.status_at else None,
        "status_by": f.status_by or None,
    }


def _show(ctx: Context, items: list[Listed], args: argparse.Namespace, where: str) -> int:
    now = ctx.clock.now()
    picked = _pick(items, args, now)
    if args.json:
        print(json_text([as_json(i, now) for i in picked], indent=2))
        return 0
    if not picked:
        which = "open follow-ups" if args.open else "follow-ups"
        whose = f" for {args.owner.strip()}" if args.owner else ""
        say(f"no {which}{whose}{where}; `cockpit followup INC-n add TEXT --owner NAME --due DATE "
            "--kind KIND` adds one")  # fmt: skip
        return 0
    for line in lines(picked, now, ctx.tz):
        say(line)
    return 0


def list_one(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident, fold=False)
    return _show(ctx, gather(loaded.store, [loaded.ref]), args, f" in {loaded.label}")


def list_all(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store()
    return _show(ctx, gather(store, store.incidents()), args, "")
