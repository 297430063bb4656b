"""The entry bar's one-line input: a multi-line paste (log lines, a stack trace) is not cut to
its first line, as a plain Input would; it goes to the bar, which keeps it verbatim. Enter
clears it at once (not when the bar handles the message later), so keys typed right after
Enter belong to the next entry. What is typed or pasted stays as it is; it is shown safe
(a pasted line with colour codes shows `␛[31m`, never acts: `SafeLines`)."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.suggester import Suggester
from textual.widgets import Input

from cockpit.tui import paint_hold
from cockpit.tui.safe_fields import SafeLines


class EntryInput(SafeLines, Input):
    class MultiLinePaste(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    # Input sets `virtual_size` on every change of its value (the width it scrolls within), and
    # on Widget that asks for a layout of the whole screen: tens of ms a key on a busy screen.
    # A one-line input of a fixed size: a repaint of the input is all it needs.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    # Only names complete (`@pri` -> `@priya`): Input asks its suggester in a worker on every
    # change of the value, so the suggester is there only while an `@` is; most keys then cost
    # no worker at all.
    @property
    def suggester(self) -> Suggester | None:
        return self._names if "@" in self.value else None

    @suggester.setter
    def suggester(self, suggester: Suggester | None) -> None:
        self._names = suggester

    def on_paste(self, event: events.Paste) -> None:
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
