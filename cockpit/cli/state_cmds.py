"""Commands that set shared state: `severity`, `phase`, `role`.

Each write names the values its author saw (`prev`, from the state just read), so that two
people setting the same thing without seeing each other show up as a conflict.
"""

from __future__ import annotations

import argparse

from cockpit.cli import common
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.core.vocabulary import Role, Severity, parse_phase, parse_role, parse_severity

SEVERITY_HELP = "; ".join(f"{s.value}: {s.definition}" for s in Severity)


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser("severity", help="set the severity, with a reason",
                        description=SEVERITY_HELP)  # fmt: skip
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("severity", metavar="SEV", help="SEV1, SEV2, SEV3 or SEV4")
    p.add_argument("--reason", default="", help="why (every change is recorded with one)")
    common.add_when(p, "when: 14:02, -5m or ISO")
    common.add_author(p)
    p.set_defaults(func=severity)

    p = subs.add_parser("phase", help="move the incident to another phase")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("phase", metavar="PHASE",
                   help="declared, investigating, mitigating, monitoring, resolved or closed")  # fmt: skip
    p.add_argument("--reason", default="")
    common.add_when(p, "when: 14:02, -5m or ISO")
    common.add_author(p)
    p.set_defaults(func=phase)

    p = subs.add_parser("role", help="assign or release a role (IC, scribe, tech lead...)")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("action", choices=("assign", "release"))
    p.add_argument("role", metavar="ROLE", help=", ".join(r.value for r in Role))
    p.add_argument("person", metavar="PERSON")
    p.add_argument("--note", default="", help="a handover briefing, when the role changes hands")
    common.add_when(p, "when: 14:02, -5m or ISO")
    common.add_author(p)
    p.set_defaults(func=role)


def severity(ctx: Context, args: argparse.Namespace) -> int:
    sev = common.word(parse_severity, args.severity)
    at = common.when(ctx, args.at)
    loaded = common.load(ctx, args.incident)
    data = {"kind": "severity_set", "severity": sev.value, "reason": args.reason.strip()}
    common.save(ctx, loaded, args, data, at=at)
    return 0


def phase(ctx: Context, args: argparse.Namespace) -> int:
    ph = common.word(parse_phase, args.phase)
    at = common.when(ctx, args.at)
    loaded = common.load(ctx, args.incident)
    data = {"kind": "phase_set", "phase": ph.value, "reason": args.reason.strip()}
    common.save(ctx, loaded, args, data, at=at)
    return 0


def role(ctx: Context, args: argparse.Namespace) -> int:
    r = common.word(parse_role, args.role)
    person = args.person.strip()
    if not person:
        raise UsageError("the person's name is empty; say who")
    at = common.when(ctx, args.at)
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
    data = {"kind": kind, "role": r.value, "person": person, "note": args.note.strip()}
    common.save(ctx, loaded, args, data, at=at)
    return 0
