"""Commands that add to the record: `note`, `page` (and its answer), `joined`, `settle`, `edit`,
`redact` (`update`: update_cmds.py).

`settle` was called `resolve` before the incident's lifecycle had its own words: resolving an
incident is a move of its phase (`cockpit phase INC-3 resolved`). `resolve` still settles a
hypothesis, and says where the command went.

Each prints the new entry's short id alone on standard output, so scripts can refer to it.
"""

from __future__ import annotations

import argparse
import sys
from datetime import tzinfo

from cockpit.cli import common, times
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.output import say
from cockpit.core.ids import short
from cockpit.core.kinds import CHANGE_KINDS, ENTRY_KINDS, OPEN_KINDS
from cockpit.core.timeline import REDACTED, Timeline
from cockpit.core.vocabulary import Resolution

EDITABLE = (*ENTRY_KINDS, "status_update")


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "note",
        help="add a note, decision, evidence, action, hypothesis or question",
        description="TEXT `-` (or none, when piped) reads standard input, kept verbatim: "
        "`kubectl logs ... | cockpit note INC-3 --kind evidence`. Input that is not UTF-8 text "
        "(binary, another encoding) is kept byte for byte as base64, under a first line that "
        "says so: `base64 -d` gives the bytes back.",
    )
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("text", metavar="TEXT", nargs="?", help="the text; `-` reads standard input")
    p.add_argument("--kind", default="note", help="|".join(ENTRY_KINDS) + " (default: note)")
    times.add_when(p, "when it happened: 14:02, -5m or ISO (backdate)")
    p.add_argument("--link", default="", help="a link to the evidence (graph, log search...)")
    common.add_author(p)
    p.set_defaults(func=note)

    for name, help_text in (("page", "record that someone was paged, or (--acknowledged) "
                                      "that they answered"),
                            ("joined", "record that someone joined")):  # fmt: skip
        p = subs.add_parser(name, help=help_text)
        p.add_argument("incident", metavar="INC-n")
        p.add_argument("person", metavar="PERSON")
        if name == "page":
            p.add_argument("--via", default="", help="how: pager, phone, chat...")
            p.add_argument("--acknowledged", action="store_true",
                           help="they answered the page (their earliest unanswered one before "
                           "--at); time to acknowledge counts from the first page to the first "
                           "answer")  # fmt: skip
        times.add_when(p, "when: 14:02, -5m or ISO")
        common.add_author(p)
        p.set_defaults(func=page if name == "page" else joined)

    p = subs.add_parser("edit", help="correct an entry's text (the original stays in the log)")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("id", metavar="ID", help="the entry's id (short or full)")
    p.add_argument("text", metavar="TEXT", nargs="?", help="the new text; `-` reads stdin")
    common.add_author(p)
    p.set_defaults(func=edit)

    p = subs.add_parser("settle", help="settle a hypothesis or an open question (confirmed, "
                        "ruled out, answered)")  # fmt: skip
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("id", metavar="ID", help="the hypothesis's or question's id")
    p.add_argument("resolution", metavar="HOW", help="confirmed, ruled_out or answered")
    p.add_argument("text", metavar="TEXT", nargs="?", default="", help="what settled it")
    common.add_author(p)
    p.set_defaults(func=settle)

    p = subs.add_parser("resolve", help="moved: `settle` settles a hypothesis; `phase INC-n "
                        "resolved` resolves the incident")  # fmt: skip
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("words", nargs="*", metavar="ID HOW [TEXT]", help="as `settle` takes them")
    common.add_author(p)
    p.set_defaults(func=resolve)

    p = subs.add_parser("redact", help="hide an entry's text everywhere (a secret pasted, say)")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("id", metavar="ID", help="the entry's id (short or full)")
    p.add_argument("--reason", default="", help="why (shown in place of the text)")
    common.add_author(p)
    p.set_defaults(func=redact)


def note(ctx: Context, args: argparse.Namespace) -> int:
    kind = args.kind.strip().lower()
    if kind not in ENTRY_KINDS:
        raise UsageError(f"unknown kind {args.kind!r}; use one of: {', '.join(ENTRY_KINDS)}")
    at = times.when(ctx, args)
    text = common.read_text(ctx, args.text, kind)
    data = {"kind": kind, "text": text, "link": args.link.strip()}
    common.body(data)  # refuse bad input before opening the file
    loaded = common.load(ctx, args.incident, fold=False)
    common.save(ctx, loaded, args, data, at=at)
    return 0


def _person(ctx: Context, args: argparse.Namespace, kind: str, **extra: str) -> int:
    person = args.person.strip()
    if not person:
        raise UsageError("the person's name is empty; say who")
    at = times.when(ctx, args)
    data = {"kind": kind, "person": person, **extra}
    common.body(data)
    loaded = common.load(ctx, args.incident, fold=False)
    common.save(ctx, loaded, args, data, at=at)
    return 0


def page(ctx: Context, args: argparse.Namespace) -> int:
    if not args.acknowledged:
        return _person(ctx, args, "person_paged", via=args.via.strip())
    person = args.person.strip()
    if not person:
        raise UsageError("the person's name is empty; say who answered")
    at = times.when(ctx, args)
    data = {"kind": "page_acknowledged", "person": person, "via": args.via.strip()}
    common.body(data)
    loaded = common.load(ctx, args.incident)
    from cockpit.core.shape_order import ack_problem  # `cockpit note` need not load it

    when = at.at if at else ctx.clock.now()
    problem = ack_problem(loaded.state.pages, person, when, ctx.tz)
    if problem is not None:
        raise UsageError(problem)
    answered = loaded.state.pages.unanswered_page(person, when)
    if answered is None:
        say(
            f"cockpit: no unanswered page of {person} in {loaded.label}; the answer is recorded "
            f"alone (`cockpit page {loaded.label} PERSON --at WHEN` records the page)",
            err=True,
        )
    else:
        data["page"] = answered.id
    common.save(ctx, loaded, args, data, at=at)
    return 0


def joined(ctx: Context, args: argparse.Namespace) -> int:
    return _person(ctx, args, "person_joined")


def _row(loaded: common.Loaded, ident: str, tz: tzinfo):
    target = common.find_event(loaded, ident)
    if target.kind in CHANGE_KINDS:
        raise UsageError(
            f"{short(target.id)} is an {target.kind.replace('_', ' ')}, not an entry; "
            "give the id of the entry itself"
        )
    timeline = Timeline(tz)
    timeline.apply_all(loaded.events)
    return timeline.by_id[target.id]


def edit(ctx: Context, args: argparse.Namespace) -> int:
    text = common.read_text(ctx, args.text, "edit")
    loaded = common.load(ctx, args.incident)
    row = _row(loaded, args.id, ctx.tz)
    if row.kind not in EDITABLE:
        raise UsageError(
            f"{short(row.id)} is a {row.kind.replace('_', ' ')}; only notes and status updates "
            "are edited; record the change with its own command (severity, phase, role...)"
        )
    if row.redacted:
        raise Failure(f"{short(row.id)} was redacted; add a new note instead")
    common.save(ctx, loaded, args, {"kind": "entry_edited", "target": row.id, "text": text})
    return 0


def resolve(ctx: Context, args: argparse.Namespace) -> int:
    """The old name of `settle`: settles, and says where the command went; alone, says how
    to resolve the incident instead."""
    label = args.incident.strip()
    if len(args.words) not in (2, 3):
        raise UsageError(f"`resolve` is now `settle` (for a hypothesis or question: `cockpit "
                         f"settle {label} ID HOW`); to resolve the incident: `cockpit phase "
                         f"{label} resolved`")  # fmt: skip
    args.id, args.resolution = args.words[:2]
    args.text = args.words[2] if len(args.words) == 3 else ""
    code = settle(ctx, args)
    say(
        f"cockpit: `resolve` is now `settle` (resolving the incident is `cockpit phase {label} "
        "resolved`)",
        err=True,
    )
    return code


def settle(ctx: Context, args: argparse.Namespace) -> int:
    how = args.resolution.strip().lower().replace("-", "_").replace(" ", "_")
    choices = [r.value for r in Resolution]
    if how not in choices:
        raise UsageError(
            f"unknown resolution {args.resolution!r}; use one of: {', '.join(choices)}"
        )
    loaded = common.load(ctx, args.incident)
    target = common.find_event(loaded, args.id, OPEN_KINDS, "hypothesis or question")
    data = {"kind": "entry_resolved", "target": target.id, "resolution": how,
            "text": args.text.strip()}  # fmt: skip
    common.save(ctx, loaded, args, data)
    return 0


def redact(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident)
    row = _row(loaded, args.id, ctx.tz)
    if row.redacted:
        print(f"cockpit: {short(row.id)} was already redacted", file=sys.stderr)
        return 0
    data = {"kind": "entry_redacted", "target": row.id, "reason": args.reason.strip()}
    titled = loaded.state.title != REDACTED
    common.save(ctx, loaded, args, data)
    if titled and loaded.state.title == REDACTED:  # the declaration's, or a title change
        print(f"cockpit: the title was redacted: {loaded.label} has none now; "
              f"`cockpit intake {loaded.label} --title TEXT` sets a new one", file=sys.stderr)  # fmt: skip
    return 0
