"""The update composer: `u` opens it on the audience due soonest, prefilled from the record.

Keys: the choices first (1-4 the audience, a letter the template, i/d/m/r a customer's stage,
+/- the next update's time), Enter or Tab to the text, Tab again to the destinations (space
picks), Esc back to the choices and, from there, closed (the draft is kept for next time).
ctrl+s posts: the update is recorded (audience, stage, text, destinations) and the outbox
sends it. ctrl+o (or y among the choices) copies the text to the clipboard through the
terminal (OSC 52, so it works over SSH), made safe first.

Before posting, what needs a look is said above the keys: a prompt not written yet, words in
a customer update that look internal (a name, a link, a line of evidence), no time for the
next update. ctrl+s once more posts anyway. An answer to a deferred question left unwritten
(`‹answer›`) is refused, the text kept: the asker would read it as answered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList, TextArea
from textual.widgets.selection_list import Selection

from cockpit.core.display import safe, safe_multiline
from cockpit.tui.safe_fields import SafeTextArea
from cockpit.tui.update_draft import Draft
from cockpit.tui.widgets.composer_choices import ComposerChoices
from cockpit.tui.widgets.update_preview import UpdatePreview

HINT = "Enter: write · Tab: next · ctrl+s: post · ctrl+o: copy · Esc: back / close"


class ComposerScreen(ModalScreen[dict | None]):
    DEFAULT_CSS = """
    ComposerScreen { align: center middle; }
    ComposerScreen > #composer {
        width: 100%; max-width: 140; height: 100%; max-height: 44;
        background: $surface; border: thick $primary; padding: 0 1;
    }
    ComposerScreen #composer-title { text-style: bold; width: 100%; }
    ComposerScreen #composer-body { height: 1fr; }
    ComposerScreen #composer-text { width: 1fr; height: 100%; }
    ComposerScreen #composer-preview { width: 1fr; height: 100%; }
    ComposerScreen #composer-to { height: auto; max-height: 5; border: none; padding: 0; }
    ComposerScreen #composer-to-label { color: $text-muted; width: 100%; }
    ComposerScreen #composer-warn { color: $warning; text-style: bold; width: 100%; }
    ComposerScreen #composer-error { color: $error; text-style: bold; width: 100%; }
    ComposerScreen #composer-hint { color: $text-muted; width: 100%; }
    ComposerScreen.-compact > #composer { border: none; padding: 0; }
    ComposerScreen.-compact #composer-body { layout: vertical; }
    ComposerScreen.-compact #composer-text { width: 100%; height: 1fr; }
    ComposerScreen.-compact #composer-preview { width: 100%; height: 7; }
    """
    COMPACT_BELOW = (100, 32)
    BINDINGS = [
        Binding("ctrl+s", "post", "Post", id="composer_post", priority=True),
        Binding("ctrl+o", "copy", "Copy", id="composer_copy", priority=True),
        Binding("escape", "back", "Back / close", id="composer_back"),
    ]

    def __init__(self, draft: Draft, internal: Callable[[], Iterable[str]] | None = None,
                 error: str = "", keep: Callable[[str], Any] | None = None) -> None:  # fmt: skip
        super().__init__()
        self.draft = draft
        self.keep = keep  # told each edited text, to keep it in the file (nothing is lost)
        # The record's texts, not for customers: read when a customer update is posted (a
        # long timeline is too many to compare at every key).
        self.internal = internal or (lambda: ())
        self.error = error
        self._confirmed: list[str] | None = None  # the warnings a second ctrl+s posts past
        self.warning = ""

    # ---- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        width, height = self.app.size
        self.set_class(width < self.COMPACT_BELOW[0] or height < self.COMPACT_BELOW[1], "-compact")
        with Vertical(id="composer"):
            yield Label(safe(f"Status update · {self.draft.label}"), id="composer-title",
                        markup=False)  # fmt: skip
            yield ComposerChoices(self.draft, id="composer-choices")
            with Horizontal(id="composer-body"):
                yield SafeTextArea(self.draft.text, id="composer-text", soft_wrap=True,
                                   tab_behavior="focus")  # fmt: skip
                yield UpdatePreview(id="composer-preview")
            yield Label("Send to (Tab here, space picks):", id="composer-to-label")
            yield SelectionList[str](id="composer-to")
            error = Label(safe_multiline(self.error), id="composer-error", markup=False)
            error.display = bool(self.error)
            yield error
            yield Label("", id="composer-warn", markup=False)
            yield Label(HINT, id="composer-hint", markup=False)

    def on_mount(self) -> None:
        self._destinations()
        self._after_change()
        self.set_focus(self.query_one(ComposerChoices))

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#composer-text", TextArea)

    # ---- following the choices and the text --------------------------------------------------

    def draft_changed(self) -> None:
        """The draft changed from outside (templates read again, a kept draft restored)."""
        self._destinations()
        self._show_text()
        self._after_change()

    def on_key(self, event: events.Key) -> None:
        """Keys typed right behind `u`, before the choices had the focus: theirs."""
        if self.focused is None:
            choices = self.query_one(ComposerChoices)
            self.set_focus(choices)
            choices.on_key(event)

    @on(ComposerChoices.Picked)
    def _picked(self, message: ComposerChoices.Picked) -> None:
        d, what, value = self.draft, message.what, message.value
        d.touched = True
        if what == "text":
            self.set_focus(self.text_area)
            return
        if what == "copy":
            self.action_copy()
            return
        if what == "audience":
            d.pick_audience(value)  # type: ignore[arg-type]
            self._destinations()
        elif what == "template":
            d.pick_template(str(value))
            self._destinations()  # the announcement has destinations of its own
        elif what == "cycle":
            d.cycle_template()
        elif what == "stage":
            d.pick_stage(value)  # type: ignore[arg-type]
        elif what == "next":
            d.step_next(int(value))  # type: ignore[call-overload]
        self._show_text()
        self._after_change()

    def _show_text(self) -> None:
        area = self.text_area
        if area.text != self.draft.text:
            area.load_text(self.draft.text)

    @on(TextArea.Changed, "#composer-text")
    def _typed(self, event: TextArea.Changed) -> None:
        d = self.draft
        was_edited = d.is_edited
        if event.text_area.text != d.text:
            d.touched = True
        d.set_text(event.text_area.text)
        if self.keep is not None and (d.is_edited or was_edited):
            self.keep(d.text if d.is_edited else "")
        self._after_change()

    def _destinations(self) -> None:
        """The destinations this audience can go to, the chosen ones ticked."""
        d = self.draft
        chosen = set(d.selected())
        box = self.query_one("#composer-to", SelectionList)
        box.clear_options()
        offered = d.offered()
        box.add_options([Selection(Content(f"{safe(x.name)} ({safe(x.type)})"), x.name,
                                   x.name in chosen) for x in offered])  # fmt: skip
        box.display = bool(offered)
        self.query_one("#composer-to-label").display = bool(offered)
        if offered:
            box.highlighted = 0

    @on(SelectionList.SelectedChanged, "#composer-to")
    def _chosen(self, event: SelectionList.SelectedChanged) -> None:
        self.draft.choose(event.selection_list.selected)
        self._after_change()

    def _after_change(self) -> None:
        self._confirmed = None
        self.query_one(ComposerChoices).refresh(layout=True)
        self.query_one(UpdatePreview).show(self.draft.previews(), bool(self.draft.destinations))
        self._warn("; ".join(self.draft.warnings()))

    # ---- acting -------------------------------------------------------------------------------

    def action_post(self) -> None:
        d = self.draft
        if not d.text.strip():
            self._say_error("the update is empty; write it, or Esc twice to close")
            self.set_focus(self.text_area)
            return
        refused = d.refusal()
        if refused:  # never posted past: a question would read as answered, with no answer
            self._say_error(f"not posted: {refused}")
            self.set_focus(self.text_area)
            return
        warnings = d.warnings(self.internal() if d.audience.external else ())
        if warnings and self._confirmed != warnings:
            self._confirmed = warnings
            self._warn("; ".join(warnings) + ". ctrl+s again posts it as it is")
            return
        self.dismiss(d.body())

    def _warn(self, text: str) -> None:
        self.warning = text  # as shown (tests read it: the label wraps it)
        self.query_one("#composer-warn", Label).update(safe(text))

    def _say_error(self, text: str) -> None:
        label = self.query_one("#composer-error", Label)
        label.update(safe(text))
        label.display = True

    def action_copy(self) -> None:
        text = safe_multiline(self.draft.body()["text"])
        self.app.copy_to_clipboard(text)
        lines = text.count("\n") + 1
        self.app.notify(f"Copied the update ({lines} lines) to the clipboard", timeout=3)

    def action_back(self) -> None:
        choices = self.query_one(ComposerChoices)
        if self.focused is not choices:
            self.set_focus(choices)
            return
        self.dismiss(None)
