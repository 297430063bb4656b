"""A small modal form: a few text fields and choices, all from the keyboard.

Enter moves to the next field and, on the last one, saves; Esc cancels. In a choice list the
arrows move and Enter picks, and digits 1-9 pick directly. The result is a dict of strings
(or None when cancelled); the caller turns it into an event.

Titles, intros, labels, choices and errors quote what people typed (a mitigation, a name, a
task): every one is shown through `cockpit.core.display`, and a field's value is shown safe
while it stays as typed (`SafeInput`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from cockpit.core.display import safe, safe_multiline
from cockpit.tui.safe_fields import SafeInput


class FieldProblem(ValueError):
    """What is wrong with one field's value: the form comes back focused on that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class Field:
    name: str
    label: str
    choices: list[tuple[str, str]] | None = None  # (value, what the list shows)
    value: str = ""
    required: bool = True
    placeholder: str = ""
    help: str = ""


@dataclass
class Form:
    title: str
    fields: list[Field]
    intro: str = ""
    values: dict[str, str] = field(default_factory=dict)  # to refill after a failed save
    error: str = ""  # why the last try failed, shown above the hint until the next try
    focus: str = ""  # the field to start in (the one the error is about), if not the first

    def with_values(self, values: dict[str, str], error: str = "", focus: str = "") -> Form:
        for f in self.fields:
            if f.name in values:
                f.value = values[f.name]
        self.error = error
        self.focus = focus
        return self


class FormScreen(ModalScreen[dict[str, str] | None]):
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > #form {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: thick $primary; padding: 0 1; overflow-y: auto;
    }
    FormScreen Label { width: 100%; }  /* long sentences wrap instead of being cut */
    FormScreen #form-title { text-style: bold; }
    FormScreen .form-label { margin-top: 1; }
    FormScreen .form-help { color: $text-muted; }
    FormScreen OptionList { height: auto; max-height: 10; }
    FormScreen #form-error { color: $error; text-style: bold; }
    FormScreen #form-hint { color: $text-muted; }
    FormScreen.-compact .form-label { margin-top: 0; }
    FormScreen.-compact > #form { border: none; }
    /* without borders a field needs its own ground, and the focused one a clear mark */
    FormScreen.-compact Input, FormScreen.-compact OptionList { background: $boost; }
    FormScreen.-compact Input:focus, FormScreen.-compact OptionList:focus {
        background: $primary 35%;
    }
    """
    COMPACT_BELOW = (100, 32)  # width, height: fields without borders, as the main screen
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form_cancel"),
        Binding("ctrl+s", "submit", "Save", id="form_save"),
        # Enter, and a digit in a choice list, act as the app reads the key, not once the
        # field gets to it: the app hands each key to the field focused when it reads it, so
        # keys typed right behind (a fast typist, tmux, a script) went to the field just left,
        # and a second Enter submitted that field again instead of moving on.
        Binding("enter", "next_field", "Next", id="form_next", priority=True, show=False),
        *(Binding(str(d), f"pick({d})", show=False, priority=True) for d in range(1, 10)),
    ]

    def __init__(self, form: Form) -> None:
        super().__init__()
        self.form = form
        self._answered = False

    def compose(self) -> ComposeResult:
        width, height = self.app.size
        compact = width < self.COMPACT_BELOW[0] or height < self.COMPACT_BELOW[1]
        self.set_class(compact, "-compact")  # at 80x24 a five-field form fits, title to hint
        with Vertical(id="form"):
            yield Label(safe(self.form.title), id="form-title", markup=False)
            if self.form.intro:
                yield Label(safe_multiline(self.form.intro), classes="form-help", markup=False)
            for f in self.form.fields:
                yield Label(safe(f.label) + ("" if f.required else " (optional)"),
                            classes="form-label", markup=False)  # fmt: skip
                if f.help:
                    yield Label(safe_multiline(f.help), classes="form-help", markup=False)
                if f.choices is not None:
                    options = [
                        Option(f"{i}. {safe(text)}" if i < 10 else safe(text), id=value)
                        for i, (value, text) in enumerate(f.choices, start=1)
                    ]
                    ol = OptionList(*options, id=f"field-{f.name}", markup=False,  # names
                                    compact=compact)  # fmt: skip
                    values = [v for v, _ in f.choices]
                    ol.highlighted = values.index(f.value) if f.value in values else 0
                    yield ol
                else:
                    # Not Input's select-on-focus: that runs when the focus event is
                    # handled, after keys already typed, and selects them too (the next key
                    # then replaces them). `_focus` selects a filled-in value at once instead.
                    yield SafeInput(f.value, placeholder=safe(f.placeholder),
                                    id=f"field-{f.name}", select_on_focus=False,
                                    compact=compact)  # fmt: skip
            yield Label(safe_multiline(self.form.error), id="form-error", markup=False)  # typing
            yield Label("Enter: next / save · Esc: cancel", id="form-hint")

    def on_mount(self) -> None:
        names = [f.name for f in self.form.fields]
        at = names.index(self.form.focus) if self.form.focus in names else 0
        self._focus(self._widgets()[at])

    def _focus(self, widget: Input | OptionList) -> None:
        """Focus a field now; a filled-in value is selected, so typing replaces it."""
        self.set_focus(widget)
        if isinstance(widget, Input) and widget.value:
            widget.select_all()

    def _widgets(self) -> list[Input | OptionList]:
        return [cast("Input | OptionList", self.query_one(f"#field-{f.name}"))
                for f in self.form.fields]  # fmt: skip

    def _next(self, widget: Input | OptionList) -> None:
        widgets = self._widgets()
        i = widgets.index(widget)
        if i + 1 < len(widgets):
            # now, not later: keys typed after this must land in the next field (keys typed
            # before it are already queued on this one, which still takes them)
            self._focus(widgets[i + 1])
        else:
            # once this field has taken the keys queued on it before this Enter
            widget.call_later(self.action_submit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":  # a digit picks only in a choice list; elsewhere it is typed
            focused = self.focused
            n = parameters[0]
            return (
                isinstance(focused, OptionList) and isinstance(n, int) and n <= focused.option_count
            )
        return True

    def action_next_field(self) -> None:
        focused = self.focused
        if focused in self._widgets():
            self._next(focused)

    def action_pick(self, n: int) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            focused.highlighted = n - 1
            self._next(focused)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:  # a click on a choice
        event.stop()
        self._next(event.option_list)

    def on_key(self, event: Key) -> None:
        focused = self.focused
        if isinstance(focused, Input) and event.is_printable and event.character:
            # typed before the focus moved here (queued on the previous field): keep it
            event.stop()
            focused.insert_text_at_cursor(event.character)
            return
        if focused is None and event.character and event.character.isprintable():
            # typed faster than the form could mount: give the key to the first field
            first = self._widgets()[0]
            self.set_focus(first)
            focused = first
            if isinstance(first, Input):
                event.stop()
                first.insert_text_at_cursor(event.character)
                return

    def values(self) -> dict[str, str]:
        out = {}
        for f, w in zip(self.form.fields, self._widgets(), strict=True):
            if isinstance(w, OptionList):
                opt = w.highlighted_option
                out[f.name] = opt.id if opt is not None and opt.id is not None else ""
            else:
                out[f.name] = w.value.strip()
        return out

    def action_submit(self) -> None:
        if self._answered:  # a second Enter queued behind the first: the form is done
            return
        values = self.values()
        for f, w in zip(self.form.fields, self._widgets(), strict=True):
            if f.required and not values[f.name]:
                self.query_one("#form-error", Label).update(
                    safe(f"{f.label}: needed; type it, or Esc to cancel")
                )
                self._focus(w)  # now: the next keys are for this field
                return
        self._answer(values)

    def action_cancel(self) -> None:
        self._answer(None)

    def _answer(self, values: dict[str, str] | None) -> None:
        # Once: a second dismiss, with no result callback left, pops the screen below.
        if not self._answered:
            self._answered = True
            self.dismiss(values)
