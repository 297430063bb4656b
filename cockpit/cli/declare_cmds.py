"""`cockpit declare`, `list` and `show`: starting an incident and reading where it stands."""

from __future__ import annotations

import argparse

from cockpit.cli import common, pace_lines, restrict_cmds, times
from cockpit.cli.context import Context
from cockpit.cli.link_cmds import row_json, row_text
from cockpit.cli.output import json_text, say
from cockpit.cli.service_cmds import facts_lines, load_catalog, neighbourhood
from cockpit.cli.state_cmds import INTAKE_FLAGS
from cockpit.cli.summary import show_json, show_lines
from cockpit.core import restriction
from cockpit.core.compose import new_event
from cockpit.core.ids import uuid7
from cockpit.core.kinds import SUMMARY_KINDS
from cockpit.core.neighbours import Neighbourhood
from cockpit.core.ownership import facts, facts_json
from cockpit.core.rules import CLOSED_PHASES
from cockpit.core.state import IncidentState
from cockpit.core.timeline import Timeline


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "declare",
        help="declare an incident; prints its number (INC-n)",
        description="Declare early, on suspicion. Prints the new INC-n alone on standard output.",
    )
    p.add_argument("title", metavar="TITLE", help="what is wrong, in a few words")
    for name, text in INTAKE_FLAGS:
        p.add_argument(f"--{name}", default="", help=text)
    p.add_argument("--severity", help="SEV1..SEV4 (pick the higher one when unsure), or your "
                   "word for one ([aliases.severity] in the config)")  # fmt: skip
    times.add_when(p, "when it was declared, to record a declaration after the fact: 14:02, "
                   "-5m or ISO (T+ and the update countdown count from it)")  # fmt: skip
    p.add_argument("--ic", metavar="NAME", help="the Incident Commander (default: none yet)")
    p.add_argument(
        "--announce",
        action="store_true",
        help="post the announcement (what, severity, IC, call, channel) to the "
        "destinations --to names, else to [announce] to and those --notify names",
    )
    p.add_argument(
        "--to",
        nargs="+",
        metavar="DEST",
        default=[],
        help="with --announce: where it goes (destination names from the config)",
    )
    restrict_cmds.add_declare_flag(p)
    common.add_author(p)
    p.set_defaults(func=declare)

    p = subs.add_parser("list", help="the incidents in the file")
    p.add_argument("--open", action="store_true", help="only the ones not resolved or closed")
    p.add_argument("--json", action="store_true", help="a JSON array, for scripts")
    p.set_defaults(func=list_incidents)

    p = subs.add_parser("show", help="where an incident stands: severity, roles, mitigation...")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    p.set_defaults(func=show)


def declare(ctx: Context, args: argparse.Namespace) -> int:
    title = args.title.strip()
    if not title:
        raise common.UsageError("the title is empty; say what is wrong in a few words")
    data: dict = {"kind": "incident_declared", "title": title}
    for name, _ in INTAKE_FLAGS:
        data[name] = getattr(args, name).strip()
    if args.severity:
        sev, alias = common.severity_word(ctx, args.severity)
        data["severity"], data["alias"] = sev.value, alias
    if args.to and not args.announce:
        raise common.UsageError("--to goes with --announce (where the announcement goes)")
    if data.get("service"):  # the catalog's spelling, or a word that it does not know it
        from cockpit.cli.service_cmds import check_name

        data["service"] = check_name(ctx, data["service"])
    at = times.when(ctx, args)
    b = common.body(data)
    author = common.author_of(ctx, args)
    named = (restrict_cmds.checked(ctx, args, args.restricted, flag="--restricted")
             if args.restricted is not None else ())  # fmt: skip
    now = ctx.clock.now()
    at_, offset = (at.at, at.offset) if at else (None, None)  # a declaration after the fact
    event = new_event(uuid7(now), author, b, ctx.clock, at=at_, at_offset=offset)
    then = []
    if args.ic is not None:  # IC from the declaration on
        ic = common.body({"kind": "role_assigned", "role": "ic", "person": args.ic.strip()})
        then.append(new_event(event.incident, author, ic, ctx.clock, at=at_, at_offset=offset))
    if named:  # restricted from the first push on (the join sends it in its PUT too)
        rb = common.body({"kind": "incident_restricted", "to": list(named)})
        then.append(new_event(event.incident, author, rb, ctx.clock, at=at_, at_offset=offset))
    to: list[str] = []
    if args.announce:
        from cockpit.cli import update_cmds  # only when announcing

        to = update_cmds.announce_to(ctx, args.to, data["notify"])
    ref, _ = ctx.store(create=True).declare(event, *then)
    print(ref.label)
    times.say_where(ctx, at)
    if args.announce:
        update_cmds.announce(ctx, args, ref.label, to)
    return 0


def list_incidents(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.store()
    states: dict[str, IncidentState] = {}
    # What `list` shows (title, severity, phase): no notes, fast even with 100,000 of them.
    for e in store.events_of_kinds(SUMMARY_KINDS):
        states.setdefault(e.incident, IncidentState(e.incident)).apply(e)
    rows = []
    for ref in store.incidents():
        state = states.get(ref.id) or IncidentState(ref.id)
        closed = state.phase in CLOSED_PHASES
        if args.open and closed:
            continue
        rows.append((ref, state, closed))
    if args.json:
        print(json_text([_list_json(ref, s, closed) for ref, s, closed in rows], indent=2))
        return 0
    if not rows:
        print("no incidents" + (" open" if args.open else " yet") + "; `cockpit declare TITLE` "
              "starts one")  # fmt: skip
        return 0
    width = max(len(ref.label) for ref, _, _ in rows)
    for ref, state, closed in rows:
        sev = state.severity.value if state.severity else "SEV?"
        status = "closed" if closed else "open"
        say(f"{ref.label:<{width}}  {status:<6}  {sev}  {state.phase.value:<13}  {state.title}")
    return 0


def _list_json(ref, state: IncidentState, closed: bool) -> dict:
    return {
        "label": ref.label,
        "id": ref.id,
        "open": not closed,
        "severity": state.severity.value if state.severity else None,
        "phase": state.phase.value,
        "title": state.title,
    }


def show(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident)
    timeline = Timeline(ctx.tz)
    timeline.apply_all(loaded.events)
    cadences = ctx.settings.cadences
    now = ctx.clock.now()
    own = _own_checklists()
    others = neighbourhood(ctx, loaded.ref.id) or Neighbourhood()
    links = others.rows(loaded.state)
    name = loaded.state.field("service").strip()
    catalog = load_catalog(ctx) if name else None
    service = facts(catalog, name, others, loaded.ref.id, own) if catalog else None
    pace = ctx.settings.nudges.thresholds(ctx.tz)
    if args.json:
        data = show_json(loaded.label, loaded.state, now, cadences, len(timeline), own, timeline)
        data |= pace_lines.show_json_sections(loaded.state, now, pace)
        data["service_catalog"] = facts_json(service) if service is not None else None
        data["links"] = [row_json(r) for r in links]
        data["restricted_to"] = list(restriction.restricted_to(loaded.state) or ()) or None
        print(json_text(data, indent=2))
        return 0
    recorded = {e.id: (e.author, e.recorded_by) for e in loaded.events if e.recorded_by}
    lines = show_lines(loaded.label, loaded.state, now, ctx.tz, cadences, len(timeline),
                       recorded, own)  # fmt: skip
    named = restriction.restricted_to(loaded.state)
    if named:  # a word beside the title, and who may see it
        lines[0:1] = [f"{loaded.label}  RESTRICTED  {loaded.state.title}",
                      f"  {'Only:':<10}{', '.join(named)} (and the server's admins) may see it"]  # fmt: skip
    # The service's owner and on-call, and the linked incidents, before the entries' count.
    extra = []
    if service is not None:
        extra += ["Service (from the catalog)", *facts_lines(service, indent="  ")]
    if links:
        extra += ["Links", *("  " + row_text(r) for r in links)]
    extra += pace_lines.show_sections(loaded.state, now, ctx.tz, pace, loaded.label, cadences)
    for line in [*lines[:-1], *extra, *lines[-1:]]:
        say(line)
    return 0


def _own_checklists() -> tuple:
    """The user's checklist files (a file that cannot be used says why, on stderr)."""
    from cockpit.files import checklists as checklist_files
    from cockpit.settings import user_checklists_dir

    loaded = checklist_files.load(user_checklists_dir())
    for notice in loaded.notices:
        say(f"cockpit: {notice}", err=True)
    return loaded.checklists
