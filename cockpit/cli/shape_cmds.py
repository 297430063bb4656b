"""The incident's shape and its numbers: `milestone`, `metrics`, `stats`.

`milestone` records a fact with its time (impact started or ended, detected, cause
identified, mitigated), backdatable like any entry; `metrics` computes one incident's numbers
from those facts (core/metrics.py defines each once); `stats` reads every incident in the file.
"""

from __future__ import annotations

import argparse
import shutil
import textwrap

from cockpit.cli import common, times
from cockpit.cli.context import Context, UsageError
from cockpit.cli.output import json_text, say
from cockpit.core import timeparse
from cockpit.core.followups import ON_TIME_DEFINITION
from cockpit.core.impact import impact_windows
from cockpit.core.metrics import EXTRA_DEFINITIONS, METRICS, compute
from cockpit.core.milestones import (
    MILESTONE_HELP,
    Milestone,
    MilestoneName,
    component_key,
    parse_how,
    parse_level,
    parse_milestone,
)
from cockpit.core.shape_order import milestone_problem
from cockpit.core.timefmt import zone_name

NAMES = ", ".join(m.value for m in MilestoneName)


def _definitions(items: list[tuple[str, str]]) -> str:
    """Each name and its definition, wrapped for a terminal (the help keeps these lines)."""
    return "\n".join(textwrap.fill(f"{name}: {text}", 79, initial_indent="  ",
                                    subsequent_indent="    ") for name, text in items)  # fmt: skip


def _prose(text: str) -> str:
    return textwrap.fill(" ".join(text.split()), 79)


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "milestone",
        help="record a milestone of the incident's shape: impact started or ended, detected, "
        "cause identified, mitigated",
        description=_prose(
            "Milestones are facts with times, often recorded after the fact "
            "(--at). Resolving, closing and reopening are moves of the phase (`cockpit phase`), not "
            "milestones."
        )
        + "\n\n"
        + _definitions([(m.value, MILESTONE_HELP[m]) for m in MilestoneName]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("name", metavar="NAME", help=NAMES)
    p.add_argument("text", metavar="TEXT", nargs="?", help="what happened, in a few words")
    p.add_argument("--component", default="", metavar="C",
                   help="the part of the service (default: the whole service)")  # fmt: skip
    p.add_argument("--level", metavar="L", help="degraded or outage (impact_started only)")
    p.add_argument("--how", metavar="H",
                   help="monitoring, customer, employee or other (detected only)")  # fmt: skip
    p.add_argument("--corrects", metavar="ID",
                   help="this milestone replaces that one (a wrong time or component); the "
                   "corrected one stays in the record and stops counting")  # fmt: skip
    times.add_when(p, "when it happened: 14:02, -5m, yesterday 23:02 or ISO")
    common.add_author(p)
    p.set_defaults(func=milestone)

    p = subs.add_parser(
        "metrics",
        help="the incident's numbers: time to detect, acknowledge, declare, identify, mitigate, "
        "resolve; impact duration",
        description=_prose("In seconds (`--json`), or as a page; a number whose milestone is "
        "missing is null (never made up), with what to record.") + "\n\n"
        + _definitions([(m.name, m.definition) for m in METRICS]
                       + list(EXTRA_DEFINITIONS.items())),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("--json", action="store_true", help="the numbers as JSON, for scripts")
    p.set_defaults(func=metrics)

    p = subs.add_parser(
        "stats",
        help="numbers across incidents: counts by severity and month, median and p90 of each "
        "metric, follow-ups done on time, the pager burden",
        description=_prose("Each incident counts under the highest severity it reached and the "
        "month it was declared in. Pages outside working hours use [working_hours] (default "
        "09:00-17:00, mon-fri) in your time zone.") + "\n\n"
        + _definitions([("followups", ON_TIME_DEFINITION)]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    p.add_argument("--since", metavar="DATE",
                   help="only incidents declared since then: 2026-01-01, 30d...")  # fmt: skip
    p.add_argument("--json", action="store_true", help="as JSON, for scripts")
    p.set_defaults(func=stats)


def milestone(ctx: Context, args: argparse.Namespace) -> int:
    name = common.word(parse_milestone, args.name)
    level = common.word(parse_level, args.level) if args.level else None
    how = common.word(parse_how, args.how) if args.how else None
    if level is not None and name is not MilestoneName.IMPACT_STARTED:
        raise UsageError(f"--level goes with impact_started (a level for {name.value}?); "
                         "a change of level is a new impact_started at the new level")  # fmt: skip
    if how is not None and name is not MilestoneName.DETECTED:
        raise UsageError(f"--how goes with detected only, not {name.value}")
    at = times.when(ctx, args)
    text = "" if args.text is None else common.read_text(ctx, args.text, "milestone")
    data = {"kind": "milestone", "name": name.value, "component": args.component.strip(),
            "level": level.value if level else None, "how": how.value if how else None,
            "text": text.strip()}  # fmt: skip
    common.body(data)
    loaded = common.load(ctx, args.incident)
    if args.corrects:
        target = common.find_event(loaded, args.corrects, ("milestone",), "milestone")
        data["corrects"] = target.id
    problem = milestone_problem(loaded.state.milestones, Milestone.model_validate(data),
                                at.at if at else ctx.clock.now(), ctx.tz)  # fmt: skip
    if problem is not None:
        raise UsageError(problem)
    if name is MilestoneName.IMPACT_ENDED and data["component"]:
        going = {component_key(w.component) for w in impact_windows(loaded.state.milestones).windows
                 if w.end is None}  # fmt: skip
        if component_key(data["component"]) not in going:
            say(f"cockpit: no impact is recorded as going on for {data['component']} in "
                f"{loaded.label}; recorded anyway (impact_started with --component records "
                "when it began)", err=True)  # fmt: skip
    common.save(ctx, loaded, args, data, at=at)
    return 0


def metrics(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.core.metrics_text import metrics_lines

    loaded = common.load(ctx, args.incident)
    now = ctx.clock.now()
    m = compute(loaded.state, now, ctx.settings.cadences)
    if args.json:
        data = {"label": loaded.label, "id": loaded.ref.id, "title": loaded.state.title,
                "now": now.isoformat()} | m.as_data()  # fmt: skip
        print(json_text(data, indent=2))
        return 0
    say(f"{loaded.label}  {loaded.state.title}")
    width = min(100, shutil.get_terminal_size((100, 24)).columns)

    def record(name: str) -> str:
        return f"`cockpit milestone {loaded.label} {name} --at WHEN`"

    for line in metrics_lines(m, ctx.tz, width=width, how_to_record=record):
        say(line)
    return 0


def stats(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.core.metrics_text import stats_lines
    from cockpit.core.stats import summarize
    from cockpit.store import across

    since = None
    if args.since:
        try:
            since = timeparse.parse_time(args.since, ctx.clock.now(), ctx.tz, timeparse.PAST,
                                         force=True).at  # fmt: skip
        except timeparse.BadTime as exc:
            raise UsageError(f"--since: {exc}") from None
    now = ctx.clock.now()
    figures = across.figures(ctx.store(), now, ctx.settings.cadences, since)
    hours = ctx.settings.working_hours.build()
    result = summarize(figures, ctx.tz, hours, tz_name=zone_name(ctx.tz, now), since=since)
    if args.json:
        data = result.as_data()
        data["list"] = [{"label": f.label, "declared_at": f.declared_at.isoformat(),
                         "severity": f.severity.value if f.severity else None}
                        | {m.name: f.metrics.seconds(m.name) for m in METRICS}
                        for f in figures]  # fmt: skip
        print(json_text(data, indent=2))
        return 0
    width = min(100, shutil.get_terminal_size((100, 24)).columns)
    for line in stats_lines(result, width=width):
        say(line)
    return 0
