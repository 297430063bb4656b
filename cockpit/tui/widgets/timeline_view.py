"""The timeline pane: a Line API ScrollView over `cockpit.core.timeline.Timeline`.

Only the visible lines are ever rendered, so 100,000 entries cost no more to draw than 40.
One entry is one line: time, author, kind, text (multi-line evidence shows its first line and
how many more). At the bottom it follows new entries; scrolled up, it stays put and counts
what arrived below.
"""

from __future__ import annotations

from datetime import UTC, tzinfo

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cockpit.core.timeline import Row, Timeline

KIND_LABELS: dict[str, tuple[str, str]] = {
    # kind -> (label, theme variable for its colour)
    "note": ("note", "kind-note"),
    "decision": ("DECISION", "kind-decision"),
    "evidence": ("evidence", "kind-evidence"),
    "action": ("action", "kind-action"),
    "hypothesis": ("hypothesis", "kind-question"),
    "question": ("question", "kind-question"),
    "incident_declared": ("DECLARED", "alarm"),
    "field_set": ("intake", "kind-system"),
    "severity_set": ("severity", "kind-system"),
    "phase_set": ("phase", "kind-system"),
    "role_assigned": ("role", "role-other"),
    "role_released": ("role", "role-other"),
    "entry_resolved": ("resolved", "kind-question"),
    "mitigation_started": ("MITIGATE", "kind-action"),
    "mitigation_outcome": ("outcome", "kind-action"),
    "task_delegated": ("task", "kind-system"),
    "task_status": ("task", "kind-system"),
    "checklist_item": ("check", "kind-system"),
    "status_update": ("UPDATE", "primary"),
    "person_paged": ("paged", "kind-system"),
    "person_joined": ("joined", "kind-system"),
}
LABEL_WIDTH = 10
LOUD_KINDS = ("decision", "incident_declared", "status_update")


class TimelineView(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    TimelineView { overflow-x: hidden; }
    """
    BINDINGS = [
        Binding("up", "scroll_up", "Up", show=False),
        Binding("down", "scroll_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    def __init__(self, timeline: Timeline, tz: tzinfo = UTC, **kwargs) -> None:
        super().__init__(**kwargs)
        self.timeline = timeline
        self.tz = tz
        self.unseen = 0  # entries that arrived below while scrolled up
        self._cache: LRUCache[tuple, Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._styles_for: str | None = None
        self.author_width = 8

    # ---- growing --------------------------------------------------------------------------

    def rows_changed(self, new_rows: int) -> None:
        """Call after applying events to the timeline: resize, then follow or count."""
        following = self.scroll_y >= self.max_scroll_y
        self.virtual_size = Size(self.size.width, len(self.timeline))
        if following:
            self.unseen = 0
            self.scroll_end(animate=False, force=True, immediate=True)
        else:
            self.unseen += new_rows
        self._show_unseen()
        self.refresh()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.unseen and new_value >= self.max_scroll_y:
            self.unseen = 0
            self._show_unseen()

    def _show_unseen(self) -> None:
        self.border_subtitle = f"↓ {self.unseen} new" if self.unseen else ""

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.timeline))
        self._cache.clear()

    # ---- painting -------------------------------------------------------------------------

    def _style(self, variable: str) -> Style:
        theme = self.app.theme
        if self._styles_for != theme:
            self._styles.clear()
            self._cache.clear()
            self._styles_for = theme
        style = self._styles.get(variable)
        if style is None:
            colour = self.app.theme_variables.get(variable) or self.app.theme_variables.get(
                "foreground", "#ffffff"
            )
            try:
                style = Style(color=colour)
            except Exception:
                style = Style()
            self._styles[variable] = style
        return style

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_offset.y) + y
        width = self.size.width
        base = self.rich_style
        if index >= len(self.timeline):
            return Strip.blank(width, base)
        row = self.timeline[index]
        key = (row.id, width, self.app.theme, row.edited, row.redacted, len(row.history))
        strip = self._cache.get(key)
        if strip is None:
            strip = self._paint(row, width, base)
            self._cache[key] = strip
        return strip

    def _paint(self, row: Row, width: int, base: Style) -> Strip:
        label, variable = KIND_LABELS.get(row.kind, (row.kind, "kind-system"))
        body = row.event.body
        if row.kind == "severity_set":
            variable = body.severity.value.lower()
        elif row.kind in ("role_assigned", "role_released") and body.role.value in ("ic", "scribe"):
            variable = f"role-{body.role.value}"
        text = row.text
        first, _, more = text.partition("\n")
        if more:
            first += f"  ⏎ +{more.count(chr(10)) + 1} lines"
        if row.edited:
            first += "  (edited)"
        compact = width < 60
        if compact:
            label = label[:4]
        dim = self._style("kind-system")
        kind_style = self._style(variable)
        bold = Style(bold=label.isupper())
        author = row.author[: self.author_width].ljust(self.author_width)
        segments = [
            Segment(
                row.at.astimezone(self.tz).strftime("%H:%M " if compact else "%H:%M:%S "),
                base + dim,
            ),
            Segment(author + " ", base),
            Segment(
                label[:LABEL_WIDTH].ljust(5 if compact else LABEL_WIDTH), base + kind_style + bold
            ),
            Segment(first, base + (kind_style if row.kind in LOUD_KINDS else Style())),
        ]
        return Strip(segments).adjust_cell_length(width, base)
