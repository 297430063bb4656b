"""The follow-ups view (F): the incident's action items, open ones first and the overdue ones
at the top, each with its kind, owner and due date; `a` adds one, Enter (or `d`) closes the
selected one with a note (done or dropped), `o` reopens a closed one. The list follows the
incident as follow-ups arrive, from here or from elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cockpit.core.display import safe
from cockpit.core.followups import Followup, FollowupStatus, by_urgency, followups
from cockpit.core.timefmt import days_word
from cockpit.core.timeline import REDACTED
from cockpit.tui.session import Session

Act = Callable[[Followup | None], None]


class FollowupsScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    FollowupsScreen { align: center middle; }
    FollowupsScreen > Vertical {
        width: 110; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: thick $primary; padding: 0 1;
    }
    FollowupsScreen #fu-title { text-style: bold; }
    FollowupsScreen OptionList { height: auto; max-height: 20; }
    FollowupsScreen .fu-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("a", "add", "Add", id="fu_add"),
        Binding("d", "close_one", "Close with a note", id="fu_close"),
        Binding("o", "reopen", "Reopen", id="fu_reopen"),
        Binding("escape,F", "dismiss_view", "Close", id="fu_dismiss"),
    ]

    def __init__(self, session: Session, add: Act | None, close: Act | None,
                 reopen: Act | None) -> None:  # fmt: skip
        """None for the actions: a follower's list, to read (add, close, reopen absent)."""
        super().__init__()
        self.session = session
        self.on_add, self.on_close, self.on_reopen = add, close, reopen
        self._seen: tuple[object, ...] | None = None

    @property
    def writes(self) -> bool:
        return self.on_add is not None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Follow-ups: what this incident leaves to do", id="fu-title")
            yield OptionList(id="fu-list")
            hint = "a add · Enter or d close with a note (done, dropped) · o reopen · Esc closes"
            yield Label(hint if self.writes else "Esc closes", classes="fu-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.writes or action not in ("add", "close_one", "reopen")

    def on_mount(self) -> None:
        self.show()
        self.set_interval(0.5, self.show)  # added or closed here or elsewhere: shown

    def on_screen_resume(self) -> None:
        self.show()

    def items(self) -> list[Followup]:
        return by_urgency(followups(self.session.state), self.session.now())

    def _shown(self, event_id: str | None, text: str) -> str:
        row = self.session.timeline.by_id.get(event_id or "")
        return REDACTED if row is not None and row.redacted else safe(text)

    def _line(self, f: Followup) -> Text:
        now, tz = self.session.now(), self.session.tz
        if f.overdue(now):
            status, style = "OVERDUE", "bold red"
        elif f.open:
            status, style = "open", "bold"
        else:
            status, style = f.status.value, "dim"
        due = "no due date"
        if f.due is not None:
            day = f.due.astimezone(tz).date()
            due = f"due {day:%Y-%m-%d} ({days_word(day, now.astimezone(tz).date())})"
        closed = f" — {self._shown(f.status_id, f.note)}" if f.note and not f.open else ""
        return Text.assemble(
            (f"{status:<8} ", style),
            self._shown(f.id, f.text),
            "\n" + " " * 9,
            (f"{f.category.value} · owner {safe(f.owner)} · ", "dim"),
            (due, "bold red" if f.overdue(now) else "dim"),
            (closed, "dim"),
        )

    def show(self) -> None:
        items = self.items()
        now = self.session.now()
        key = tuple((f.id, f.status, f.note, f.overdue(now)) for f in items)
        if key == self._seen:
            return
        self._seen = key
        ol = self.query_one(OptionList)
        keep = ol.highlighted
        ol.clear_options()
        for f in items:
            ol.add_option(Option(self._line(f), id=f.id))
        if not items:
            more = ": a adds one (one owner, a due date, a kind)" if self.writes else ""
            ol.add_option(Option(f"None yet{more}", disabled=True))
        ol.highlighted = min(keep or 0, len(items) - 1) if items else None

    def selected(self) -> Followup | None:
        opt = self.query_one(OptionList).highlighted_option
        if opt is None or opt.id is None:
            return None
        return next((f for f in self.items() if f.id == opt.id), None)

    def action_add(self) -> None:
        if self.on_add is not None:
            self.on_add(None)

    def action_close_one(self) -> None:
        f = self.selected()
        if self.on_close is None:
            return
        if f is None:
            self.notify("No follow-up selected: a adds one", severity="warning")
        elif f.status is not FollowupStatus.OPEN:
            self.notify(f"It is {f.status.value} already; o reopens it", severity="warning")
        else:
            self.on_close(f)

    def action_reopen(self) -> None:
        f = self.selected()
        if self.on_reopen is None:
            return
        if f is None or f.open:
            self.notify("Select a closed follow-up to reopen it", severity="warning")
        else:
            self.on_reopen(f)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_close_one()

    def action_dismiss_view(self) -> None:
        self.dismiss(None)
