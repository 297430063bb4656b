"""`cockpit inbox`: the stakeholders' questions of an incident, listed (those waiting on the
IC first) and settled: answered, deferred to the next stakeholder update, or passed to a named
person as a task (the task and the settling in one transaction). Parsed in
cockpit/cli/inbox_cmds.py; loaded only for these commands.
"""

from __future__ import annotations

import argparse
import sys
from datetime import tzinfo

from cockpit.cli import common, times
from cockpit.cli.context import Context, UsageError
from cockpit.cli.output import clock_time, json_text, say
from cockpit.core import inbox
from cockpit.core.ids import short
from cockpit.core.inbox import Question, Status
from cockpit.core.milestones import ENDED_PHASES
from cockpit.core.timeline import REDACTED, Timeline


def _questions(loaded: common.Loaded, tz: tzinfo) -> tuple[list[Question], Timeline]:
    timeline = Timeline(tz)
    timeline.apply_all(loaded.events)
    return inbox.questions(loaded.state, timeline), timeline


def _line(q: Question, loaded: common.Loaded, ctx: Context) -> str:
    text = REDACTED if q.redacted else q.text
    who = q.asker if q.by == q.asker else f"{q.asker} (via {q.by})"
    line = f"{short(q.id)}  {clock_time(q.at, ctx.tz)}  {q.status.value:<8}  {who}: {text}"
    settled = q.settled
    when = f" ({settled.author} {clock_time(settled.at, ctx.tz)})" if settled else ""
    if q.status is Status.ANSWERED:
        line += f"  → {REDACTED if q.answer_redacted else q.answer}{when}"
    elif q.status is Status.PASSED:
        task = loaded.state.task(q.task)
        status = f", {task.status.value}" if task else ""
        line += f"  → {q.to} (task {short(q.task)}{status}){when}"
    elif q.status is Status.DEFERRED and q.covered_by is not None:
        answer = f": {q.answer}" if q.answer else ""
        line += f"  → answered by the update of {clock_time(q.covered_by.at, ctx.tz)}{answer}{when}"
    elif q.status is Status.DEFERRED:
        line += f"  → to the next update{when}"
    return line


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident)
    questions, timeline = _questions(loaded, ctx.tz)
    # The ones waiting for the IC first, oldest first; then the rest as they were asked.
    questions.sort(key=lambda q: q.status is not Status.OPEN)
    if args.open:
        questions = [q for q in questions if q.status is Status.OPEN]
    if args.json:
        rows = [inbox.question_view(q, timeline) | {"by": q.by} | ({"task": q.task} if q.task else {})
                for q in questions]  # fmt: skip
        print(json_text(rows, indent=1))
        return 0
    if not questions:
        what = "unanswered questions" if args.open else "questions"
        say(f"cockpit: no {what} in {loaded.label}; `cockpit ask {loaded.label} \"...\" --from "
            "NAME` asks one", err=True)  # fmt: skip
    for q in questions:
        say(_line(q, loaded, ctx))  # what a stakeholder typed: shown safe
    return 0


def _target(loaded: common.Loaded, ident: str) -> Question:
    e = common.find_event(loaded, ident, ("question_asked",), "question")
    q = inbox.question(loaded.state, e.id)
    assert q is not None
    if q.status is not Status.OPEN and q.settled is not None:
        print(f"cockpit: {short(q.id)} was {q.status.value} already (by {q.settled.author}); "
              "this replaces it", file=sys.stderr)  # fmt: skip
    return q


def cmd_answer(ctx: Context, args: argparse.Namespace) -> int:
    text = common.read_text(ctx, args.text, "answer")
    loaded = common.load(ctx, args.incident)
    q = _target(loaded, args.id)
    common.save(ctx, loaded, args, {"kind": "question_settled", "target": q.id,
                                    "how": "answered", "text": text})  # fmt: skip
    return 0


def cmd_defer(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident)
    q = _target(loaded, args.id)
    common.save(ctx, loaded, args, {"kind": "question_settled", "target": q.id,
                                    "how": "deferred", "text": args.note.strip()})  # fmt: skip
    if loaded.state.phase in ENDED_PHASES:  # no update is due: none would answer it
        say(f"cockpit: no update is due ({loaded.label} is {loaded.state.phase.value}), so none "
            f"will answer it; `cockpit inbox {loaded.label} answer {short(q.id)} TEXT` answers "
            "it now", err=True)  # fmt: skip
    return 0


def cmd_pass(ctx: Context, args: argparse.Namespace) -> int:
    owner = args.to.strip()
    if not owner:
        raise UsageError("--to is empty; pass it to a named person, never 'someone'")
    when_due = times.due(ctx, args)
    loaded = common.load(ctx, args.incident)
    q = _target(loaded, args.id)
    task = (args.task or "").strip() or inbox.task_text(q) + " (cockpit inbox)"
    common.body({"kind": "task_delegated", "task": task, "owner": owner})
    task_body = {"kind": "task_delegated", "task": task, "owner": owner,
                 "due": when_due.isoformat() if when_due else None}  # fmt: skip
    # The task and the question's settling in one transaction: never one without the other.
    common.save_all(ctx, loaded, args, [
        task_body,
        lambda made: {"kind": "question_settled", "target": q.id, "how": "passed",
                      "to": owner, "task": made[0].id},
    ])  # fmt: skip
    return 0
