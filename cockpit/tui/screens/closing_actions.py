"""The end of an incident on the main screen (the rules: cockpit.core.closing).

- Moving the phase (`p`) to resolved, or closed straight from an open phase, shows the
  resolution criteria to tick and, before the monitoring window has ended, asks why now
  (screens/resolve_dialog.py); moving to closed with loose ends (a mitigation in flight, an
  open task, a recovery item not done) lists them and asks why close anyway. Each answer is
  recorded beside the phase change (`criteria_checked`, `close_overridden`).
- `A`, the all-clear: the composer opens on the final update (the all_clear template, for
  responders); once it is posted every role is released ("stood down") and the stand-down is
  recorded; with a destination for customers, the composer opens again on theirs (stage
  resolved).
- `O` reopens a resolved or closed incident: back to investigating (or the phase it was in
  before), with a reason.

A mixin of MainScreen; the dialog is imported when first opened (it is rarely needed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cockpit.core import closing
from cockpit.core.milestones import ENDED_PHASES
from cockpit.core.vocabulary import PHASE_HELP, Audience, Phase
from cockpit.tui.screens.form import Field, Form, FormScreen

if TYPE_CHECKING:  # a mixin of MainScreen, typed as the screen it is mixed into
    from textual.screen import Screen as _Screen

    from cockpit.core.checklists import Checklist
    from cockpit.tui.session import Session
else:
    _Screen = object


class ClosingActions(_Screen):
    """Mixed into MainScreen."""

    session: Session
    save: Callable[..., None]
    ask: Callable[..., None]
    open_composer: Callable[..., None]

    def check_closing_action(self, action: str) -> bool:
        state = self.session.state
        if action == "all_clear":
            return closing.all_clear_refusal(state) is None
        if action == "reopen":
            return state.phase in ENDED_PHASES
        return True

    def _own(self) -> tuple[Checklist, ...]:
        return tuple(getattr(self.app, "user_checklists", ()))

    def _move(self, to: Phase) -> closing.Move:
        s = self.session
        return closing.check_move(s.state, to, s.now(), policy=s.monitor, own=self._own())

    # ---- resolving and closing (from the phase form) ------------------------------------------

    def phase_asks(self, to: str) -> bool:
        """Does moving to this phase ask something first (the criteria, loose ends)?"""
        move = self._move(Phase(to))
        return move.resolving or bool(move.loose)

    def move_phase(self, to: str, reason: str, seen: dict | None = None) -> None:
        """Move the phase to `to`, asking first what the move needs."""
        move = self._move(Phase(to))
        if not move.resolving:
            self._ask_loose(move, reason, None, seen)
            return
        from cockpit.tui.screens.resolve_dialog import ResolveScreen  # rarely: lazily

        s = self.session
        ticked = closing.ticked_criteria(s.state, move.criteria)

        def answered(result: tuple[tuple[str, ...], str] | None) -> None:
            if result is not None:
                met, why = result
                self._ask_loose(move, why, met, seen)

        self.app.push_screen(ResolveScreen(move, ticked, reason, s.now(), s.tz, s.label),
                             answered)  # fmt: skip

    def _ask_loose(self, move: closing.Move, reason: str, met: tuple[str, ...] | None,
                   seen: dict | None) -> None:  # fmt: skip
        if not move.loose:
            self._save_move(move, reason, met, "", seen)
            return
        n = len(move.loose)
        still = "\n".join(f"• {x.text}" for x in move.loose)
        form = Form(
            f"Close {self.session.label} with {n} loose end{'s' if n != 1 else ''}?",
            [Field("override", "Why close anyway", placeholder="handed over to INC-4, say")],
            intro=f"Still open:\n{still}\n\nClosing anyway records what was open and why. "
            "Esc: cancel, and finish them first.",
        )  # fmt: skip

        def answered(values: dict[str, str] | None) -> None:
            if values is not None:
                self._save_move(move, reason, met, values["override"].strip(), seen)

        self.app.push_screen(FormScreen(form), answered)

    def _save_move(self, move: closing.Move, reason: str, met: tuple[str, ...] | None,
                   override: str, seen: dict | None) -> None:  # fmt: skip
        """The phase change, then what goes with it, each naming it."""
        made: list[Any] = []
        body = {"kind": "phase_set", "phase": move.to.value, "reason": reason}
        self.save(body, seen=seen, made=made.append)
        if not made:
            return  # refused (a follower) or not valid: `save` said why
        phase_id = made[0].id
        if met is not None:
            self.save(closing.criteria_body(move, met, phase_id))
        if override:
            self.save(closing.override_body(move, override, phase_id))

    # ---- the all-clear -------------------------------------------------------------------------

    def action_all_clear(self) -> None:
        from cockpit.core import updates
        from cockpit.core.update_destinations import destinations_from

        refusal = closing.all_clear_refusal(self.session.state)
        if refusal is not None:
            self.notify(f"No all-clear yet: {refusal}", severity="warning", timeout=6)
            return
        settings = self.app.settings  # type: ignore[attr-defined]  # CockpitApp
        customers = [d for d in destinations_from(settings.destinations)
                     if Audience.CUSTOMERS in d.audiences]  # fmt: skip

        def posted(update: Any) -> None:
            state = self.session.state
            if closing.all_clear_refusal(state) is not None:
                return  # stood down meanwhile (another terminal)
            bodies = closing.stand_down_bodies(state, update.id)
            for body in bodies:
                self.save(body)
            n = len(bodies) - 1
            self.notify(f"All clear: {n} role{'s' if n != 1 else ''} released, responders stood "
                        "down. Thank you all.", timeout=6)  # fmt: skip
            if customers:  # the final word to customers too (stage resolved)
                self.open_composer(updates.ALL_CLEAR, audience=Audience.CUSTOMERS)

        self.open_composer(updates.ALL_CLEAR, audience=Audience.RESPONDERS, posted=posted)

    # ---- reopening -----------------------------------------------------------------------------

    def action_reopen(self) -> None:
        state = self.session.state
        if state.phase not in ENDED_PHASES:
            self.notify(f"{self.session.label} is {state.phase.value}: nothing to reopen",
                        timeout=4)  # fmt: skip
            return
        choices = [(p.value, f"{p.value:<13} {PHASE_HELP[p]}") for p in
                   closing.reopen_choices(state)]  # fmt: skip
        form = Form(
            f"Reopen {self.session.label}",
            [Field("reason", "Why reopen", placeholder="the 5xx are back, say"),
             Field("phase", "Back to", choices, value=closing.REOPEN_TO.value)],
            intro=f"It is {state.phase.value}. Reopening is recorded with its reason; the "
            "metrics then count its final resolution.",
        )  # fmt: skip
        self.ask(form, lambda v: {"kind": "phase_set", "phase": v["phase"],
                                  "reason": v["reason"].strip()})  # fmt: skip
