"""Commands that set shared state: `severity`, `phase`, `role`, `intake`.

Each write names the values its author saw (`prev`, from the state just read), so that two
people setting the same thing without seeing each other show up as a conflict.
"""

from __future__ import annotations

import argparse
import sys

from cockpit.cli import closing_cmds, common, times
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.core.ids import short
from cockpit.core.vocabulary import INTAKE_QUESTIONS, Role, Severity, parse_phase

SEVERITY_HELP = "; ".join(f"{s.value}: {s.definition}" for s in Severity)

# The intake questions, as flags of `declare` and `intake`: (flag name, help).
INTAKE_FLAGS = tuple((name, question) for name, question, _ in INTAKE_QUESTIONS)


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser("severity", help="set the severity, with a reason",
                        description=SEVERITY_HELP)  # fmt: skip
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("severity", metavar="SEV", help="SEV1, SEV2, SEV3 or SEV4, or your word "
                   "for one ([aliases.severity] in the config)")  # fmt: skip
    p.add_argument("--reason", default="", help="why; needed (every change is recorded with one)")
    times.add_when(p, "when: 14:02, -5m or ISO")
    common.add_author(p)
    p.set_defaults(func=severity)

    p = subs.add_parser("phase", help="move the incident to another phase")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("phase", metavar="PHASE",
                   help="declared, investigating, mitigating, monitoring, resolved or closed; "
                   "resolving, closing and reopening are moves of the phase")  # fmt: skip
    p.add_argument("--reason", default="",
                   help="why; needed to resolve before the monitoring window ends")  # fmt: skip
    closing_cmds.add_phase_flags(p)
    times.add_when(p, "when: 14:02, -5m or ISO")
    common.add_author(p)
    p.set_defaults(func=phase)

    p = subs.add_parser("role", help="assign or release a role (IC, scribe, tech lead...)")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("action", choices=("assign", "release"))
    p.add_argument("role", metavar="ROLE", help=", ".join(r.value for r in Role)
                   + ", or your word for one ([aliases.role] in the config)")  # fmt: skip
    p.add_argument("person", metavar="PERSON")
    p.add_argument("--note", default="", help="a handover briefing, when the role changes hands")
    times.add_when(p, "when: 14:02, -5m or ISO")
    common.add_author(p)
    p.set_defaults(func=role)

    p = subs.add_parser(
        "intake",
        help="answer or change the intake questions (impact, when it started, what changed...)",
        description="Records only what changed; `cockpit show` reads the answers back.",
    )
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("--title", help="what is wrong, in a few words")
    for name, text in INTAKE_FLAGS:
        p.add_argument(f"--{name}", help=f'{text} ("" clears it)')
    common.add_author(p)
    p.set_defaults(func=intake)


def severity(ctx: Context, args: argparse.Namespace) -> int:
    sev, alias = common.severity_word(ctx, args.severity)
    if not args.reason.strip():
        raise UsageError(f'say why: --reason "all EU card payments fail" (every severity change '
                         f"is recorded with one; {sev.value} is {sev.definition.lower()})")  # fmt: skip
    at = times.when(ctx, args)
    loaded = common.load(ctx, args.incident)
    data = {"kind": "severity_set", "severity": sev.value, "reason": args.reason.strip(),
            "alias": alias}  # fmt: skip
    common.save(ctx, loaded, args, data, at=at)
    return 0


def phase(ctx: Context, args: argparse.Namespace) -> int:
    ph = common.word(parse_phase, args.phase)
    at = times.when(ctx, args)
    loaded = common.load(ctx, args.incident)
    data = {"kind": "phase_set", "phase": ph.value, "reason": args.reason.strip()}
    register = loaded.state.register("phase")
    standing = register.winner if register is not None else None  # before this one
    beside = closing_cmds.phase_checks(ctx, loaded, args, ph, at)  # resolving, closing
    if beside:  # one transaction: the phase change and what goes with it, or nothing
        stored = common.save_all(ctx, loaded, args, [data, *beside], at=at, quiet=True)
        print(short(stored[0].id))
        times.say_where(ctx, at)
    else:
        common.save(ctx, loaded, args, data, at=at)
    if at is not None and standing is not None and at.at < standing.at \
            and standing.value is not ph:  # fmt: skip
        # The phase in force is the last one set (last-writer-wins); the history keeps each
        # change at its own time. Filling in the past after the fact moves the phase too.
        was = standing.value.value
        print(f"cockpit: the phase history has {ph.value} at its time; the phase in force is "
              f"now {ph.value} (it was {was}, set later): `cockpit phase {loaded.label} {was}` "
              "puts it back", file=sys.stderr)  # fmt: skip
    return 0


def role(ctx: Context, args: argparse.Namespace) -> int:
    r, alias = common.role_word(ctx, args.role)
    person = args.person.strip()
    if not person:
        raise UsageError("the person's name is empty; say who")
    at = times.when(ctx, args)
    loaded = common.load(ctx, args.incident)
    if args.action == "release":
        holders = [h.person for h in loaded.state.holders(r)]
        if person not in holders:
            now = ", ".join(holders) or "nobody"
            raise Failure(
                f"{person} does not hold {r.title} in {loaded.label} (held by {now}); "
                "nothing to release"
            )
    kind = "role_assigned" if args.action == "assign" else "role_released"
    note = args.note.strip()
    held = loaded.state.holders(Role.IC) if r is Role.IC and kind == "role_assigned" else []
    if held and held[0].person != person:  # a handover records the outgoing IC's time on duty
        from cockpit.core.roster import duty_words

        outgoing = f"outgoing IC {held[0].person}: "
        outgoing += duty_words(loaded.state, held[0].person, ctx.clock.now())
        note = f"{outgoing}; {note}" if note else outgoing
    data = {"kind": kind, "role": r.value, "person": person, "note": note}
    if kind == "role_assigned":
        data["alias"] = alias  # the word as typed (a release names whom, not how)
    common.save(ctx, loaded, args, data, at=at)
    if kind == "role_assigned" and r.critical:
        _warn_away(ctx, loaded, r, person)
    return 0


def _warn_away(ctx: Context, loaded: common.Loaded, r: Role, person: str) -> None:
    """Saved as asked (the record says what was decided), with one line when the new holder
    is on a break or has left: the role is unheld until they are back (the screen asks
    first; a script cannot answer, and a refusal would lose what was typed)."""
    from cockpit.cli.output import clock_time, say
    from cockpit.core.roster import stepped_away

    m = stepped_away(loaded.state, person, ctx.clock.now())
    if m is None:
        return
    back = m.break_until or ctx.clock.now()
    where = (f"left the call at {clock_time(m.left, ctx.tz)}" if m.left is not None
             else f"is on a break until {clock_time(back, ctx.tz)}")  # fmt: skip
    cover = "deputy_ic NAME` names a deputy" if r is Role.IC else f"{r.value} NAME` adds another"
    say(f"cockpit: warning: {person} {where}: nobody acts as {r.title} until they are back; "
        f"`cockpit role {loaded.label} assign {cover}", err=True)  # fmt: skip


def intake(ctx: Context, args: argparse.Namespace) -> int:
    given = {name: value.strip() for name in ("title", *(n for n, _ in INTAKE_FLAGS))
             if (value := getattr(args, name)) is not None}  # fmt: skip
    if not given:
        flags = ", ".join(f"--{n}" for n, _ in INTAKE_FLAGS)
        raise UsageError(f"say what to answer: --title, {flags}")
    if given.get("title") == "":
        raise UsageError("the title cannot be empty; say what is wrong in a few words")
    if given.get("service"):  # the catalog's spelling, or a word that it does not know it
        from cockpit.cli.service_cmds import check_name

        given["service"] = check_name(ctx, given["service"])
    loaded = common.load(ctx, args.incident)
    changed = {n: v for n, v in given.items() if v != loaded.state.field(n)}
    if not changed:
        print(f"cockpit: nothing changed in {loaded.label}'s intake", file=sys.stderr)
        return 0
    common.save_all(ctx, loaded, args, [{"kind": "field_set", "field": name, "value": value}
                                        for name, value in changed.items()])  # fmt: skip
    return 0
