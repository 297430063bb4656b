"""The main screen's work actions: start a mitigation (one at a time: the first one's
outcome is asked for first), record its outcome, delegate a task, acknowledge one. Mixed into
MainScreen through IncidentActions' plumbing (forms, saving, keys)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cockpit.core import rules
from cockpit.core.display import safe
from cockpit.core.vocabulary import Outcome
from cockpit.tui.screens.dated import BACKDATE, Dated, read_dated
from cockpit.tui.screens.form import Field, FieldProblem, Form, FormScreen
from cockpit.tui.screens.main_actions import OUTCOME_TEXT, TASK_STATUS_TEXT, IncidentActions
from cockpit.tui.timefmt import clock_time


class WorkActions(IncidentActions):
    # ---- mitigation -------------------------------------------------------------------------

    def action_mitigate(self) -> None:
        blocking = rules.blocking_mitigation(self.session.state)
        if blocking is None:
            self._mitigation_form(override=False)
            return
        since = clock_time(blocking.started_at, self.session.tz)
        form = Form(
            "One mitigating action at a time",
            [
                Field("next", "What now?", [
                    ("outcome", "Record its outcome first"),
                    ("override", "Start another anyway (override, recorded with a reason)"),
                    ("cancel", "Cancel"),
                ]),
            ],
            intro=f"In flight since {since}: {safe(blocking.what)} ({safe(blocking.by)}). Without its outcome "
            "nobody can tell which action worked.",
        )  # fmt: skip

        def done(values: dict[str, str] | None) -> None:
            choice = (values or {}).get("next")
            digit = form.answered_by_digit  # an Enter typed behind it is not for the next form
            if choice == "outcome":  # then straight on to the new one: the point of asking
                self.action_outcome(then=lambda: self._mitigation_form(override=False),
                                    after_digit=digit)  # fmt: skip
            elif choice == "override":
                self._mitigation_form(override=True, after_digit=digit)

        self.app.push_screen(FormScreen(form), done)

    def _mitigation_form(self, override: bool, after_digit: int | None = None) -> None:
        fields = [
            Field("what", "What is being done", placeholder=f"e.g. roll back 4812 ({BACKDATE})"),
            Field("by", "Who does it", value=self.session.author),
        ]
        if override:
            fields.append(Field("override", "Why start it while another is in flight"))
        form = Form("Start a mitigating action", fields, after_digit=after_digit)

        def handle(v: dict[str, str]) -> Dated:
            what, at, offset = read_dated("what", v["what"], self.session.now(), self.session.tz)
            return Dated({"kind": "mitigation_started", "what": what, "by": v["by"],
                          "override": v.get("override", "")}, at, offset)  # fmt: skip

        self.ask(form, handle)

    def action_outcome(self, then: Callable[[], Any] | None = None,
                       after_digit: int | None = None) -> None:  # fmt: skip
        flying = self.session.state.mitigations_in_flight()
        if not flying:
            self.app.notify(f"No mitigation in flight; {self.key('mitigate')} starts one",
                            severity="warning")  # fmt: skip
            return
        fields = []
        if len(flying) > 1:
            fields.append(Field("mitigation", "Which one", [(m.id, f"{m.what} ({m.by})") for m in flying],
                                value=flying[-1].id))  # fmt: skip
        fields += [
            Field("outcome", "Outcome", [(o.value, OUTCOME_TEXT[o]) for o in Outcome]),
            Field("note", "What you saw", required=False, placeholder=BACKDATE),
        ]
        form = Form(f"Outcome of: {flying[-1].what}", fields, after_digit=after_digit)

        def handle(v: dict[str, str]) -> Dated:
            note, at, offset = read_dated("note", v["note"], self.session.now(), self.session.tz)
            return Dated({"kind": "mitigation_outcome", "outcome": v["outcome"], "note": note,
                          "mitigation": v.get("mitigation", flying[-1].id)}, at, offset)  # fmt: skip

        self.ask(form, handle, then)

    # ---- tasks (status updates: update_actions.py) ------------------------------------------------------------------

    def action_delegate(self) -> None:
        form = Form(
            "Delegate a task",
            [
                Field("task", "Task"),
                Field("owner", "To whom (one named person)"),
                Field("due", "Due in (minutes)", value="15", required=False),
                Field("report", "Report back every (minutes)", required=False),
            ],
            intro=f"It counts as delegated once they acknowledge ({self.key('ack')}).",
        )

        def handle(v: dict[str, str]) -> dict:
            from datetime import timedelta

            minutes = {}
            for name in ("due", "report"):
                text = v[name].strip()
                if text and not text.isdigit():
                    raise FieldProblem(name, f"{text!r} minutes? type a whole number such as 15")
                minutes[name] = int(text) if text else 0
            now = self.session.now()
            when = now + timedelta(minutes=minutes["due"]) if minutes["due"] else None
            body = {"kind": "task_delegated", "task": v["task"], "owner": v["owner"],
                    "due": when.isoformat() if when else None}  # fmt: skip
            if minutes["report"]:  # asked to report back: a status or a note naming them resets it
                body["report_back"] = (now + timedelta(minutes=minutes["report"])).isoformat()
            return body

        self.ask(form, handle)

    def action_ack(self, task: str = "") -> None:
        """A task's status; `task`, the one to start on (a nudge about it)."""
        tasks = self.session.state.open_tasks()
        if not tasks:
            self.app.notify(
                f"No open tasks; {self.key('delegate')} delegates one", severity="warning"
            )
            return
        choices = [(t.id, f"{t.owner}: {t.text} ({TASK_STATUS_TEXT[t.status]})") for t in tasks]
        form = Form(
            "Task status",
            [
                Field("task", "Task", choices, value=task),
                Field("status", "Status", [("acknowledged", "Acknowledged, or reporting back"),
                                           ("done", "Done"), ("dropped", "Dropped")]),
                Field("note", "Note", required=False),
            ],
        )  # fmt: skip
        self.ask(form, lambda v: {"kind": "task_status", "target": v["task"], "status": v["status"],
                                  "note": v["note"]})  # fmt: skip
