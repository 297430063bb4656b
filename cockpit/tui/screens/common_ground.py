"""Common ground: what the team suspects and does not know yet, in one list everyone sees.

Open hypotheses and open questions, oldest first; each can be confirmed or ruled out
(hypotheses) or answered (questions), which records an `entry_resolved` event. Below, what
is already settled. The list follows the incident as events arrive.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from cockpit.core import kinds
from cockpit.core.display import safe
from cockpit.core.events import Event
from cockpit.core.vocabulary import Resolution
from cockpit.tui.session import Session

Resolve = Callable[[Event, Resolution], None]
SETTLED = {
    Resolution.CONFIRMED: "confirmed",
    Resolution.RULED_OUT: "ruled out",
    Resolution.ANSWERED: "answered",
}


class CommonGroundScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    CommonGroundScreen { align: center middle; }
    CommonGroundScreen > Vertical {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: thick $primary; padding: 0 1;
    }
    CommonGroundScreen #cg-title { text-style: bold; }
    CommonGroundScreen OptionList { height: auto; max-height: 16; }
    CommonGroundScreen #cg-settled { max-height: 10; }
    CommonGroundScreen .cg-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("c", "resolve('confirmed')", "Confirm", id="cg_confirm"),
        Binding("r", "resolve('ruled_out')", "Rule out", id="cg_rule_out"),
        Binding("a", "resolve('answered')", "Answer", id="cg_answer"),
        Binding("escape,g", "close", "Close", id="cg_close"),
    ]

    def __init__(self, session: Session, resolve: Resolve | None) -> None:
        """`resolve` None: a follower's list, to read (its confirm, rule out and answer are
        absent)."""
        super().__init__()
        self.session, self.resolve = session, resolve
        self._shown: tuple[str, ...] | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Common ground: what we suspect and what we do not know", id="cg-title")
            yield OptionList(id="cg-open")
            yield Static("", id="cg-settled")
            hint = "c confirm · r rule out (hypotheses) · a answer (questions) · Esc closes"
            yield Label(hint if self.resolve else "Esc closes", classes="cg-hint")

    def on_mount(self) -> None:
        self.show()
        self.set_interval(0.5, self.show)  # resolutions from here or elsewhere show up

    def on_screen_resume(self) -> None:
        self.show()

    def _text(self, e: Event) -> str:
        """The entry's text as the timeline shows it now, on one line, safe."""
        tl = self.session.timeline
        i = tl.index_of(e.id)
        return safe(tl[i].text if i is not None else e.body.describe(tz=tl.tz))

    def open_items(self) -> list[Event]:
        return self.session.state.open_questions()

    def show(self) -> None:
        state = self.session.state
        items = self.open_items()
        ids = tuple(e.id for e in items) + (str(len(state.open_items)),)
        if ids == self._shown:
            return
        self._shown = ids
        ol = self.query_one(OptionList)
        keep = ol.highlighted
        ol.clear_options()
        tz = self.session.tz
        for e in items:
            label = kinds.label(e.kind).upper().ljust(kinds.LABEL_WIDTH)
            line = Text.assemble(
                (f"{e.at.astimezone(tz):%H:%M} ", "dim"),
                (label, "bold"),
                f" {self._text(e)}  ",
                (f"({safe(e.author)})", "dim"),
            )
            ol.add_option(Option(line, id=e.id))
        if not items:
            ol.add_option(
                Option(
                    "Nothing open"
                    + (": y records a hypothesis, q a question" if self.resolve else ""),
                    disabled=True,
                )  # fmt: skip
            )
        ol.highlighted = min(keep or 0, max(0, len(items) - 1)) if items else None
        settled = Text()
        for item_id, e in state.open_items.items():
            w = state.resolution(item_id)
            if w is not None:
                settled.append(f"✓ {SETTLED.get(w.value, str(w.value)):<9} ", style="bold")
                settled.append(f"{self._text(e)}\n")
        self.query_one("#cg-settled", Static).update(settled or Text("Nothing settled yet."))

    def selected(self) -> Event | None:
        ol = self.query_one(OptionList)
        opt = ol.highlighted_option
        if opt is None or opt.id is None:
            return None
        return next((e for e in self.open_items() if e.id == opt.id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.resolve is not None or action != "resolve"

    def action_resolve(self, how: str) -> None:
        if self.resolve is None:
            return
        self.show()  # what is open now, not at the last tick
        e = self.selected()
        if e is None:
            self.notify("Nothing open to settle", severity="warning")
            return
        resolution = Resolution(how)
        if e.kind == "question" and resolution is not Resolution.ANSWERED:
            self.notify(
                "A question is answered (a), not confirmed or ruled out", severity="warning"
            )
            return
        if e.kind == "hypothesis" and resolution is Resolution.ANSWERED:
            self.notify("A hypothesis is confirmed (c) or ruled out (r)", severity="warning")
            return
        self.resolve(e, resolution)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        e = self.selected()
        if self.resolve is None:
            return
        if e is not None and e.kind == "question":
            self.resolve(e, Resolution.ANSWERED)
        elif e is not None:
            self.notify("c confirms it, r rules it out")

    def action_close(self) -> None:
        self.dismiss(None)
