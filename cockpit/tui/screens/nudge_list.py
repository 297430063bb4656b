"""Every nudge due now (`!`), most urgent first, each with why; the snoozed ones say until
when, by whom and why. Enter deals with the highlighted one (opens what its key opens), `s`
snoozes it, Esc closes. The list follows the incident while it is open. A follower (`cockpit
watch`) reads it and nothing more: no keys that write are offered or taken."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cockpit.core.display import safe
from cockpit.core.nudges import Nudge
from cockpit.core.pace import NudgeSnoozed
from cockpit.tui import keymap
from cockpit.tui.session import Session
from cockpit.tui.timefmt import clock_time

# What the list hands back: ("act" | "snooze", nudge id), or None when closed.
Picked = tuple[str, str] | None


class NudgeListScreen(ModalScreen[Picked]):
    DEFAULT_CSS = """
    NudgeListScreen { align: center middle; }
    NudgeListScreen > Vertical {
        width: 110; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: thick $warning; padding: 0 1;
    }
    NudgeListScreen #nudges-title { text-style: bold; }
    NudgeListScreen OptionList { height: auto; max-height: 24; }
    NudgeListScreen .nudges-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("s", "pick('snooze')", "Snooze", id="nudges_snooze"),
        Binding("escape,exclamation_mark", "close", "Close", id="nudges_close"),
    ]

    def __init__(self, session: Session, now: Callable[[], datetime]) -> None:
        super().__init__()
        self.session, self.now = session, now
        self.found: list[Nudge] = []
        self._shown: object = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Needs attention, most urgent first", id="nudges-title")
            yield OptionList(id="nudges-list", markup=False)
            hint = "Enter deals with it · s snoozes it (until a time, with a reason) · Esc closes"
            if keymap.watching(self.app):
                hint = "Watching, read-only · Esc closes"
            yield Label(hint, classes="nudges-hint")

    def on_mount(self) -> None:
        self.show()
        self.set_interval(1.0, self.show)  # a snooze, an ack, the clock: the list follows

    def show(self) -> None:
        now = self.now()
        found = self.session.nudges(now)
        late = [c for c in self.session.update_clocks() if c.overdue(now)] if not found else []
        shown = ([(n.id, n.text, n.snooze.id if n.snooze else "") for n in found],
                 [c.audience.value for c in late])  # fmt: skip
        if shown == self._shown:
            return
        self._shown = shown
        ol = self.query_one(OptionList)
        keep = ol.highlighted_option.id if ol.highlighted_option is not None else None
        self.found = found
        ol.clear_options()
        if not found:  # an overdue update is the countdown's, not a nudge: never "nothing"
            words = "Nothing needs attention now."
            if late:
                who = " and ".join(c.audience.value for c in late)
                post = keymap.offer(self.app, "update", " ({key} posts one)")
                words = f"No nudge now, but the update to {who} is overdue{post}."
            ol.add_option(Option(words, id="", disabled=True))
            return
        options: list[Option | None] = []
        for n in found:  # a rule between them: each is two lines
            options += [None] if options else []
            options.append(Option(self._prompt(n), id=n.id))
        ol.add_options(options)
        ids = [n.id for n in found]
        ol.highlighted = ol.get_option_index(keep) if keep in ids else 0

    def _prompt(self, n: Nudge) -> Text:
        """The nudge, then (dim) the key that deals with it and, when snoozed, until when, by
        whom and why: on a line of their own, so that they never wrap into the text."""
        words = safe(n.text[:1].upper() + n.text[1:])  # never starts with a name
        deal = keymap.BY_ID.get(n.action)
        how = keymap.offer(self.app, n.action, f"{{key}} {deal.label.lower()}") if deal else ""
        text = Text(words, style="dim" if n.snooze is not None else "")
        text.append(f"\n   {how}", style="dim")
        if n.snooze is not None:
            body = cast(NudgeSnoozed, n.snooze.body)
            text.append(f"{' · ' if how else ''}snoozed until {clock_time(body.until, self.session.tz)} by "
                        f"{safe(n.snooze.author)}: {safe(body.reason)}", style="dim italic")  # fmt: skip
        return text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and not keymap.watching(self.app):
            self.dismiss(("act", event.option.id))

    def action_pick(self, what: str) -> None:
        opt = self.query_one(OptionList).highlighted_option
        if opt is not None and opt.id and not keymap.watching(self.app):
            self.dismiss((what, opt.id))

    def action_close(self) -> None:
        self.dismiss(None)
