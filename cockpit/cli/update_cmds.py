"""`cockpit update`: a status update from a terminal or a script, as the composer makes it.

    cockpit update INC-3 "Still investigating" --next 20            (as before)
    cockpit update INC-3 --template sbar --audience exec            (the template, filled)
    cockpit update INC-3 --template can --audience responders --edit   ($EDITOR on it first)
    cockpit update INC-3 --audience customers --stage identified --to status "We found it."
    kubectl ... | cockpit update INC-3 --audience support           (piped, no template)

    cockpit update INC-3 --audience customers --stage resolved --preview   (SBAR, filled)

Where the text comes from is never in doubt, and a script never waits on it: the TEXT
argument (`-` reads standard input); else `--edit`; else `--template`'s filling; else
standard input, only when it is piped (a pipe or a file, not a terminal or /dev/null) and no
template is named; else, when `--audience` or `--stage` is given, the audience's template
(SBAR) filled, as the composer fills it. Nothing of those is a usage error. An answer to a
deferred question still to write (`‹answer›`) refuses the post. `--preview` prints what each
destination would receive and records nothing. The new update's short id alone goes to
standard output.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys

from cockpit.cli import common, times
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.output import say
from cockpit.core import cadence, progress, update_answers, updates
from cockpit.core.state import IncidentState
from cockpit.core.update_destinations import check, destinations_from
from cockpit.core.update_facts import Context as FillContext
from cockpit.core.vocabulary import Audience, Stage, parse_audience, parse_stage

AUDIENCES = "|".join(a.value for a in Audience)


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "update",
        help="post a status update to an audience, from a template or as typed",
        description="Where the text comes from: TEXT (`-` reads standard input); else --edit "
        "($EDITOR on the template's filling); else --template's filling; else standard input, "
        "only when piped and no template is named; else, with --audience or --stage, the "
        "audience's template (sbar) filled. Prints the new update's short id.",
    )
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("text", metavar="TEXT", nargs="?",
                   help="the update; `-` reads standard input")  # fmt: skip
    p.add_argument(
        "--audience",
        help=f"{AUDIENCES} (default: responders; internal and external still work); with no "
        "text, the audience's template (sbar) is filled",
    )
    p.add_argument("--template", metavar="NAME",
                   help="sbar, can, announcement, or one of your own (templates/ in the config "
                   "folder): filled from the record")  # fmt: skip
    p.add_argument(
        "--edit",
        action="store_true",
        help="open $EDITOR on the text (the template's filling) before posting",
    )
    p.add_argument("--stage", help="customers: " + "|".join(s.value for s in Stage)
                   + " (default: from the phase)")  # fmt: skip
    p.add_argument(
        "--to",
        nargs="+",
        metavar="DEST",
        default=[],
        help="where it is sent: destination names from the config",
    )
    p.add_argument("--next", metavar="WHEN", help="when the next update comes: minutes (20), "
                   "20m, 1h, or a time (14:30)")  # fmt: skip
    p.add_argument(
        "--preview",
        action="store_true",
        help="print what each destination would receive; record nothing",
    )
    times.add_when(p, "when it was posted: 14:02, -5m or ISO")
    common.add_author(p)
    p.set_defaults(func=update)


def update(ctx: Context, args: argparse.Namespace) -> int:
    audience = common.word(parse_audience, args.audience or Audience.RESPONDERS.value)
    stage = _stage(args, audience)
    if args.text is not None and args.edit:
        raise UsageError("give the text or --edit, not both")
    named = bool(args.template) or args.edit
    at = times.when(ctx, args)
    nxt = times.next_minutes(ctx, args)
    typed = None
    if args.text is not None:
        typed = common.read_text(ctx, args.text, "update")  # `-`: standard input, as asked
    elif not named and _piped(ctx):  # piped, no template named: the text is what comes in
        typed = common.read_text(ctx, None, "update")
    elif not named and args.audience is None and not args.stage:
        raise UsageError("no update text; type it after the incident, pipe it in, or name "
                         "--audience (or a --template: sbar, can...) to post its filling")  # fmt: skip
    template = None if typed is not None else _template(args.template, audience)
    loaded = common.load(ctx, args.incident)
    state = loaded.state
    if stage is None and audience.external:
        stage = updates.default_stage(state)
    final = progress.final(state, stage if audience.external else None)
    if template is not None and nxt is None and not final:
        nxt = _cadence_minutes(ctx, state, audience)
    to = _destinations(ctx, args.to, audience, state)
    edited = None
    unwritten = ""
    if typed is not None:
        text = typed
        unwritten = update_answers.refusal(text)
    else:
        assert template is not None
        call, channel = ctx.settings.announce.where(loaded.label)
        filled = updates.compose(state, template, FillContext(
            ctx.clock.now(), ctx.tz, audience, stage, nxt, loaded.label, call, channel))  # fmt: skip
        if args.edit:
            from cockpit.cli.editor import edit

            edited = edit(filled, interactive=ctx.stdin_is_tty)
            text = edited.text
            left = updates.prompts_left(text)
            unwritten = update_answers.refusal(text)
            if left or unwritten:
                what = unwritten or f"the text still has {left[0]} to write"
                raise Failure(f"{what}; nothing saved; it is in {edited.path}: fix it there and "
                              f"post it with `cockpit update {loaded.label} --audience "
                              f"{audience.value} - < {edited.path}`")  # fmt: skip
        else:
            unwritten = update_answers.refusal(filled)
            # An answer to write stays in the text (and the post is refused); other prompts
            # go, as a script takes the filling.
            text = filled if unwritten else updates.drop_prompts(filled)
    if unwritten and not args.preview:
        raise Failure(f"not posted: {unwritten}; `--edit` opens the text to write it, or "
                      f"`cockpit inbox {loaded.label} answer ID TEXT` answers the question "
                      "directly")  # fmt: skip
    data: dict = {"kind": "status_update", "audience": audience.value, "text": text,
                  "next_in_minutes": nxt}  # fmt: skip
    if template is not None:
        data["template"] = template.name
    if stage is not None:
        data["stage"] = stage.value
    if to:
        data["destinations"] = to
    body = common.body(data)
    if args.preview:
        _preview(ctx, body, to, loaded.label)
        if unwritten:
            say(f"cockpit: posting it is refused until you {unwritten}", err=True)
        return 0
    try:
        common.save(ctx, loaded, args, data, at=at)
    except Exception:
        if edited is not None:
            say(f"cockpit: the text you wrote is kept in {edited.path}", err=True)
        raise
    if edited is not None:
        edited.done()
    return 0


def _piped(ctx: Context) -> bool:
    """Standard input carries text: a pipe, a socket or a file, not a terminal and not
    /dev/null or a closed input (a script run from cron or CI reads nothing from those)."""
    if ctx.stdin_is_tty or sys.stdin is None:
        return False
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError):  # closed, or not a file at all (text given in-process)
        return not sys.stdin.closed
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode)


def _stage(args: argparse.Namespace, audience: Audience) -> Stage | None:
    if not args.stage:
        return None
    if not audience.external:
        raise UsageError("--stage is for customer updates (--audience customers)")
    return common.word(parse_stage, args.stage)


def _template(name: str | None, audience: Audience) -> updates.Template:
    """The template named (or SBAR, for --edit without one), if it serves the audience."""
    from cockpit.files import templates as template_files
    from cockpit.settings import user_templates_dir

    loaded = template_files.load(user_templates_dir())
    for notice in loaded.notices:
        say(f"cockpit: {notice}", err=True)
    every = loaded.all()
    found = updates.find(every, name or updates.DEFAULT)
    if found is None:
        names = ", ".join(t.name for t in every)
        raise UsageError(f"no template {name!r}; use one of: {names}")
    if not found.serves(audience):
        serves = ", ".join(a.value for a in found.audiences)
        raise UsageError(f"the template {found.name} is not for {audience.value} (it is for "
                         f"{serves})")  # fmt: skip
    return found


def _cadence_minutes(ctx: Context, state: IncidentState, audience: Audience) -> int | None:
    """The audience's cadence now, else the responders' (every update says when the next
    comes), as the composer does."""
    cadences = ctx.settings.cadences
    for who in (audience, Audience.RESPONDERS):
        minutes = cadence.clock(state, who, cadences).cadence_minutes
        if minutes:
            return minutes
    return None


def _destinations(ctx: Context, names: list[str], audience: Audience,
                  state: IncidentState) -> list[str]:  # fmt: skip
    if not names:
        return []
    configured = destinations_from(ctx.settings.destinations)
    sev = state.severity.value if state.severity else None
    try:
        return check(names, configured, audience, sev)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _preview(ctx: Context, body, to: list[str], label: str) -> None:
    configured = {d.name: d for d in destinations_from(ctx.settings.destinations)}
    if not to:
        say("(not sent anywhere: recorded in the timeline only; --to names destinations)")
        for line in updates.render(body, "", label=label).splitlines():
            say(line)
        return
    for n, name in enumerate(to):
        d = configured[name]
        if n:
            say("")
        say(f"→ {d.name} ({d.type})")
        for line in updates.render(body, d.type, label=label).splitlines():
            say(line)


# ---- the announcement, on declaring ----------------------------------------------------------


def announce_to(ctx: Context, named: list[str], notify: str) -> list[str]:
    """Where the announcement goes: the destinations --to names (each checked), else the
    config's `[announce] to` and those the intake's "who to tell" names."""
    configured = destinations_from(ctx.settings.destinations)
    if named:
        try:
            return check(named, configured, Audience.RESPONDERS, None)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    names = [d.name for d in configured if d.takes(Audience.RESPONDERS, None)]
    out = []
    for name in ctx.settings.announce.to:
        if name in names:
            out.append(name)
        else:
            say(f"cockpit: [announce] to names {name!r}, which is not a destination that "
                "takes responders updates; left out", err=True)  # fmt: skip
    return out + [n for n in updates.named_in(notify, names) if n not in out]


def announce(ctx: Context, args: argparse.Namespace, label: str, to: list[str]) -> None:
    """Record the announcement of the incident just declared (the outbox sends it)."""
    loaded = common.load(ctx, label)
    template = _template("announcement", Audience.RESPONDERS)
    call, channel = ctx.settings.announce.where(label)
    nxt = _cadence_minutes(ctx, loaded.state, Audience.RESPONDERS)
    text = updates.drop_prompts(updates.compose(loaded.state, template, FillContext(
        ctx.clock.now(), ctx.tz, Audience.RESPONDERS, None, nxt, label, call, channel)))  # fmt: skip
    data: dict = {"kind": "status_update", "audience": Audience.RESPONDERS.value, "text": text,
                  "next_in_minutes": nxt, "template": template.name}  # fmt: skip
    if to:
        data["destinations"] = to
    try:
        common.save(ctx, loaded, args, data, quiet=True)
    except Exception as exc:
        raise Failure(f"{label} is declared, but its announcement was not recorded ({exc}); "
                      f"`cockpit update {label} --template announcement` posts it") from None  # fmt: skip
    where = f" for {', '.join(to)}" if to else " (no destination: in the timeline only)"
    say(f"cockpit: announcement recorded{where}", err=True)
