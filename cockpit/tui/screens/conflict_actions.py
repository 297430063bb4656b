"""Settling a conflict from the keyboard: X shows the standing values of the first conflict
and writes the one picked (an event whose `prev` names them all, so it ends the conflict on
every terminal it syncs to)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cockpit.core import conflicts
from cockpit.tui.screens.form import Field, Form
from cockpit.tui.session import Session


class ConflictActions:
    """Mixed into MainScreen, which provides `session`, `ask` and `save`."""

    session: Session
    ask: Callable[..., None]
    app: Any

    def action_resolve_conflict(self) -> None:
        state = self.session.state
        clashes = state.conflicts()
        if not clashes:
            self.app.notify("No conflicts: everyone saw each other's changes.")
            return
        c = clashes[0]
        choices = [
            (str(i), f"{conflicts.show(c.register, w.value)}  (set by {w.author} at {w.at:%H:%M})")
            for i, w in enumerate(c.writes)
        ]
        form = Form(
            f"Conflict: {conflicts.what(c.register, state)}",
            [Field("pick", "Keep which value?", choices, value="0")],
            intro="Two people set this without seeing each other. Pick the one that stands.",
        )
        self.ask(form, lambda v: conflicts.keep(c.register, c.writes[int(v["pick"])].value))
