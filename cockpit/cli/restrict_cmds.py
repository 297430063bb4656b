"""`cockpit restrict`: who may see an incident on the server (core/restriction.py).

    cockpit restrict INC-3 alice,bob          # only alice and bob (and admins) see it there
    cockpit restrict INC-3 --lift             # everyone the team's tokens reach, again
    cockpit restrict INC-3                    # who may see it now

The restriction is an event in the incident's log: it works offline, syncs like any other
(the server hides the incident from everyone else as soon as it arrives: `cockpit declare
--restricted` makes it restricted from its first push), and the timeline keeps who set it.
Names are the persons of the sync tokens (`cockpit join` says whose a token is). You name
yourself too: a restriction that leaves you out would hide the incident from you, and only an
admin could undo it (`--without-me` writes it anyway, handing the incident over).
"""

from __future__ import annotations

import argparse

from cockpit.cli import common
from cockpit.cli.context import Context, UsageError
from cockpit.cli.output import say
from cockpit.core import restriction
from cockpit.core.display import safe


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "restrict",
        help="restrict an incident to the people named (a security incident), or lift it",
        description="Only the people named (the persons of their sync tokens) and the "
        "server's admins see a restricted incident; to everyone else the server says it does "
        "not exist, and `ask` tokens never see it. Without NAMES: who may see it now.",
    )
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("names", metavar="NAMES", nargs="?", help="alice,bob (commas between)")
    p.add_argument("--lift", action="store_true", help="lift the restriction")
    p.add_argument("--without-me", action="store_true",
                   help="restrict it to others than you (you will no longer see it there)")  # fmt: skip
    common.add_author(p)
    p.set_defaults(func=restrict)


def add_declare_flag(p: argparse.ArgumentParser) -> None:
    """`cockpit declare --restricted alice,bob`."""
    p.add_argument("--restricted", metavar="NAMES",
                   help="only these people (alice,bob: their sync tokens' persons; you among "
                   "them) and the server's admins may see it once shared")  # fmt: skip


def checked(ctx: Context, args: argparse.Namespace, text: str, *, flag: str) -> tuple[str, ...]:
    """The names typed, or a usage error that says what to type."""
    named = restriction.names(text)
    if not named:
        raise UsageError(f"{flag}: name the people who may see it: alice,bob")
    if len(named) > restriction.MAX_NAMED:
        raise UsageError(f"{flag}: at most {restriction.MAX_NAMED} people; a larger group is "
                         "the team (no restriction)")  # fmt: skip
    for name in named:
        common.check_utf8(name, flag)
        if len(name) > 200:
            raise UsageError(common.too_long(flag + " (a name)", len(name), 200))
    me = common.author_of(ctx, args)
    if not getattr(args, "without_me", False) and not restriction.named(me, named):
        then = (
            "--without-me hands it over"
            if flag == "NAMES"
            else "declare it, then `cockpit restrict INC-n NAMES --without-me` hands it over"
        )
        raise UsageError(f"{flag}: name yourself too ({safe(me)}), or the server hides the "
                         f"incident from you too; {then}")  # fmt: skip
    return named


def restrict(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident)
    now = restriction.restricted_to(loaded.state) or ()
    if args.names is None and not args.lift:
        if now:
            say(f"{loaded.label} is restricted to {safe(', '.join(now))} (and the server's admins)")
        else:
            say(f"{loaded.label} is not restricted: every token of its team may see it; "
                f"`cockpit restrict {loaded.label} alice,bob` restricts it")  # fmt: skip
        return 0
    if args.lift and args.names is not None:
        raise UsageError("either NAMES or --lift, not both")
    named = () if args.lift else checked(ctx, args, args.names, flag="NAMES")
    if {n.casefold() for n in named} == {n.casefold() for n in now}:
        say(f"cockpit: {loaded.label} is already "
            + (f"restricted to {safe(', '.join(now))}" if now else "not restricted")
            + "; nothing written", err=True)  # fmt: skip
        return 0
    common.save(ctx, loaded, args, {"kind": "incident_restricted", "to": list(named)})
    return 0
