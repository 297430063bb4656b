"""The metrics view (`N`): the incident's numbers, each beside its definition, live; Tab
switches to the numbers across every incident in the file (`cockpit stats`).

The numbers are computed from the session's state once a second (a few milestones and
updates: cheap); the stats across incidents are read from the file in a thread, once when
first shown and again on `r`. The lines are the CLI's (cockpit.core.metrics_text), shown safe.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from cockpit.core.display import safe
from cockpit.core.metrics import compute
from cockpit.core.metrics_text import metrics_lines, stats_lines
from cockpit.core.stats import Stats, summarize
from cockpit.core.timefmt import zone_name
from cockpit.core.workhours import WorkingHours
from cockpit.store import across
from cockpit.tui.session import Session

PANE_WIDTH = 110
HEADINGS = ("Impact windows", "Mitigations tried", "Status updates", "Time at each severity",
            "By severity", "By month", "Metric", "Follow-ups", "Pages")  # fmt: skip


def styled(lines: list[str]) -> Text:
    """The page's lines, safe, with the headings and the metric names in bold."""
    out = Text()
    for line in lines:
        shown = safe(line)
        if line.startswith(HEADINGS) or (line[:1].isupper() and not line.startswith(" ")):
            out.append(shown + "\n", style="bold" if line.startswith(HEADINGS) else "")
        else:
            out.append(shown + "\n", style="dim" if line.startswith("     ") else "")
    return out


class MetricsScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    MetricsScreen { align: center middle; }
    MetricsScreen > VerticalScroll {
        width: 110; max-width: 100%; height: auto; max-height: 100%;  /* PANE_WIDTH */
        background: $surface; border: thick $primary; padding: 0 1;
    }
    MetricsScreen #metrics-title { text-style: bold; }
    MetricsScreen .metrics-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape,N,q", "close", "Close", id="metrics_close"),
        Binding("tab", "switch", "This incident / all", id="metrics_switch"),
        Binding("r", "reread", "Read again", id="metrics_reread", show=False),
    ]

    def __init__(self, session: Session, hours: WorkingHours | None = None,
                 record_key: str = "M") -> None:  # fmt: skip
        super().__init__()
        self.session = session
        self.hours = hours or WorkingHours()
        self.record_key = record_key
        self.across = False  # showing the stats across incidents
        self.stats: Stats | None = None
        self.reading = False
        self._shown: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label("", id="metrics-title", markup=False)
            yield Static("", id="metrics-body")
            yield Label("", classes="metrics-hint", markup=False)

    def on_mount(self) -> None:
        self.show()
        self.set_interval(1.0, self.show)  # live: new milestones, the clock

    def lines(self) -> list[str]:
        s = self.session
        inside = min(self.app.size.width, PANE_WIDTH) - 6  # less the border and the padding
        if self.across:
            if self.stats is None:
                return ["Reading every incident in the file…"]
            return stats_lines(self.stats, width=max(40, inside))
        m = compute(s.state, s.now(), s.cadences)
        key = self.record_key
        return metrics_lines(m, s.tz, width=max(40, inside),
                             how_to_record=lambda name: f"{key} records it")  # fmt: skip

    def show(self) -> None:
        s = self.session
        title = (f"Across incidents (Tab: {s.label})" if self.across else
                 f"{s.label} metrics: {s.state.title} (Tab: all incidents)")  # fmt: skip
        lines = self.lines()
        digest = title + "\n".join(lines)
        if digest == self._shown:
            return
        self._shown = digest
        self.query_one("#metrics-title", Label).update(safe(title))
        self.query_one("#metrics-body", Static).update(styled(lines))
        hint = "Esc closes · Tab switches" + (" · r reads again" if self.across else "")
        self.query_one(".metrics-hint", Label).update(hint)

    def action_switch(self) -> None:
        self.across = not self.across
        if self.across and self.stats is None:
            self.action_reread()
        self.show()

    def action_reread(self) -> None:
        if self.across and not self.reading:
            self.reading = True
            self.read_stats(self.session, self.hours, self._read)

    def _read(self, stats: Stats | None, error: str) -> None:
        self.reading = False
        if stats is None:
            self.notify(f"cannot read the incidents: {error}", severity="error")
            return
        self.stats = stats
        self.show()

    @work(thread=True, group="metrics", exclusive=True, exit_on_error=False)
    def read_stats(self, s: Session, hours: WorkingHours,
                   done: Callable[[Stats | None, str], None]) -> None:  # fmt: skip
        try:
            stats = read_across(s, hours)
        except Exception as exc:  # a damaged or vanished file: say so
            self.app.call_from_thread(done, None, str(exc).splitlines()[0])
            return
        self.app.call_from_thread(done, stats, "")

    def action_close(self) -> None:
        self.dismiss(None)


def read_across(s: Session, hours: WorkingHours) -> Stats:
    """Every incident in the file, as `cockpit stats` reads them (no notes)."""
    found = across.figures(s.store, s.now(), s.cadences)
    return summarize(found, s.tz, hours, tz_name=zone_name(s.tz, s.now()))
