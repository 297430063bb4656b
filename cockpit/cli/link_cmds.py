"""`cockpit link`: incidents linked to each other (caused by, duplicate of, part of, related),
and the list of an incident's links with where each linked incident stands now.

`cockpit link CHILD part-of PARENT` makes CHILD a workstream of PARENT: the parent's screen
and `cockpit link PARENT` list each child's severity, phase, lead and current mitigation.
The other incident is named by INC-n (this file's number) or by its id, the server-wide one:
an incident that is not in this file (another server, another team's token) is linked by
its id and shown as not visible here, never refused.
"""

from __future__ import annotations

import argparse
import re

from cockpit.cli import common
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.output import json_text, say
from cockpit.cli.service_cmds import neighbourhood
from cockpit.core.links import Relation, parse_relation, standing
from cockpit.core.neighbours import Linked, Neighbourhood
from cockpit.core.ownership import where_json
from cockpit.store.errors import UnknownIncident

_LOCAL = re.compile(r"^(?:inc-?)?\d+$", re.IGNORECASE)
_ID = re.compile(r"^[\w.:-]{8,64}$")
RELATIONS = ", ".join(r.value.replace("_", "-") for r in Relation)


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "link",
        help="link an incident to another (caused-by, duplicate-of, part-of, related), or "
        "list its links",
        description="`cockpit link INC-5 part-of INC-2` makes INC-5 a child workstream of "
        "INC-2; `cockpit link INC-2` lists INC-2's links and children with their severity, "
        "phase, lead and current mitigation. The other incident: INC-n of this file, or its "
        "id (from another server or team: linked by id, shown as not visible here).",
    )
    p.add_argument("incident", metavar="INC-n", help="the incident the link is about")
    p.add_argument("relation", metavar="RELATION", nargs="?", help=RELATIONS)
    p.add_argument("other", metavar="OTHER", nargs="?", help="INC-n of this file, or an id")
    p.add_argument("--remove", action="store_true", help="unlink (the link stays in history)")
    p.add_argument("--json", action="store_true", help="the list as JSON, for scripts")
    common.add_author(p)
    p.set_defaults(func=link)


def link(ctx: Context, args: argparse.Namespace) -> int:
    if args.relation is None:
        return _list(ctx, args)
    if args.other is None:
        raise UsageError(f"link {args.incident} to what? `cockpit link {args.incident} "
                         f"{args.relation} INC-n` (relations: {RELATIONS})")  # fmt: skip
    relation = common.word(parse_relation, args.relation)
    loaded = common.load(ctx, args.incident)
    other_id, other_label = _other(loaded.store, args.other)
    if other_id == loaded.ref.id:
        raise UsageError(f"{loaded.label} cannot be linked to itself; name the other incident")
    others = neighbourhood(ctx, loaded.ref.id) or Neighbourhood()
    shown = other_label or f"incident {other_id}"
    now_linked = any(
        lk.target == other_id and lk.relation is relation for lk in standing(loaded.state)
    )
    if args.remove:
        if not now_linked:
            raise Failure(_nothing_to_remove(loaded.label, relation, other_id, shown, others,
                                             loaded.ref.id))  # fmt: skip
    elif now_linked:
        say(f"cockpit: {loaded.label} is already {relation.phrase} {shown}; nothing written",
            err=True)  # fmt: skip
        return 0
    where = others.where(other_id)
    data = {"kind": "incident_linked", "target": other_id, "relation": relation.value,
            "linked": not args.remove}  # fmt: skip
    if where is not None and where.title:
        data["title"] = where.title[:200]
    common.save(ctx, loaded, args, data)
    if where is None and not args.remove:
        say(f"cockpit: {shown} is not in this file: linked by its id; it shows as not visible "
            "here until this file has it (`cockpit join` it)", err=True)  # fmt: skip
    return 0


def _other(store, text: str) -> tuple[str, str]:
    """(id, INC-n) of the other incident; INC-n is "" when it is not in this file."""
    t = text.strip()
    if _LOCAL.match(t):
        ref = store.incident(t)  # an unknown INC-n: one line, exit 1 (it names the known ones)
        return ref.id, ref.label
    if not _ID.match(t):
        raise UsageError(f"{t[:80]!r} is neither INC-n nor an incident id; `cockpit list` shows "
                         "this file's incidents, `cockpit show INC-n --json` their ids")  # fmt: skip
    try:
        ref = store.incident(t)
    except UnknownIncident:
        return t, ""
    return ref.id, ref.label


def _nothing_to_remove(label: str, relation: Relation, other_id: str, shown: str,
                       others: Neighbourhood, me: str) -> str:  # fmt: skip
    st = others.states.get(other_id)
    if st is not None and any(lk.target == me and lk.relation is relation for lk in standing(st)):
        other_label = others.labels.get(other_id, shown)
        return (f"{label} is not {relation.phrase} {shown}: {other_label} is {relation.phrase} "
                f"{label}, in {other_label}'s own log; `cockpit link {other_label} "
                f"{relation.value.replace('_', '-')} {label} --remove` removes it")  # fmt: skip
    return f"{label} is not {relation.phrase} {shown}; `cockpit link {label}` lists its links"


def row_text(row: Linked) -> str:
    """One linked incident as a line: what it is to this one, and where it stands now."""
    w = row.other
    if w is None:
        titled = f"“{row.link.title}”" if row.link.title else "incident"
        return (f"{row.words:<17} {titled} ({row.other_id}): not visible here (not in this "
                "file: another server or team)")  # fmt: skip
    sev = w.severity.value if w.severity else "SEV?"
    lead = f", lead {w.lead}" if w.lead else ", no lead"
    mitigation = f" — mitigating: {w.mitigation}" if w.mitigation else ""
    return f"{row.words:<17} {w.label} {sev} {w.phase.value}{lead}: {w.title}{mitigation}"


def row_json(row: Linked) -> dict:
    return {
        "relation": row.link.relation.value,
        "direction": "outgoing" if row.outgoing else "incoming",
        "words": row.words,
        "id": row.other_id,
        "visible": row.other is not None,
        "incident": where_json(row.other) if row.other is not None else None,
        "title_when_linked": row.link.title,
        "linked_at": row.link.at.isoformat(),
        "linked_by": row.link.by,
    }


def _list(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident)
    others = neighbourhood(ctx, loaded.ref.id) or Neighbourhood()
    rows = others.rows(loaded.state)
    if args.json:
        print(json_text([row_json(r) for r in rows], indent=2))
        return 0
    say(f"{loaded.label}  {loaded.state.title}")
    if not rows:
        say(f"  no links; `cockpit link {loaded.label} part-of INC-n` makes it a workstream "
            f"of another ({RELATIONS})")  # fmt: skip
    for r in rows:
        say("  " + row_text(r))
    return 0
