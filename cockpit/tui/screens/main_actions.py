"""The Incident Commander's actions on the main screen: each asks what it needs in a small
form and records one event. Kept apart from the screen's layout and live-update plumbing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from cockpit.core import progress, roster, rules
from cockpit.core.display import safe
from cockpit.core.events import parse_body
from cockpit.core.timeline import REDACTED
from cockpit.core.vocabulary import (
    INTAKE_QUESTIONS,
    PHASE_HELP,
    SEVERITY_DEFINITIONS,
    Outcome,
    Phase,
    Role,
    Severity,
    TaskStatus,
)
from cockpit.tui import keymap, roster_text
from cockpit.tui.name_suggester import WholeSuggester
from cockpit.tui.screens.dated import Dated
from cockpit.tui.screens.form import Field, FieldProblem, Form, FormScreen
from cockpit.tui.session import Session
from cockpit.tui.timefmt import clock_time

# A task counts as delegated only once its owner acknowledges it: until then it waits.
TASK_STATUS_TEXT = {
    TaskStatus.DELEGATED: "waiting for ack",
    TaskStatus.ACKNOWLEDGED: "acknowledged",
    TaskStatus.DONE: "done",
    TaskStatus.DROPPED: "dropped",
}
OUTCOME_TEXT = {
    Outcome.WORKED: "Worked: impact reduced",
    Outcome.PARTLY: "Partly worked",
    Outcome.NO_EFFECT: "No effect",
    Outcome.MADE_WORSE: "Made it worse",
    Outcome.UNKNOWN: "Unknown / cannot tell yet",
}


class IncidentActions:
    """Mixed into MainScreen, which provides `session`, `save` and the widgets."""

    session: Session
    save: Callable[..., None]
    app: Any
    phase_asks: Callable[[str], bool]  # closing_actions.py
    move_phase: Callable[..., None]

    # ---- plumbing -------------------------------------------------------------------------

    def key(self, action_id: str) -> str:
        """The key bound to an action now (a user's remap included), for hints."""
        return keymap.hint(self.app, action_id)

    def ask(self, form: Form,
            handle: Callable[[dict[str, str]], dict | Dated | Sequence[dict | Dated] | None],
            then: Callable[[], Any] | None = None) -> None:  # fmt: skip
        """Show a form; `handle` turns its values into an event body (`Dated`: backdated), a
        list of them, or None for nothing.

        If a save fails the same form comes back (once), filled in, with the error in it.
        Each write names what the screen showed when the form opened as what its author saw.
        `then` runs once every write is saved (the next form of a sequence), never after a
        failure."""
        seen = self.session.seen()

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                answer = handle(values)
                if isinstance(answer, dict | Dated):
                    answer = [answer]
                bodies = None if answer is None else [
                    b if isinstance(b, Dated) else Dated(b) for b in answer]  # fmt: skip
                for b in bodies or ():
                    parse_body(b.body)  # all valid, or none saved
            except ValueError as exc:  # pydantic's ValidationError is one too
                error, field = str(exc).splitlines()[0], getattr(exc, "field", "")
                again = form.with_values(values, error=error, focus=field)
                self.app.push_screen(FormScreen(again), done)
                return
            if bodies is None:
                return
            if not bodies:
                self.app.notify("nothing changed")
                return
            retried = False
            waiting = len(bodies)

            def retry(error: str) -> None:  # the form comes back once, however many failed
                nonlocal retried
                if not retried:
                    retried = True
                    again = form.with_values(values, error=f"not saved: {error}")
                    self.app.push_screen(FormScreen(again), done)

            def saved() -> None:
                nonlocal waiting
                waiting -= 1
                if waiting == 0 and not retried and then is not None:
                    then()

            for b in bodies:
                self.save(b.body, at=b.at, at_offset=b.at_offset, retry=retry, seen=seen,
                          saved=saved, place=b.at is not None)  # fmt: skip

        self.app.push_screen(FormScreen(form), done)

    # ---- intake -----------------------------------------------------------------------------

    def action_intake(self) -> None:
        s = self.session.state
        questions = [Field(name, question, required=False, placeholder=example)
                     for name, question, example in INTAKE_QUESTIONS]  # fmt: skip
        form = Form("Intake", [Field("title", "Title"), *questions],
                    intro="Answer what you know now; change it as you learn.")  # fmt: skip
        for f in form.fields:
            f.value = s.field(f.name)
            if f.value == REDACTED:  # hidden words are not text to edit: an empty field
                f.value, f.required = "", False
                f.help = ("The title was redacted: type a new one" if f.name == "title" else
                          "Redacted: type it again without the secret, or leave it empty")  # fmt: skip
            if f.name == "service":  # completed from the service catalog (→ accepts)
                f.suggester = WholeSuggester(lambda typed: self.app.catalog.complete(typed))
        shown = {f.name: f.value for f in form.fields}

        def handle(v: dict[str, str]) -> list[dict]:
            # What the person changed in the form, and only that: a field someone else set
            # meanwhile, left as shown, is not written back (nor one already saved).
            now = self.session.state
            return [{"kind": "field_set", "field": name, "value": value}
                    for name, value in v.items()
                    if value != shown[name] and value != now.field(name)]  # fmt: skip

        self.ask(form, handle)

    # ---- severity and phase -----------------------------------------------------------------

    def action_severity(self) -> None:
        current = self.session.state.severity
        words = self.session.aliases  # the team's own words for each, beside it (P0, red)
        choices = [(s.value, f"{words.severity_label(s)}  {SEVERITY_DEFINITIONS[s]}")
                   for s in Severity]  # fmt: skip
        form = Form(
            "Change severity",
            [
                Field(
                    "severity",
                    "Severity (1-4)",
                    choices,
                    value=current.value if current else "SEV2",
                ),
                Field("reason", "Reason", placeholder="who is affected and how badly"),
            ],
            intro="Unsure? Pick the higher one; it can always change later.",
        )
        self.ask(
            form,
            lambda v: {"kind": "severity_set", "severity": v["severity"], "reason": v["reason"]},
        )

    def action_phase(self) -> None:
        choices = [(p.value, f"{p.value:<13} {PHASE_HELP[p]}") for p in Phase]
        form = Form(
            "Move the incident to a phase",
            [
                Field("phase", "Phase", choices, value=self.session.state.phase.value),
                Field("reason", "Reason", required=False),
            ],
        )
        seen = self.session.seen()

        def handle(v: dict[str, str]) -> dict | None:
            if self.phase_asks(v["phase"]):  # resolving, closing: closing_actions.py asks first
                self.move_phase(v["phase"], v["reason"], seen)
                return None
            return {"kind": "phase_set", "phase": v["phase"], "reason": v["reason"]}

        self.ask(form, handle)

    # ---- roles ------------------------------------------------------------------------------

    def action_assign(self) -> None:
        choices = [(r.value, self.session.aliases.role_label(r)) for r in Role]
        empty = rules.empty_critical_roles(self.session.state)
        form = Form(
            "Assign a role",
            [
                Field("role", "Role", choices, value=empty[0].value if empty else Role.IC.value),
                Field("person", "Who", placeholder="their name"),
                Field("note", "Note", required=False),
            ],
            intro=f"Name one person. Handing over IC? {self.key('handover')} asks for a briefing.",
        )
        confirm = self.away_check()

        def handle(v: dict[str, str]) -> dict:
            if Role(v["role"]).critical:
                confirm(v["person"], Role(v["role"]))
            return {"kind": "role_assigned", "role": v["role"], "person": v["person"],
                    "note": v["note"]}  # fmt: skip

        self.ask(form, handle)

    def away_check(self) -> Callable[[str, Role], None]:
        """For a form that hands someone a role that must be held (IC, scribe): the first try
        to hand it to someone on a break or off the call comes back saying so; the same name
        again is the confirmation."""
        warned: set[str] = set()

        def confirm(person: str, role: Role) -> None:
            s = self.session
            away = roster_text.away_text(s.state, person, s.now(), s.tz)
            if away and person not in warned:
                warned.add(person)
                title = "IC" if role is Role.IC else role.title
                raise FieldProblem("person", f"{away}: no {title} until they are back. Enter "
                                   "again hands it to them anyway")  # fmt: skip

        return confirm

    def briefing(self) -> str:
        s = self.session.state
        parts = [f"{s.severity.value if s.severity else 'no severity'}, {s.phase.value}"]
        outgoing = s.holders(Role.IC)
        if outgoing:  # the handover records how long the outgoing IC was on duty
            duty = roster.duty_words(s, outgoing[0].person, self.session.now())
            parts.insert(0, f"outgoing IC {outgoing[0].person}: {duty}")
        impact = progress.impact_words(s, self.session.tz)  # ended when, or ongoing since
        if impact:
            parts.append(f"impact: {impact}")
        m = s.current_mitigation
        parts.append(f"in flight: {m.what} ({m.by})" if m else "nothing in flight")
        still_open = s.open_questions()
        hypotheses = sum(1 for e in still_open if e.kind == "hypothesis")
        if hypotheses:
            parts.append(f"{hypotheses} open hypothes{'is' if hypotheses == 1 else 'es'}")
        if len(still_open) - hypotheses:
            n = len(still_open) - hypotheses
            parts.append(f"{n} open question{'' if n == 1 else 's'}")
        due = self.session.update_clock().due
        if due:
            parts.append(f"next update {clock_time(due, self.session.tz)}")
        return "; ".join(parts)

    def action_handover(self) -> None:
        holders = self.session.state.holders(Role.IC)
        current = holders[0].person if holders else "nobody"
        form = Form(
            "Hand over Incident Commander",
            [
                Field("person", "New IC", placeholder="their name"),
                Field("note", "Handover briefing", value=self.briefing()),
            ],
            intro=f"Current IC: {safe(current)}. Brief them: impact, severity, tried, in flight, next update.",
        )

        confirm = self.away_check()

        def handle(v: dict[str, str]) -> dict:
            if v["person"] == current:
                raise FieldProblem("person", f"{current} is already IC; type the new IC's name")
            confirm(v["person"], Role.IC)
            return {"kind": "role_assigned", "role": "ic", "person": v["person"], "note": v["note"]}

        self.ask(form, handle)

    def action_release(self) -> None:
        holders = [h for hs in self.session.state.role_board().values() for h in hs]
        if not holders:
            self.app.notify(f"Nobody holds a role yet; {self.key('assign')} assigns one",
                            severity="warning")  # fmt: skip
            return
        choices = [(f"{h.role.value}|{h.person}", f"{h.person} as {h.role.title}") for h in holders]
        form = Form(
            "Release from a role",
            [Field("who", "Who", choices), Field("note", "Note", required=False)],
        )

        def handle(v: dict[str, str]) -> dict:
            role, person = v["who"].split("|", 1)
            return {"kind": "role_released", "role": role, "person": person, "note": v["note"]}

        self.ask(form, handle)
