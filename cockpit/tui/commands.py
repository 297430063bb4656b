"""The command palette (ctrl+p): every main-screen action by name, plus checklist items.

An action is found by its help line and by the other words people use for it (keymap's
`Action.words`: "resolve" is a phase change); a query that starts one of those words ranks
the action above the ones whose help only happens to contain it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cockpit.core import checklists
from cockpit.core.display import safe
from cockpit.tui.keymap import ACTIONS, key_for


class Command(NamedTuple):
    title: str
    help: str
    run: Callable[[], Any]
    words: tuple[str, ...] = ()  # lower case: what else it is called

    def named(self, query: str) -> bool:
        """Does the query start one of its other names?"""
        q = query.strip().lower()
        return bool(q) and any(w.startswith(q) for w in self.words)


class CockpitCommands(Provider):
    def commands(self) -> list[Command]:
        from cockpit.tui.screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        keys = getattr(self.app, "keymap_overrides", {})
        out: list[Command] = []
        for a in ACTIONS:
            name = a.action.split("(")[0]
            if screen.check_action(name, ()) is not True:
                continue
            key = safe(key_for(a.id, keys))  # from the config file
            words = tuple(w.lower() for w in a.words)
            out.append(Command(a.title, f"key: {key}", partial(screen.run_action, a.action), words))
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
            out.append(Command(*shown, partial(screen.save, body)))
        return out

    async def discover(self) -> Hits:
        for c in self.commands():
            yield DiscoveryHit(c.title, c.run, help=c.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for c in self.commands():
            score = matcher.match(c.title)
            if score > 0:
                score *= 2 if c.named(query) else 1  # what it is called over what it mentions
                yield Hit(score, matcher.highlight(c.title), c.run, help=c.help)
