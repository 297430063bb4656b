"""One line for the sync state: "local only" until a sync object is wired in."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from cockpit.core.display import safe
from cockpit.tui.header_fit import fit_status


class SyncStatus(Widget):
    DEFAULT_CSS = """
    SyncStatus { height: 1; width: auto; background: $panel; padding: 0 1; }
    """

    def __init__(self, sync: Any = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.sync = sync
        self.message = "local only" if sync is None else "sync: starting"

    class Changed(Message):
        """The line changed: the screen gives it its room in the header (header_fit)."""

    def set_message(self, message: str) -> None:
        """For the sync engine: one short line such as "synced", "offline, 3 pending"."""
        if message != self.message:
            self.message = message
            self.refresh(layout=True)
            self.post_message(self.Changed())

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return cell_len(safe(self.message))  # all of it; the header may give it less

    def render(self) -> Text:
        # The detail comes from a server (its error text): shown, never acted on. Too long
        # for the room the header leaves it: the reason gives way, not the state.
        line = fit_status(safe(self.message), self.content_size.width)
        return Text(line, no_wrap=True, overflow="ellipsis")
