"""One line that appears only when the team needs a nudge: two people set the same thing
without seeing each other (a conflict, settled with X), nothing in progress for a while (the
IC breaks the deadlock), or delegated tasks nobody has acknowledged."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widget import Widget

from cockpit.core import conflicts, rules
from cockpit.core.display import safe
from cockpit.tui import keymap
from cockpit.tui.session import Session
from cockpit.tui.timefmt import short_duration


class AttentionBanner(Widget):
    DEFAULT_CSS = """
    AttentionBanner { height: auto; max-height: 3; text-wrap: nowrap; text-overflow: ellipsis; display: none; background: $warning; color: $background; text-style: bold; padding: 0 1; }
    AttentionBanner.-show { display: block; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lines: list[str] = []

    def show(self, session: Session, now: datetime) -> None:
        lines = []
        idle = rules.idle_for(session.state, now)
        if idle is not None:
            lines.append(
                f"Nothing in progress for {short_duration(idle)}: start a mitigation"
                f"{self.key('mitigate')} or delegate a task{self.key('delegate')} — the IC "
                "breaks the deadlock."
            )
        unacked = rules.unacknowledged_tasks(session.state, now)
        if unacked:
            parts = [
                f"{t.owner}: {t.text} ({short_duration(now - t.delegated_at)})" for t in unacked[:3]
            ]
            more = f" +{len(unacked) - 3} more" if len(unacked) > 3 else ""
            lines.append(f"Not acknowledged{self.key('ack', ' ({key} when they ack)')}: " + "; ".join(parts)
                         + more)  # fmt: skip
        clashes = session.state.conflicts()
        if clashes:
            first = conflicts.summary(clashes[0], session.state)
            more = f" (+{len(clashes) - 1} more)" if len(clashes) > 1 else ""
            lines.insert(0, f"Conflict, set without seeing each other: {first}{more}"
                            f"{self.key('resolve', ' — {key} picks one')}")  # fmt: skip
        if lines != self.lines:
            self.lines = lines
            self.set_class(bool(lines), "-show")
            self.refresh(layout=True)

    def key(self, action_id: str, text: str = " ({key})") -> str:
        """The action's key as `text` says it; nothing for a follower, who has no such key."""
        return keymap.offer(self.app, action_id, text)

    @property
    def idle(self) -> bool:
        return any(line.startswith("Nothing in progress") for line in self.lines)

    @property
    def unacked(self) -> bool:
        return any(line.startswith("Not acknowledged") for line in self.lines)

    def render(self) -> Text:
        # Each line quotes names, tasks and values people typed: one line each, safe.
        return Text("\n".join(map(safe, self.lines)), no_wrap=True, overflow="ellipsis")
