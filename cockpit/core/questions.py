"""Stakeholders' questions to the Incident Commander: the two events of the inbox.

A manager's question goes to the IC, never to an engineer (../shared/PRACTICE.md, the IC's
job). `question_asked` records it: who asks (`from`, a name, who need not be a cockpit user)
and what; its author stays whoever recorded it (a scribe at a terminal, or the token's person
when it came through the server's `ask` endpoint), so nobody asks in someone's name unseen.
`question_settled` is the IC's answer to it, a register per question (last writer wins, a
conflict when two settle it without seeing each other): answered (with the answer), deferred
to the next stakeholder update, or passed to a named person as a task (the `task_delegated`
event's id, saved with it). What the inbox and the stakeholder view make of them is in
`cockpit.core.inbox`.
"""

from __future__ import annotations

from datetime import tzinfo
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from cockpit.core.body import BodyModel, Name, Register

MAX_QUESTION = 4000  # a question is a few lines; it may come from outside the response team

QuestionText = Annotated[str, Field(min_length=1, max_length=MAX_QUESTION, pattern=r"\S")]


class Fate(StrEnum):
    """How the IC settled a question (an unsettled one is open)."""

    ANSWERED = "answered"
    DEFERRED = "deferred"  # to the next stakeholder update, which then answers it
    PASSED = "passed"  # to a named person, as a task


def _unset(value: str) -> bool:
    return not value


class QuestionAsked(BodyModel):
    kind: Literal["question_asked"] = "question_asked"
    asker: Name = Field(alias="from")  # who asks: a name, not necessarily a cockpit user
    text: QuestionText

    # Stored as `from` (the word the API and the CLI use), read as `from` or `asker`.
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True,
                              serialize_by_alias=True)  # fmt: skip

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return f"{self.asker} asks: {self.text}"


class QuestionSettled(BodyModel):
    kind: Literal["question_settled"] = "question_settled"
    target: str  # the question_asked event
    how: Fate
    text: str = Field("", max_length=256 * 1024, exclude_if=_unset)  # the answer; a note
    to: str = Field("", max_length=200, exclude_if=_unset)  # passed to whom
    task: str = Field("", max_length=64, exclude_if=_unset)  # the task_delegated event's id

    @model_validator(mode="after")
    def _complete(self) -> QuestionSettled:
        if self.how is Fate.ANSWERED and not self.text.strip():
            raise ValueError("an answer needs its text")
        if self.how is Fate.PASSED and not (self.to.strip() and self.task):
            raise ValueError("a question passed on names the person and the task")
        return self

    def register(self) -> Register:
        return ("question", self.target)

    def value(self) -> QuestionSettled:
        """All of it: two different answers that did not see each other are a conflict, and
        the one kept is written again whole (cockpit.core.conflicts)."""
        return self

    def shown(self) -> str:
        """The settling in a few words: `answered: Yes`, `deferred`, `passed to carol`."""
        match self.how:
            case Fate.ANSWERED:
                return f"answered: {self.text}"
            case Fate.DEFERRED:
                return "deferred to the next update"
            case _:
                return f"passed to {self.to}"

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        quoted = f" “{about}”" if about else ""
        match self.how:
            case Fate.ANSWERED:
                return f"Answered{quoted}: {self.text}"
            case Fate.DEFERRED:
                note = f" ({self.text})" if self.text.strip() else ""
                return f"Deferred to the next update{quoted}{note}"
            case _:
                return f"Passed to {self.to} as a task{quoted}"


__all__ = ["Fate", "MAX_QUESTION", "QuestionAsked", "QuestionSettled"]
