"""The IC's inbox on the main screen: `Q` opens it (cockpit/tui/screens/inbox.py), and each
question is answered, deferred to the next stakeholder update, or passed to a named person as
a task: the `task_delegated` event and the question's settling saved in one transaction, so
neither is ever recorded without the other.

A mixin of MainScreen, which provides `session`, `save`, `ask` (a form, then its events) and
`writer`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from cockpit.core import inbox
from cockpit.core.display import safe
from cockpit.core.events import parse_body
from cockpit.core.inbox import Question
from cockpit.core.milestones import ENDED_PHASES
from cockpit.core.timeline import REDACTED
from cockpit.core.vocabulary import Audience
from cockpit.tui import keymap
from cockpit.tui.screens.form import Field, FieldProblem, Form, FormScreen
from cockpit.tui.screens.saving import RetryToken
from cockpit.tui.timefmt import clock_time

if TYPE_CHECKING:  # a mixin of MainScreen, typed as the screen it is mixed into
    from textual.screen import Screen as _Screen

    from cockpit.tui.session import Session
    from cockpit.tui.watching import RefusingWriter
    from cockpit.tui.writer import Writer
else:
    _Screen = object


def _asked(q: Question) -> str:
    return f"{q.asker} asks: {REDACTED if q.redacted else q.text}"


class InboxActions(_Screen):
    """Mixed into MainScreen."""

    session: Session
    writer: Writer | RefusingWriter
    save: Callable[..., None]
    ask: Callable[..., None]

    def action_inbox(self) -> None:
        from cockpit.tui.screens.inbox import InboxScreen  # rarely opened: not at start-up

        if not isinstance(self.app.screen, InboxScreen):
            self.app.push_screen(InboxScreen(self.session, self.answer_question,
                                             self.defer_question, self.pass_question))  # fmt: skip

    def answer_question(self, q: Question, why: str = "") -> None:
        form = Form(
            f"Answer {q.asker}",
            [Field("text", "Answer", placeholder="what they can act on; never a time of fix")],
            intro=f"{why}{_asked(q)}",
        )
        self.ask(form, lambda v: {"kind": "question_settled", "target": q.id,
                                  "how": "answered", "text": v["text"]})  # fmt: skip

    def defer_question(self, q: Question) -> None:
        self.save({"kind": "question_settled", "target": q.id, "how": "deferred"},
                  saved=lambda: self._deferred(q))  # fmt: skip

    def _deferred(self, q: Question) -> None:
        if self.session.state.phase in ENDED_PHASES:  # no update is due: none would answer it
            self.notify(f"{safe(q.asker)}'s question is deferred, but the incident is over: no "
                        "update is due, so none will answer it. Answer it now (Esc leaves it "
                        "deferred)", severity="warning", timeout=10)  # fmt: skip
            self.answer_question(q, "No update will come (the incident is over): answer now. ")
            return
        due = self.session.clock_for(Audience.EXEC).due
        when = f" (due {clock_time(due, self.session.tz)})" if due else ""
        self.notify(f"{safe(q.asker)}'s question waits for the next update to executives{when}, "
                    f"which lists it ({keymap.hint(self.app, 'update')})", timeout=6)  # fmt: skip

    def pass_question(self, q: Question) -> None:
        form = Form(
            f"Pass {q.asker}'s question on, as a task",
            [
                Field("owner", "To whom (one named person)"),
                Field("task", "Task", value=inbox.task_text(q)),
                Field("due", "Due in (minutes)", value="15", required=False),
            ],
            intro=f"{_asked(q)}. It counts as delegated once they acknowledge "
            f"({keymap.hint(self.app, 'ack')}).",
        )
        self._pass_form(q, form)

    def _pass_form(self, q: Question, form: Form) -> None:
        seen = self.session.seen()

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                task = self._task_body(values)
                settle = {"kind": "question_settled", "target": q.id, "how": "passed",
                          "to": values["owner"].strip(), "task": "0" * 36}  # fmt: skip
                parse_body(settle)  # both valid, or neither saved
            except ValueError as exc:
                error, field = str(exc).splitlines()[0], getattr(exc, "field", "")
                self._pass_form(q, form.with_values(values, error=error, focus=field))
                return
            made = self.session.make(task, seen=seen)
            passed = self.session.make({**settle, "task": made.id}, seen=seen)

            def retry(error: str) -> None:
                self._pass_form(q, form.with_values(values, error=f"not saved: {error}"))

            self.writer.submit_together([made, passed], self, RetryToken(retry))

        self.app.push_screen(FormScreen(form), done)

    def _task_body(self, v: dict[str, str]) -> dict[str, Any]:
        due = v["due"].strip()
        if due and not due.isdigit():
            raise FieldProblem("due", f"due in {due!r} minutes? type a whole number such as 15")
        when = self.session.now() + timedelta(minutes=int(due)) if due else None
        body = {"kind": "task_delegated", "task": v["task"], "owner": v["owner"],
                "due": when.isoformat() if when else None}  # fmt: skip
        parse_body(body)
        return body
