"""The answers an update gives to the stakeholders' questions deferred to it.

A question deferred in the inbox (cockpit.core.inbox) is listed by the next update to
executives, each with a line for its answer that the Incident Commander writes:

    - CFO: Is any customer data lost?
      Answer: ‹answer›

An update answers a question when its text (as it reads now: edited, or not) lists the
question with an answer written, not the prompt. `answer_in` finds that answer, for the asker
(`cockpit ask --wait`, the stakeholder view); `unwritten` says which answers are still
prompts, so that posting such an update is refused (a question is never marked answered
without its answer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PROMPT = re.compile(r"‹[^›\n]*›")  # what the IC writes (cockpit.core.updates)
ANSWER_PROMPT = "‹answer›"
LABEL = "Answer:"
_ITEM = re.compile(r"^\s*-\s+(.*)$")


def one_line(text: str) -> str:
    """A question as one line (its line in the update)."""
    return " ".join(text.split())


def asked_lines(questions: Iterable[tuple[str, str]]) -> str:
    """`{asked}`: each (asker, question) with a line for its answer."""
    return "\n".join(f"- {one_line(asker)}: {one_line(text)}\n  {LABEL} {ANSWER_PROMPT}"
                     for asker, text in questions)  # fmt: skip


def _answer_after(lines: list[str], at: int) -> str | None:
    """The answer written under the question at line `at` (None: no answer line)."""
    if at + 1 >= len(lines):
        return None
    first = lines[at + 1].strip()
    if not first.lower().startswith(LABEL.lower()):
        return None
    parts = [first[len(LABEL) :].strip()]
    for line in lines[at + 2 :]:  # an answer may go on, indented, over more lines
        if not line.strip() or not line[:1].isspace() or _ITEM.match(line):
            break
        parts.append(line.strip())
    return "\n".join(p for p in parts if p)


def answer_in(text: str, asker: str, question: str) -> str | None:
    """The answer `text` gives to `asker`'s `question`: None when it does not list the
    question or has no answer written for it (still the prompt, or empty)."""
    wanted = f"{one_line(asker)}: {one_line(question)}".casefold()
    lines = text.replace("\r\n", "\n").split("\n")
    for n, line in enumerate(lines):
        m = _ITEM.match(line)
        if m is None or one_line(m[1]).casefold() != wanted:
            continue
        answer = _answer_after(lines, n)
        if answer and not PROMPT.search(answer):
            return answer
    return None


def unwritten(text: str) -> list[str]:
    """The questions (`asker: question`) whose answer line is still a prompt or empty."""
    lines = text.replace("\r\n", "\n").split("\n")
    out = []
    for n, line in enumerate(lines):
        m = _ITEM.match(line)
        if m is None:
            continue
        answer = _answer_after(lines, n)
        if answer is not None and (not answer or PROMPT.search(answer)):
            out.append(one_line(m[1]))
    return out


def refusal(text: str) -> str:
    """One line saying why an update with unwritten answers cannot be posted ("" when none)."""
    left = unwritten(text)
    if not left:
        return ""
    more = f" (and {len(left) - 1} more)" if len(left) > 1 else ""
    return (
        f"write the answer to “{left[0]}”{more} in place of {ANSWER_PROMPT}, or take the "
        "question out (it then waits for the next update)"
    )
