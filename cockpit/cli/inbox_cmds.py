"""Stakeholders' questions from a terminal: `cockpit ask` puts one in the IC's inbox (in this
file, or through a server with an `ask` token), `cockpit inbox` lists and settles them.

    cockpit ask INC-3 "Will EU customers get a credit?" --from "VP Sales" [--wait]
    cockpit ask https://cockpit.example.com 0196... "Will EU customers..." --from "VP Sales"
    cockpit ask https://cockpit.example.com 0196... --view     # your questions, the updates
    cockpit inbox INC-3                                          # open first, then the rest
    cockpit inbox INC-3 answer 1a2b3c4d "Yes, per the SLA"
    cockpit inbox INC-3 defer 1a2b3c4d                          # to the next update
    cockpit inbox INC-3 pass 1a2b3c4d --to carol --due 15m      # as a task, in one save

`--from` names who asks (not necessarily a cockpit user); `--author` stays who records it.
"""

from __future__ import annotations

import argparse
import sys

from cockpit.cli import common, times
from cockpit.cli.context import Context, UsageError
from cockpit.cli.output import clock_time, json_text, say
from cockpit.core import inbox
from cockpit.core.ids import short
from cockpit.core.inbox import Question, Status
from cockpit.core.timeline import REDACTED, Timeline


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "ask", help="put a stakeholder's question to the IC (here, or through a server)",
        description="INC-n TEXT asks in this file; URL INCIDENT_ID TEXT asks through a server "
        "with the token kept for URL (an `ask` token may). TEXT `-` (or none, when piped) "
        "reads standard input. --wait waits for the answer and prints it.",
    )  # fmt: skip
    p.add_argument("words", nargs="+", metavar="INC-n|URL ID", help="where, then the question")
    p.add_argument("--from", dest="asker", metavar="NAME",
                   help="who asks (default: who records it; through a server, the token's "
                   "person)")  # fmt: skip
    p.add_argument("--wait", action="store_true", help="wait for the IC's answer and print it")
    p.add_argument("--timeout", metavar="DURATION",
                   help="with --wait: give up after this long (90s, 10m, 1h; default: never)")  # fmt: skip
    p.add_argument("--view", action="store_true", help="instead of asking: the incident as "
                   "a stakeholder sees it (updates, your questions and their answers)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="with --view: as JSON")
    common.add_author(p)
    p.set_defaults(func=cmd_ask)

    p = subs.add_parser("inbox", help="stakeholders' questions: list, answer, defer, pass on")
    p.add_argument("incident", metavar="INC-n")
    p.add_argument("--open", action="store_true", help="only the unanswered ones")
    p.add_argument("--json", action="store_true", help="a JSON array of questions")
    p.set_defaults(func=cmd_list)
    acts = p.add_subparsers(dest="action", metavar="answer|defer|pass")
    a = acts.add_parser("answer", help="answer a question (the asker sees it)")
    a.add_argument("id", metavar="ID", help="the question's id (short or full)")
    a.add_argument("text", metavar="TEXT", nargs="?", help="the answer; `-` reads stdin")
    common.add_author(a)
    a.set_defaults(func=cmd_answer)
    d = acts.add_parser("defer", help="defer it to the next stakeholder update (which answers it)")
    d.add_argument("id", metavar="ID")
    d.add_argument("--note", default="", help="why, or what the update will say")
    common.add_author(d)
    d.set_defaults(func=cmd_defer)
    s = acts.add_parser("pass", help="pass it to a named person as a task")
    s.add_argument("id", metavar="ID")
    s.add_argument("--to", required=True, metavar="PERSON", help="who answers it")
    s.add_argument("--task", metavar="TEXT", help="the task (default: answer the question)")
    times.add_due(s, "15m, 1h or 14:30")
    common.add_author(s)
    s.set_defaults(func=cmd_pass)


def cmd_ask(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.cli import ask_cmds  # the waiting and the server's client: only for `ask`

    return ask_cmds.cmd_ask(ctx, args)


# ---- the inbox --------------------------------------------------------------------------------


def _questions(loaded: common.Loaded) -> tuple[list[Question], Timeline]:
    timeline = Timeline()
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
        line += f"  → answered by the update of {clock_time(q.covered_by.at, ctx.tz)}{when}"
    elif q.status is Status.DEFERRED:
        line += f"  → to the next update{when}"
    return line


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    loaded = common.load(ctx, args.incident)
    questions, timeline = _questions(loaded)
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
