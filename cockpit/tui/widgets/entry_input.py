"""The entry bar's one-line input: a multi-line paste (log lines, a stack trace) is not cut to
its first line, as a plain Input would; it goes to the bar, which keeps it verbatim. Enter
clears it at once (not when the bar handles the message later), so keys typed right after
Enter belong to the next entry. What is typed or pasted stays as it is; it is shown safe
(a pasted line with colour codes shows `␛[31m`, never acts: `SafeLines`)."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from cockpit.tui import paint_hold
from cockpit.tui.safe_fields import SafeLines


class EntryInput(SafeLines, Input):
    class MultiLinePaste(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def _watch_value(self, value: str) -> None:
        # Input's own watcher sets `virtual_size`, which asks for a layout of the whole screen
        # on every keystroke (tens of ms on a busy screen). The width only bounds scrolling
        # inside this one-line input, so set it quietly and repaint just the input.
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        self._suggestion = ""
        if self.suggester and "@" in value:  # only names complete: no worker per key otherwise
            self.run_worker(self.suggester._get_suggestion(self, value))
        self.refresh()
        self.post_message(self.Changed(self, value, None))  # the bar keeps a draft of it

    def _on_paste(self, event: events.Paste) -> None:
        # Terminals (and tmux) send a pasted line break as a carriage return, as Enter does.
        text = event.text.replace("\r\n", "\n").replace("\r", "\n")
        if "\n" in text.strip("\n"):
            event.stop()
            event.prevent_default()  # not Input's own handler, which keeps the first line
            self.post_message(self.MultiLinePaste(text))
        elif "\n" in text:  # one line with a break before or after it: that line, not ""
            event.stop()
            event.prevent_default()
            self.insert_text_at_cursor(text.strip("\n"))

    async def on_key(self, event: events.Key) -> None:
        # Enter submits here, in turn with the keys typed around it. Input's own enter
        # binding runs only once the key has bubbled up to the app, and by then the keys typed
        # right behind it (a burst: `n`, a line, Enter, the next line...) are already in.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()

    async def action_submit(self) -> None:
        value = self.value
        if value.strip():
            paint_hold.hold(self.app)  # the cleared bar is drawn with the saved entry
            self.value = ""
        self.post_message(self.Submitted(self, value, None))
