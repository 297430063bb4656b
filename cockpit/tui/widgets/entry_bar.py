"""The entry bar: type a note, decision, evidence... and press Enter.

Enter hands the text to the screen and clears the bar, which stays open for the next entry.
The screen shows the entry in the timeline only once it is committed; if the save fails, the
text comes back here with a one-line error, so nothing typed is lost. Ctrl+O switches the
kind without leaving the bar; a leading time (`14:02 ...`, `-5m ...`) backdates the entry.
`@` completes names already in the incident (→ accepts). A multi-line paste switches the bar
to a text area that keeps it verbatim (ctrl+s saves it); F2 switches to it by hand. Ctrl+L
empties the bar (again brings the text back). Every change is announced (`Changed`) so the
screen can keep a draft in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, TextArea

from cockpit.core import kinds
from cockpit.core.display import safe
from cockpit.core.kinds import ENTRY_KINDS
from cockpit.tui import keymap, paint_hold
from cockpit.tui.name_suggester import NameSuggester
from cockpit.tui.safe_fields import SafeTextArea
from cockpit.tui.widgets.entry_input import EntryInput

PLACEHOLDERS = {k.name: k.prompt for k in kinds.TABLE if k.entry}


def idle_hint(keys: dict[str, str], watching: bool = False) -> str:
    """While the bar does not have the keys (they run the screen's actions), it says how to
    start, with the keys as they are now (a user's remaps included). A follower's bar says
    what it may do instead: it never writes."""

    def key(action_id: str) -> str:
        k = keymap.key_label(keymap.key_for(action_id, keys))
        return k.upper() if k[:1] == "f" and k[1:].isdigit() else k  # F1, as on the key

    if watching:
        return (f"watching, read-only · {key('search')} search · {key('filter')} filter · "
                f"{key('common_ground')} open questions · {key('help')} every key")  # fmt: skip
    return (f"{key('note')} to write a note · {key('decision')} decision · "
            f"{key('evidence')} evidence · {key('help')} every key")  # fmt: skip


class EntryBar(Horizontal):
    DEFAULT_CSS = """
    EntryBar { height: 3; background: $panel; }
    EntryBar.-multi { height: 12; }
    EntryBar > #entry-text { display: none; width: 1fr; height: 1fr; }
    EntryBar.-multi > #entry-text { display: block; }
    EntryBar.-multi > #entry-input { display: none; }
    EntryBar.-multi > #entry-status { max-width: 22; }
    EntryBar > #entry-kind { width: 12; padding: 1 1 0 1; text-style: bold; }
    EntryBar > #entry-input { width: 1fr; }
    EntryBar > #entry-status { width: auto; max-width: 50; padding: 1 1 0 1; color: $error; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close bar", id="entry_close"),
        Binding("ctrl+o", "cycle_kind", "Switch kind", id="entry_kind"),
        Binding("f2", "multiline", "Several lines", id="entry_multiline"),
        Binding("ctrl+l", "clear", "Clear", id="entry_clear"),
        Binding("ctrl+s", "save_multiline", "Save", id="entry_save", show=False),
    ]

    class Submitted(Message):
        def __init__(self, kind: str, text: str) -> None:
            super().__init__()
            self.kind = kind
            self.text = text

    class Closed(Message):
        pass

    class Changed(Message):
        """What the bar holds now (for the draft kept in the file)."""

        def __init__(self, kind: str, text: str) -> None:
            super().__init__()
            self.kind = kind
            self.text = text

    def __init__(self, names: Callable[[], Iterable[str]] = lambda: (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.kind = "note"
        # Open or not is a flag, not a CSS class: a class change restyles the bar's whole
        # subtree (the text area's too), ~5 ms of the key that opens it.
        self._open = False
        self.names = names  # the names seen in the incident, for @name completion
        self._cleared: tuple[str, str] | None = None  # (kind, text) the last ctrl+l took
        self._idle = ""

    def compose(self) -> ComposeResult:
        watching = keymap.watching(self.app)
        yield Label("watching" if watching else "note", id="entry-kind")
        suggester = NameSuggester(lambda: self.names())
        self._idle = idle_hint(getattr(self.app, "keymap_overrides", {}), watching)
        yield EntryInput(
            placeholder=self._idle,
            id="entry-input",
            suggester=suggester,
            select_on_focus=False,  # reopening must not select the kept text for overtyping
            disabled=watching,  # nothing typed here could be saved: a click does not focus it
        )
        yield SafeTextArea(id="entry-text", soft_wrap=True, tab_behavior="focus")
        yield Label("", id="entry-status", markup=False)  # may quote typing

    @property
    def input(self) -> Input:
        return self.query_one("#entry-input", Input)

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#entry-text", TextArea)

    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def multiline(self) -> bool:
        return self.has_class("-multi")

    @property
    def text(self) -> str:
        """What is typed now, in whichever mode."""
        return self.text_area.text if self.multiline else self.input.value

    def open(self, kind: str = "note") -> None:
        self.set_kind(kind)
        if not self._open and self.input.value.strip() and not self.status:
            self.set_status("kept from before; ctrl+l clears")
        self._open = True
        # at once, so the next keys land in the bar
        self.screen.set_focus(self.text_area if self.multiline else self.input)

    def set_kind(self, kind: str) -> None:
        changed = kind != self.kind
        self.kind = kind
        label = self.query_one("#entry-kind", Label)
        if str(label.content) != kind:  # each update of an auto-height label is a layout
            label.update(kind)
        if self.input.has_focus:
            self.input.placeholder = PLACEHOLDERS.get(kind, "")
        if changed:
            self.post_message(self.Changed(self.kind, self.text))

    # ---- several lines ----------------------------------------------------------------------

    def set_multiline(self, text: str) -> None:
        """Switch to the text area (kept verbatim; ctrl+s saves)."""
        self.input.value = ""
        self.add_class("-multi")
        area = self.text_area
        area.text = text
        area.move_cursor(area.document.end)
        if self.is_open:
            self.screen.set_focus(area)
        self.set_status("kept verbatim; ctrl+s saves")

    def set_single_line(self, text: str = "") -> None:
        self.remove_class("-multi")
        self.text_area.text = ""
        self.input.value = text
        self.input.cursor_position = len(text)
        if self.is_open:
            self.screen.set_focus(self.input)

    def action_multiline(self) -> None:
        if not self.multiline:
            self.set_multiline(self.input.value)
        elif "\n" not in self.text_area.text.strip("\n"):
            self.set_single_line(self.text_area.text.strip("\n"))
            self.set_status("")
        else:
            self.set_status("several lines: ctrl+s saves them, or delete lines to go back")

    def action_save_multiline(self) -> None:
        if self.multiline:
            text = self.text_area.text
            if not text.strip():
                return
            self.set_single_line()
            self.set_status("")
            self.post_message(self.Submitted(self.kind, text))

    def on_entry_input_multi_line_paste(self, event: EntryInput.MultiLinePaste) -> None:
        event.stop()
        inp = self.input
        before, after = inp.value[: inp.cursor_position], inp.value[inp.cursor_position :]
        if self.kind == "note":
            self.set_kind("evidence")  # pasted log lines are evidence; ctrl+o changes it
        self.set_multiline(before + event.text + after)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.kind, event.value))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.kind, event.text_area.text))

    @property
    def status(self) -> str:
        return str(self.query_one("#entry-status", Label).content)

    def set_status(self, message: str) -> None:
        message = safe(message)  # an error may quote what was typed
        label = self.query_one("#entry-status", Label)
        if str(label.content) != message:  # an auto-width label: each update is a layout
            label.update(message)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.input:
            self.input.placeholder = PLACEHOLDERS.get(self.kind, "")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.input:
            self.input.placeholder = self._idle

    def action_clear(self) -> None:
        """Empty the bar (a draft not wanted any more); again on an empty bar brings it back."""
        text = self.text
        if text.strip():
            self._cleared = (self.kind, text)
            self.set_single_line()
            self.set_status("cleared; ctrl+l again brings it back")
        elif self._cleared is not None:
            (kind, text), self._cleared = self._cleared, None
            self.set_status("")
            self.restore(kind, text, "brought back")
        self.post_message(self.Changed(self.kind, self.text))

    def action_cycle_kind(self) -> None:
        i = ENTRY_KINDS.index(self.kind) if self.kind in ENTRY_KINDS else -1
        self.set_kind(ENTRY_KINDS[(i + 1) % len(ENTRY_KINDS)])

    def action_close(self) -> None:
        self._open = False  # the typed text stays in the input for next time
        self.post_message(self.Closed())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        if not text.strip():
            return
        self.set_status("")
        self.post_message(self.Submitted(self.kind, text))

    def restore(self, kind: str, text: str, error: str) -> None:
        """A save failed (or a draft came back): put the text back, before anything typed
        since, and say why."""
        paint_hold.release(self.app)  # not saved: show it now
        current = self.text
        self.set_kind(kind)
        if "\n" in text.strip("\n") or self.multiline:
            self.set_multiline(text if not current else f"{text}\n{current}")
        else:
            self.input.value = text if not current else f"{text} {current}"
            self.input.cursor_position = len(self.input.value)  # keys typed next go after it
        self._open = True
        self.set_status(error)
