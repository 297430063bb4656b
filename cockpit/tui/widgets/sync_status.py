"""One line for the sync state: "local only" until a sync object is wired in."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from cockpit.core.display import safe


class SyncStatus(Widget):
    DEFAULT_CSS = """
    SyncStatus { height: 1; width: auto; max-width: 40; background: $panel; padding: 0 1; }
    """

    def __init__(self, sync: Any = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.sync = sync
        self.message = "local only" if sync is None else "sync: starting"

    def set_message(self, message: str) -> None:
        """For the sync engine: one short line such as "synced", "offline, 3 pending"."""
        if message != self.message:
            self.message = message
            self.refresh(layout=True)

    def render(self) -> Text:
        # The detail comes from a server (its error text): shown, never acted on.
        return Text(safe(self.message), no_wrap=True, overflow="ellipsis")
