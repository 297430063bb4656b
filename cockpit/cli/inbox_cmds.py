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

from cockpit.cli import common, times
from cockpit.cli.context import Context


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "ask", help="put a stakeholder's question to the IC (here, or through a server)",
        usage="cockpit ask {INC-n | URL INCIDENT_ID} TEXT [--from NAME] [--wait [--timeout D]]"
        "\n       cockpit ask {INC-n | URL INCIDENT_ID} --view [--json]",
        description="INC-n TEXT asks in this file; URL INCIDENT_ID TEXT asks through a server "
        "with the token kept for URL (an `ask` token may). TEXT `-` (or none, when piped) "
        "reads standard input. --wait waits for the answer and prints it.",
    )  # fmt: skip
    p.add_argument("words", nargs="+", metavar="WORDS",
                   help="INC-n TEXT, or URL INCIDENT_ID TEXT: where, then the question")  # fmt: skip
    p.add_argument("--from", dest="asker", metavar="NAME",
                   help="who asks (default: who records it; through a server, the token's "
                   "person)")  # fmt: skip
    p.add_argument("--wait", action="store_true", help="wait for the IC's answer and print it")
    p.add_argument("--timeout", metavar="DURATION",
                   help="with --wait: give up after this long (90s, 10m, 1h, or seconds; "
                   "default: never)")  # fmt: skip
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
    d = acts.add_parser(
        "defer", help="defer it to the next update to executives (which lists and answers it)"
    )
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


# The commands' own modules load with them, not with every `cockpit note` (cli/main.py).
def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.cli import inbox_work

    return inbox_work.cmd_list(ctx, args)


def cmd_answer(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.cli import inbox_work

    return inbox_work.cmd_answer(ctx, args)


def cmd_defer(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.cli import inbox_work

    return inbox_work.cmd_defer(ctx, args)


def cmd_pass(ctx: Context, args: argparse.Namespace) -> int:
    from cockpit.cli import inbox_work

    return inbox_work.cmd_pass(ctx, args)
