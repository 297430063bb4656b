"""The IC's inbox: stakeholders' questions, so that managers ask the IC, never the engineers.

Questions still waiting on the IC first (open, oldest first), then the ones passed on as tasks
and those deferred (they can still be answered here); below, what the asker already has an
answer to. Each is answered (a, Enter), deferred (d: the composer lists it in the next update to
executives, which answers it), or passed to a named person as a task (p). The list follows the
incident as events arrive, here or from elsewhere.
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

from cockpit.core import inbox
from cockpit.core.display import safe
from cockpit.core.inbox import Question, Status
from cockpit.core.timeline import REDACTED
from cockpit.tui.session import Session

Act = Callable[[Question], None]
WAITING_ORDER = {Status.OPEN: 0, Status.PASSED: 1, Status.DEFERRED: 2}
MARK = {Status.OPEN: "open", Status.PASSED: "passed", Status.DEFERRED: "deferred"}


class InboxScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    InboxScreen { align: center middle; }
    InboxScreen > Vertical {
        width: 110; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: thick $primary; padding: 0 1;
    }
    InboxScreen #inbox-title { text-style: bold; }
    InboxScreen OptionList { height: auto; max-height: 16; }
    InboxScreen #inbox-settled { max-height: 10; }
    InboxScreen .inbox-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("a", "act('answer')", "Answer", id="inbox_answer"),
        Binding("d", "act('defer')", "Defer", id="inbox_defer"),
        Binding("p", "act('pass_on')", "Pass on", id="inbox_pass"),
        Binding("escape,Q", "close", "Close", id="inbox_close"),
    ]

    def __init__(self, session: Session, answer: Act, defer: Act, pass_on: Act) -> None:
        super().__init__()
        self.session = session
        self.acts = {"answer": answer, "defer": defer, "pass_on": pass_on}
        self._shown: tuple | None = None
        self.waiting: list[Question] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Inbox: stakeholders' questions to the IC", id="inbox-title")
            yield OptionList(id="inbox-waiting")
            yield Static("", id="inbox-settled")
            yield Label("a answer · d defer to the next update · p pass on as a task · Esc closes",
                        classes="inbox-hint")  # fmt: skip

    def on_mount(self) -> None:
        self.show()
        self.set_interval(0.5, self.show)  # settled here or elsewhere: it shows

    def on_screen_resume(self) -> None:
        self.show()

    def _line(self, q: Question) -> Text:
        text = REDACTED if q.redacted else q.text
        who = q.asker if q.by == q.asker else f"{q.asker} (via {q.by})"
        line = Text.assemble(
            (f"{q.at.astimezone(self.session.tz):%H:%M} ", "dim"),
            (f"{MARK.get(q.status, q.status.value):<9}", "bold"),
            f"{safe(who)}: ",
            safe(text),
        )
        if q.status is Status.PASSED:
            task = self.session.state.task(q.task)
            status = f", {task.status.value}" if task else ""
            line.append(f"  → {safe(q.to)}{status}", style="dim")
        elif q.status is Status.DEFERRED:
            line.append("  → the next update to executives", style="dim")
        return line

    def show(self) -> None:
        s = self.session
        everything = inbox.questions(s.state, s.timeline)
        waiting = sorted((q for q in everything if not q.replied),
                         key=lambda q: WAITING_ORDER.get(q.status, 3))  # fmt: skip
        replied = [q for q in everything if q.replied]
        key = tuple((q.id, q.status, q.task and str(s.state.task(q.task))) for q in everything)
        if key == self._shown:
            return
        self._shown = key
        self.waiting = waiting
        ol = self.query_one(OptionList)
        keep = ol.highlighted
        ol.clear_options()
        for q in waiting:
            ol.add_option(Option(self._line(q), id=q.id))
        if not waiting:
            ol.add_option(Option("Nothing waiting: stakeholders ask with `cockpit ask "
                                 f"{s.label} \"...\" --from NAME`", disabled=True))  # fmt: skip
        ol.highlighted = min(keep or 0, max(0, len(waiting) - 1)) if waiting else None
        done = Text()
        for q in replied[-8:]:  # the latest few: the rest are in the timeline
            done.append("✓ ", style="bold")
            done.append(f"{safe(q.asker)}: {REDACTED if q.redacted else safe(q.text)}")
            if q.covered_by is not None:
                said = f": {safe(q.answer)}" if q.answer else ""
                done.append("  → in the update of "
                            f"{q.covered_by.at.astimezone(s.tz):%H:%M}{said}\n", style="dim")  # fmt: skip
            else:
                answer = REDACTED if q.answer_redacted else safe(q.answer)
                done.append(f"  → {answer}\n", style="dim")
        self.query_one("#inbox-settled", Static).update(done or Text("Nothing answered yet."))

    def selected(self) -> Question | None:
        opt = self.query_one(OptionList).highlighted_option
        if opt is None or opt.id is None:
            return None
        return next((q for q in self.waiting if q.id == opt.id), None)

    def action_act(self, what: str) -> None:
        self.show()  # what waits now, not at the last tick
        q = self.selected()
        if q is None:
            self.notify("No question waiting", severity="warning")
            return
        if what == "defer" and q.status is Status.DEFERRED:
            self.notify("Already deferred: the next update to executives answers it")
            return
        self.acts[what](q)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_act("answer")

    def action_close(self) -> None:
        self.dismiss(None)
