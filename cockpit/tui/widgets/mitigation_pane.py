"""The current mitigation (only one at a time), who runs it and for how long; then open tasks."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from cockpit.core import rules
from cockpit.core.display import safe
from cockpit.core.vocabulary import TaskStatus
from cockpit.tui import colours, keymap
from cockpit.tui.session import Session
from cockpit.tui.timefmt import short_duration
from cockpit.tui.widgets.content_pane import ContentPane


class MitigationPane(ContentPane):
    DEFAULT_CSS = """
    MitigationPane { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._session: Session | None = None
        self._now: datetime | None = None
        self.border_title = "Current mitigation"

    def show(self, session: Session, now: datetime) -> None:
        self._session, self._now = session, now
        self.update_content()

    def build(self) -> Text:
        text = Text(overflow="ellipsis")
        s, now = self._session, self._now
        if s is None or now is None:
            return text
        flying = s.state.mitigations_in_flight()
        m = flying[-1] if flying else None
        if m is None:
            done = [x for x in s.state.all_mitigations() if x.outcome is not None]
            text.append("None in flight", style=colours.style(self.app, "kind-system"))
            text.append(keymap.offer(self.app, "mitigate", "  ({key} starts one)"),
                        style=colours.style(self.app, "kind-system"))  # fmt: skip
            if done and (outcome := done[-1].outcome) is not None:
                text.append(f"\nLast: {safe(done[-1].what)} → {outcome.value.replace('_', ' ')}")
        else:
            text.append(safe(m.what), style=colours.style(self.app, "kind-action", bold=True))
            text.append(f"\n{safe(m.by)}, for {short_duration(now - m.started_at)}")
            text.append(keymap.offer(self.app, "outcome", "  ({key}: outcome)"),
                        style=colours.style(self.app, "kind-system"))  # fmt: skip
            if len(flying) > 1:
                text.append(
                    f"\n+{len(flying) - 1} more in flight (override)",
                    style=colours.style(self.app, "alarm"),
                )
        unacked = {t.id for t in rules.unacknowledged_tasks(s.state, now)}
        for t in s.state.open_tasks()[-3:]:
            mark = "✓" if t.status is TaskStatus.ACKNOWLEDGED else "…"
            line = f"\n{mark} {safe(t.owner)}: {safe(t.text)}"
            if t.id in unacked:
                text.append(
                    line + " (not acked)", style=colours.style(self.app, "alarm", bold=True)
                )
            elif t.status is TaskStatus.DELEGATED:  # it counts once they acknowledge
                text.append(line)
                text.append(" (waiting for ack)", style=colours.style(self.app, "kind-system"))
            else:
                text.append(line)
        return text
