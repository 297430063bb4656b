"""The command palette (ctrl+p): every main-screen action by name, plus checklist items."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cockpit.core import checklists
from cockpit.core.display import safe
from cockpit.tui.keymap import ACTIONS, key_for


class CockpitCommands(Provider):
    def commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        from cockpit.tui.screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        keys = getattr(self.app, "keymap_overrides", {})
        out: list[tuple[str, str, Callable[[], Any]]] = []
        for a in ACTIONS:
            name = a.action.split("(")[0]
            if screen.check_action(name, ()) is not True:
                continue
            key = safe(key_for(a.id, keys))  # from the config file
            out.append((a.help, f"key: {key}", partial(screen.run_action, a.action)))
        if screen.session.watching is not None:
            return out  # a follower ticks nothing
        state = screen.session.state
        current = checklists.for_phase(state.phase, getattr(self.app, "user_checklists", ()))
        for item in current.items:
            if checklists.evident(state, current, item) is not None:
                continue  # done by the record itself: nothing to tick or untick
            checked = bool(state.checked(current.name, item))
            verb = "Untick" if checked else "Tick"
            body = {"kind": "checklist_item", "checklist": current.name, "item": item,
                    "checked": not checked}  # fmt: skip
            shown = (f"{verb}: {safe(item)}", f"{safe(current.title)} checklist")  # a user's file
            out.append((*shown, partial(screen.save, body)))
        return out

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
