"""A small modal form: a few text fields and choices, all from the keyboard.

Enter moves to the next field and, on the last one, saves; Esc cancels. In a choice list the
arrows move and Enter picks, and digits 1-9 pick directly and move on, as Enter would. People
type a digit and then Enter out of habit (`a`, `3`, Enter, `zed`): that Enter confirms the
pick, it does not skip the field the digit moved to. The result is a dict of strings (or
None when cancelled); the caller turns it into an event.

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
from textual.suggester import Suggester
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
    suggester: Suggester | None = None  # completes a text field (→ accepts)


@dataclass
class Form:
    title: str
    fields: list[Field]
    intro: str = ""
    values: dict[str, str] = field(default_factory=dict)  # to refill after a failed save
    error: str = ""  # why the last try failed, shown above the hint until the next try
    focus: str = ""  # the field to start in (the one the error is about), if not the first
    # The form before this one, which this one follows from, was answered by a digit: the
    # app's count of keys read then (`keys_read`). An Enter read right behind that digit
    # confirms the pick; it does not act on this form.
    after_digit: int | None = None
    answered_by_digit: int | None = field(default=None, init=False)  # set by a digit

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
        # The app's count of keys read when a digit picked: an Enter read next confirms the
        # pick (see the module's docstring). In read order, as the bindings run: keys typed
        # in between (a reason right behind the digit) count, though not yet in the field.
        self._picked_at: int | None = form.after_digit
        self._queued_digit = False  # the same, for keys queued on the screen before it mounted

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
                                    compact=compact, suggester=f.suggester)  # fmt: skip
            yield Label(safe_multiline(self.form.error), id="form-error", markup=False)  # typing
            yield Label("Enter: next / save · Esc: cancel", id="form-hint")

    def on_mount(self) -> None:
        names = [f.name for f in self.form.fields]
        at = names.index(self.form.focus) if self.form.focus in names else 0
        self._focus(self._widgets()[at])

    def _keys_read(self) -> int | None:
        """How many keys the app has read (CockpitApp counts them), or None elsewhere."""
        return getattr(self.app, "keys_read", None)

    def _confirms_digit(self) -> bool:
        """Is this Enter the key read right behind a digit that picked?"""
        picked_at, self._picked_at = self._picked_at, None
        read = self._keys_read()
        return picked_at is not None and read is not None and read == picked_at + 1

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
        focused = self.focused
        if action == "pick":  # a digit picks only in a choice list; elsewhere it is typed
            n = parameters[0]
            return (
                isinstance(focused, OptionList) and isinstance(n, int) and n <= focused.option_count
            )
        if action == "next_field":  # before the form has a field: queued, in turn (on_key)
            return focused is not None
        return True

    def action_next_field(self) -> None:
        if self._confirms_digit():
            return
        focused = self.focused
        if focused in self._widgets():
            self._next(focused)

    def action_pick(self, n: int) -> None:
        focused = self.focused
        if isinstance(focused, OptionList):
            self._pick(focused, n)
            self._picked_at = self._keys_read()

    def _pick(self, options: OptionList, n: int) -> None:
        options.highlighted = n - 1
        if options is self._widgets()[-1]:
            # answers the form: a form opened because of it takes the Enter behind it too
            self.form.answered_by_digit = self._keys_read()
        self._next(options)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:  # a click on a choice
        event.stop()
        self._next(event.option_list)

    def on_key(self, event: Key) -> None:
        """Keys queued on the screen: typed before the form could mount (read while no field
        had the focus), or on a field just left. Taken in turn, as the bindings would."""
        focused = self.focused
        if focused is None and (event.key == "enter" or event.is_printable):
            focused = self._widgets()[0]  # typed faster than the form could mount
            self._focus(focused)
        digit = self._queued_digit
        self._queued_digit = False
        if event.key == "enter" and focused is not None:
            event.stop()
            if not digit:
                self.action_next_field()
            return
        n = int(event.key) if event.key in "123456789" and len(event.key) == 1 else 0
        if isinstance(focused, OptionList) and 0 < n <= focused.option_count:
            event.stop()
            self._pick(focused, n)
            self._queued_digit = True
            return
        if isinstance(focused, Input) and event.is_printable and event.character:
            # typed before the focus moved here (queued on the previous field): keep it
            event.stop()
            focused.insert_text_at_cursor(event.character)

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
