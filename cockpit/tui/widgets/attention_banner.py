"""The attention line: one line, shown only when a nudge is due, naming the most urgent one
(cockpit.core.nudges says which, and why) with the key that deals with it; `!` lists the
others, `S` snoozes this one. A click opens the list too.

It works the nudges out once per tick and per change (`show`); the footer and the screen's
actions read them from here (`found`, `active`) instead of working them out again.
"""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events
from textual.widget import Widget

from cockpit.core.display import safe
from cockpit.core.nudges import Nudge
from cockpit.tui import keymap
from cockpit.tui.session import Session


class AttentionBanner(Widget):
    DEFAULT_CSS = """
    AttentionBanner { height: 1; text-wrap: nowrap; text-overflow: ellipsis; display: none; background: $warning; color: $background; text-style: bold; padding: 0 1; }
    AttentionBanner.-show { display: block; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.found: list[Nudge] = []  # every nudge due, snoozed ones too, most urgent first
        self.active: list[Nudge] = []  # the ones not snoozed
        self.line = ""
        self._parts = ("", "")  # (the nudge, the keys): the keys always fit (render)

    def show(self, session: Session, now: datetime) -> None:
        self.found = session.nudges(now)
        self.active = [n for n in self.found if not n.snoozed]
        line = self._line()
        if line != self.line:
            shown = bool(line) != bool(self.line)
            self.line = line
            self.set_class(bool(line), "-show")
            self.refresh(layout=shown)  # a layout only when it comes or goes

    def _line(self) -> str:
        if not self.active:
            self._parts = ("", "")
            return ""
        top = self.active[0]
        text = top.text[:1].upper() + top.text[1:]  # texts never start with a name
        count = f"[1/{len(self.active)}] " if len(self.active) > 1 else ""
        deal = keymap.BY_ID.get(top.action)
        hints = [self.key(top.action, f"{{key}} {deal.label.lower()}")] if deal is not None else []
        if top.rule == "downgrade":  # S asks for the decision, either way
            hints = [self.key("snooze", "{key} decide")]
        else:
            hints.append(self.key("snooze", "{key} snooze"))
        if len(self.active) > 1:
            hints.append(self.key("nudges", "{key} all"))
        hints = [h for h in hints if h]  # a follower has no key that writes
        self._parts = (safe(count + text), "".join(" · " + h for h in hints))
        return "".join(self._parts)

    def key(self, action_id: str, text: str) -> str:
        """The action's key as `text` says it; nothing for a follower, who has no such key."""
        return keymap.offer(self.app, action_id, text)

    @property
    def top(self) -> Nudge | None:
        return self.active[0] if self.active else None

    @property
    def lines(self) -> list[str]:
        return [self.line] if self.line else []

    def due(self, rule: str) -> bool:
        """Is a nudge of this rule due now, and not snoozed (shown first or not)?"""
        return any(n.rule == rule for n in self.active)

    @property
    def idle(self) -> bool:
        return self.due("idle")

    @property
    def unacked(self) -> bool:
        return self.due("task_unacked")

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.screen.run_action("nudges")

    def render(self) -> Text:
        # The line quotes names, tasks and values people typed: one line, safe. A long one
        # gives way in its text, never in its keys.
        said, keys = self._parts
        room = self.content_region.width - cell_len(keys)
        if cell_len(said) > room:
            said = set_cell_size(said, max(room - 1, 0)) + "…"
        return Text(said + keys, no_wrap=True, overflow="ellipsis")
