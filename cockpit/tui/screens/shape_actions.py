"""The incident's shape on the main screen: `M` records a milestone (impact started or ended,
detected, cause identified, mitigated, a page answered), `N` shows the numbers.

The picker asks what happened (a digit picks), then when (prefilled with the time the picker
opened; any time the one parser reads: 14:02, -5m, yesterday 23:02...) and what goes with
that milestone (component and level, how it was detected, who answered). A time that cannot
be read, or that cannot be (an answer before its page, an impact end before the start it ends:
cockpit.core.shape_order), brings the form back with what was typed and the reason on the
field. A mixin of MainScreen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cockpit.core.impact import impact_windows
from cockpit.core.milestones import (
    DETECTED_HOW_TEXT,
    DetectedHow,
    ImpactLevel,
    Milestone,
    MilestoneName,
)
from cockpit.core.shape_order import ack_problem, milestone_problem
from cockpit.core.timefmt import offset_name
from cockpit.core.timeparse import HINT, PAST, BadTime, parse_time
from cockpit.tui import keymap
from cockpit.tui.screens.form import Field, FieldProblem, Form, FormScreen

if TYPE_CHECKING:  # a mixin of MainScreen, typed as the screen it is mixed into
    from textual.screen import Screen as _Screen

    from cockpit.tui.session import Session
else:
    _Screen = object

PAGE_ANSWERED = "page_acknowledged"
PICK = [*((m.value, f"{m.title:<17} {m.definition}") for m in MilestoneName),
        (PAGE_ANSWERED, f"{'Page answered':<17} Someone acknowledged a page: a human has it.")]  # fmt: skip


class ShapeActions(_Screen):
    """Mixed into MainScreen."""

    session: Session
    save: Callable[..., None]

    def action_milestone(self) -> None:
        opened = self.session.now()  # "now" is when the picker opened, not when it is saved
        form = Form("Record a milestone", [Field("name", "What happened", PICK)],
                    intro="Facts with times: the incident's shape and its numbers "
                    f"({keymap.hint(self.app, 'metrics')}). Resolving and closing are phases "
                    f"({keymap.hint(self.app, 'phase')}).")  # fmt: skip

        def picked(values: dict[str, str] | None) -> None:
            if values:
                self.milestone_form(values["name"], opened, form.answered_by_digit)

        self.app.push_screen(FormScreen(form), picked)

    def milestone_form(self, name: str, opened: datetime, after_digit: int | None = None) -> None:
        s = self.session
        when = opened.astimezone(s.tz)
        fields = [Field("at", "When", value=f"{when:%H:%M:%S}",
                        help=f"{HINT} ({offset_name(opened, s.tz)})")]  # fmt: skip
        if name != PAGE_ANSWERED:
            fields.append(Field("text", "Note", required=False))
        # A choice comes last: its digit picks and saves (Enter behind it only confirms).
        if name == MilestoneName.IMPACT_STARTED:
            fields += [
                Field("component", "Component", required=False, placeholder="the whole service"),
                Field("level", "Level", [(ImpactLevel.OUTAGE.value, "Outage: it does not work"),
                                         (ImpactLevel.DEGRADED.value, "Degraded: slow, errors, "
                                          "part of it"), ("", "Not said")]),
            ]  # fmt: skip
        elif name == MilestoneName.IMPACT_ENDED:
            windows = impact_windows(s.state.milestones).windows
            going = [w.component for w in windows if w.end is None and w.component]
            if going:
                choices = [(c, c) for c in dict.fromkeys(going)]
                fields.append(Field("component", "Where impact ended", [
                    *choices, ("", "Everywhere: the whole service and every component")]))  # fmt: skip
            else:
                fields.insert(1, Field("component", "Component", required=False,
                                       placeholder="the whole service"))  # fmt: skip
        elif name == MilestoneName.DETECTED:
            fields.append(Field("how", "How", [(h.value, DETECTED_HOW_TEXT[h].capitalize())
                                               for h in DetectedHow]))  # fmt: skip
        elif name == PAGE_ANSWERED:
            fields.append(Field("via", "How they answered", required=False,
                                placeholder="pager, phone, chat"))  # fmt: skip
            waiting = [p.person for p in s.state.pages.view() if p.page_id and not p.answered]
            if waiting:
                fields.append(Field("person", "Who answered", [(p, p) for p in
                                                               dict.fromkeys(waiting)]))  # fmt: skip
            else:
                fields.insert(1, Field("person", "Who answered", placeholder="their name"))
        title = "Page answered" if name == PAGE_ANSWERED else MilestoneName(name).title
        form = Form(title, fields, after_digit=after_digit)

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                body, at, offset = self.milestone_body(name, values)
            except FieldProblem as exc:
                again = form.with_values(values, error=str(exc), focus=exc.field)
                self.app.push_screen(FormScreen(again), done)
                return

            def retry(error: str) -> None:
                self.app.push_screen(FormScreen(form.with_values(values, error=error)), done)

            self.save(body, at=at, at_offset=offset, retry=retry)

        self.app.push_screen(FormScreen(form), done)

    def milestone_body(
        self, name: str, v: dict[str, str]
    ) -> tuple[dict[str, Any], datetime, int | None]:
        """The event body and its time from the form's values (FieldProblem if unreadable)."""
        s = self.session
        try:
            when = parse_time(v["at"], s.now(), s.tz, PAST)
        except BadTime as exc:
            raise FieldProblem("at", str(exc)) from None
        if name == PAGE_ANSWERED:
            problem = ack_problem(s.state.pages, v["person"], when.at, s.tz)
            if problem is not None:  # an answer before its page: the time is wrong
                raise FieldProblem("at", problem)
            page = s.state.pages.unanswered_page(v["person"], when.at)
            answer: dict[str, Any] = {"kind": PAGE_ANSWERED, "person": v["person"], "via": v.get("via", ""),
                    "page": page.id if page is not None else ""}  # fmt: skip
            return answer, when.at, when.offset
        body: dict[str, Any] = {"kind": "milestone", "name": name, "component": v.get("component", ""),
                "level": v.get("level") or None, "how": v.get("how") or None,
                "text": v.get("text", "")}  # fmt: skip
        try:
            shaped: Milestone | None = Milestone.model_validate(body)
        except ValueError:  # a component too long...: saving says it, as for any entry
            shaped = None
        problem = milestone_problem(s.state.milestones, shaped, when.at, s.tz) if shaped else None
        if problem is not None:  # an end before the start it ends: the time is wrong
            raise FieldProblem("at", problem)
        return body, when.at, when.offset

    def action_metrics(self) -> None:
        from cockpit.tui.screens.metrics_view import MetricsScreen  # rarely opened: lazily

        hours = getattr(self.app, "settings", None)
        working = hours.working_hours.build() if hours is not None else None
        self.app.push_screen(MetricsScreen(self.session, working,
                                           keymap.hint(self.app, "milestone")))  # fmt: skip
