"""The end of an incident from a terminal: what `cockpit phase` asks before it resolves or
closes, `cockpit all-clear` and `cockpit reopen` (the rules: cockpit.core.closing).

    cockpit phase INC-3 resolved --reason "error rate flat for 10 min" --met all
    cockpit phase INC-3 closed --override "the replay runs on as INC-4"
    cockpit all-clear INC-3 [--text "..."] [--customer-text "..."]
    cockpit reopen INC-3 --reason "5xx are back" [--to mitigating]

Each refusal is one line on standard error and exit code 1, naming the flag that goes past
it, as `cockpit mitigation start` does for the one-mitigation rule (`--override REASON`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cockpit.cli import common, times
from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.output import clock_time, json_text, say
from cockpit.core import closing
from cockpit.core.checklists import Checklist
from cockpit.core.milestones import ENDED_PHASES
from cockpit.core.timefmt import span_words
from cockpit.core.vocabulary import Audience, Phase, Stage, parse_phase

if TYPE_CHECKING:  # the update modules are imported by the all-clear only
    from cockpit.core.events import Event
    from cockpit.core.timeparse import When
    from cockpit.core.updates import Template


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "all-clear",
        help="the all-clear: post the final update and stand the responders down (each role "
        "released)",
        description="Once resolved: posts the final update to responders (the all_clear "
        "template's filling, or --text), and to customers with the stage resolved when a "
        'destination takes customer updates; then releases every role (noted "stood down") '
        "and records the stand-down, so nothing asks for an IC or a scribe any more. Prints "
        "the final update's short id.",
    )
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("--text", help="the final update's text, instead of the template's filling")
    p.add_argument("--customer-text", metavar="TEXT",
                   help="the customers' final update, instead of the template's filling")  # fmt: skip
    p.add_argument("--json", action="store_true",
                   help="the ids written, as JSON (update, customer update, roles, stand-down)")  # fmt: skip
    common.add_author(p)
    p.set_defaults(func=all_clear)

    p = subs.add_parser(
        "reopen",
        help="reopen a resolved or closed incident, with a reason",
        description="A move of the phase back to an open one (investigating unless --to "
        "says), recorded with the reason. The metrics then count its final resolution.",
    )
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("--reason", default="", help="why: needed (impact is back, say)")
    p.add_argument("--to", metavar="PHASE", default=closing.REOPEN_TO.value,
                   help="investigating (default), mitigating or monitoring")  # fmt: skip
    times.add_when(p, "when it was reopened: 14:02, -5m or ISO")
    common.add_author(p)
    p.set_defaults(func=reopen)


# ---- `cockpit phase`: resolving and closing ----------------------------------------------------


def add_phase_flags(p: argparse.ArgumentParser) -> None:
    """The flags `cockpit phase` takes for the end of an incident."""
    p.add_argument("--met", metavar="CRITERIA",
                   help="resolving: the resolution criteria met: all, none, or numbers or "
                   "words (1,3); default: those ticked on the resolution checklist")  # fmt: skip
    p.add_argument("--override", metavar="REASON", default="",
                   help="closing with loose ends (a mitigation in flight, an open task, a "
                   "recovery item not done): close anyway, for this reason")  # fmt: skip


Later = Callable[[list["Event"]], dict[str, Any]]


def phase_checks(ctx: Context, loaded: common.Loaded, args: argparse.Namespace, to: Phase,
                 at: When | None) -> list[Later]:  # fmt: skip
    """What resolving or closing asks before it is recorded (a Failure names the flag that
    goes past it), and the records that go with the phase change (each names it)."""
    state = loaded.state
    move = closing.check_move(state, to, at.at if at else ctx.clock.now(),
                              policy=ctx.settings.closing.policy(), own=own_checklists())  # fmt: skip
    reason = (getattr(args, "reason", "") or "").strip()
    met_text = getattr(args, "met", None)
    if met_text is not None and not move.resolving:
        raise UsageError(f"--met goes with resolving (the incident is {state.phase.value} now)")
    override = (getattr(args, "override", "") or "").strip()
    if override and not move.closing:
        raise UsageError("--override goes with closing (moving to closed)")
    out: list[Later] = []
    if move.resolving:
        if move.early is not None and move.window is not None and not reason:
            w = move.window
            raise Failure(
                f"{loaded.label} was mitigated at {clock_time(w.start, ctx.tz)}; its "
                f"{w.minutes}-minute monitoring window ends at {clock_time(w.end, ctx.tz)} "
                f'({span_words(move.early)} left): say why {to.value} now with --reason "..."'
            )
        met = _met(met_text, move.criteria, state)
        out.append(lambda made: closing.criteria_body(move, met, made[0].id))
        unmet = [i for i in move.criteria.items if i not in met]
        if unmet and met_text is None:
            say(f"cockpit: resolution criteria: {len(met)} of {len(move.criteria.items)} met "
                f"(ticked); not met: {'; '.join(unmet)}; --met all (or 1,3) says which were",
                err=True)  # fmt: skip
    if move.loose and not override:
        listed = closing.loose_words(move.loose)
        raise Failure(f"{loaded.label} has {len(move.loose)} loose end"
                      f"{'s' if len(move.loose) != 1 else ''}: {listed}: finish them, or close "
                      "anyway with --override REASON")  # fmt: skip
    if move.loose:
        out.append(lambda made: closing.override_body(move, override, made[0].id))
    return out


def _met(text: str | None, criteria: Checklist, state: Any) -> tuple[str, ...]:
    if text is None:
        return closing.ticked_criteria(state, criteria)
    try:
        return closing.parse_met(text, criteria)
    except ValueError as exc:
        raise UsageError(f"--met: {exc}") from None


def own_checklists() -> tuple[Checklist, ...]:
    """The user's checklist files (one may replace the resolution criteria or the recovery)."""
    from cockpit.files import checklists as checklist_files
    from cockpit.settings import user_checklists_dir

    loaded = checklist_files.load(user_checklists_dir())
    for notice in loaded.notices:
        say(f"cockpit: {notice}", err=True)
    return loaded.checklists


# ---- the all-clear ----------------------------------------------------------------------------


def all_clear(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident)
    state = loaded.state
    refusal = closing.all_clear_refusal(state)
    if refusal is not None:
        hint = (f"`cockpit phase {loaded.label} resolved`" if state.phase not in ENDED_PHASES
                else f"`cockpit reopen {loaded.label}`")  # fmt: skip
        raise Failure(f"{loaded.label}: {refusal} ({hint})")
    from cockpit.core.update_destinations import destinations_from

    configured = destinations_from(ctx.settings.destinations)
    sev = state.severity.value if state.severity else None
    customers = [d.name for d in configured if Audience.CUSTOMERS in d.audiences
                 and d.takes(Audience.CUSTOMERS, sev)]  # fmt: skip
    if args.customer_text is not None and not customers:
        raise UsageError("--customer-text: no destination takes customer updates ([destinations."
                         "NAME] audiences = [\"customers\"]); `cockpit update --audience "
                         "customers` records one anyway")  # fmt: skip
    template = _template()
    bodies: list[dict[str, Any] | Later] = [
        _final(ctx, loaded, template, Audience.RESPONDERS, args.text, configured)
    ]
    if customers:
        bodies.append(_final(ctx, loaded, template, Audience.CUSTOMERS, args.customer_text,
                             configured))  # fmt: skip
    downs = closing.stand_down_bodies(state)
    bodies += downs[:-1]
    bodies.append(lambda made: downs[-1] | {"update": made[0].id})
    stored = common.save_all(ctx, loaded, args, bodies, quiet=True)
    if args.json:
        n = 2 if customers else 1
        print(json_text({"update": stored[0].id,
                         "customer_update": stored[1].id if customers else None,
                         "released": [{"role": b["role"], "person": b["person"], "id": e.id}
                                      for b, e in zip(downs[:-1], stored[n:-1], strict=True)],
                         "stood_down": stored[-1].id}))  # fmt: skip
        return 0
    from cockpit.core.ids import short

    print(short(stored[0].id))
    released = len(downs) - 1
    say(f"cockpit: {loaded.label}: final update posted"
        + (f" (and to customers: {', '.join(customers)})" if customers else "")
        + f"; {released} role{'s' if released != 1 else ''} released; responders stood down",
        err=True)  # fmt: skip
    return 0


def _template() -> Template:
    from cockpit.core import updates
    from cockpit.files import templates as template_files
    from cockpit.settings import user_templates_dir

    found = updates.find(template_files.load(user_templates_dir()).all(), updates.ALL_CLEAR)
    assert found is not None  # built in; a user's file cannot take its name
    return found


def _final(ctx: Context, loaded: common.Loaded, template: Template, audience: Audience,
           text: str | None, configured: Any) -> dict[str, Any]:  # fmt: skip
    """The final update for one audience, as the composer makes it: the template's filling
    (its unwritten prompts left out) or the text given, to the destinations that name that
    audience (the composer's preselection)."""
    from cockpit.core import updates
    from cockpit.core.update_facts import Context as FillContext

    state = loaded.state
    stage = Stage.RESOLVED if audience.external else None
    if text is None:
        call, channel = ctx.settings.announce.where(loaded.label)
        filled = updates.compose(state, template, FillContext(
            ctx.clock.now(), ctx.tz, audience, stage, None, loaded.label, call, channel))  # fmt: skip
        text = updates.drop_prompts(filled)
    else:
        text = common.read_text(ctx, text, "update")
    sev = state.severity.value if state.severity else None
    to = [d.name for d in configured if audience in d.audiences and d.takes(audience, sev)]
    data: dict[str, Any] = {"kind": "status_update", "audience": audience.value, "text": text,
                            "next_in_minutes": None, "template": template.name}  # fmt: skip
    if stage is not None:
        data["stage"] = stage.value
    if to:
        data["destinations"] = to
    common.body(data)
    return data


# ---- reopening ---------------------------------------------------------------------------------


def reopen(ctx: Context, args: argparse.Namespace) -> int:
    to = common.word(parse_phase, args.to)
    if to in ENDED_PHASES or to is Phase.DECLARED:
        raise UsageError(f"--to: reopen to investigating, mitigating or monitoring, not "
                         f"{to.value}")  # fmt: skip
    reason = args.reason.strip()
    if not reason:
        raise UsageError('say why: --reason "5xx are back on checkout" (a reopening is '
                         "recorded with its reason)")  # fmt: skip
    at = times.when(ctx, args)
    loaded = common.load(ctx, args.incident)
    if loaded.state.phase not in ENDED_PHASES:
        raise Failure(f"{loaded.label} is {loaded.state.phase.value}, not resolved or closed: "
                      "nothing to reopen")  # fmt: skip
    data = {"kind": "phase_set", "phase": to.value, "reason": reason}
    common.save(ctx, loaded, args, data, at=at)
    return 0
