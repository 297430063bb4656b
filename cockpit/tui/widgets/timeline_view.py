"""The timeline pane: a Line API ScrollView over `cockpit.core.timeline.Timeline`.

Only the visible lines are ever rendered, so 100,000 entries cost no more to draw than 40.
One entry is one line: time, author, kind, text (multi-line evidence shows its first line and
how many more). What people wrote is shown through `cockpit.core.display.safe`, as each
visible line is painted: a control shows as `␛`, never acts, and a line break can never
make a second row. At the bottom it follows new entries; scrolled up, it stays put and counts
what arrived below.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import cast

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from cockpit.core import events as ev
from cockpit.core import kinds
from cockpit.core.display import safe
from cockpit.core.query import Query, highlights
from cockpit.core.timeline import Row, Timeline
from cockpit.tui import keymap, textual_compat
from cockpit.tui.row_time import row_time
from cockpit.tui.timeline_filter import TimelineFilter
from cockpit.tui.widgets.quiet_scrollbar import QuietScrollBar


class TimelineView(ScrollView, can_focus=True):
    class SelectionChanged(Message):
        """The selected entry changed (so the footer's keys can change)."""

    DEFAULT_CSS = """
    TimelineView { overflow-x: hidden; }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "bottom", "Bottom", show=False),
        *keymap.selection_bindings(),
    ]
    TIME_MODES = ("local", "utc", "relative")

    def __init__(self, timeline: Timeline, tz: tzinfo = UTC,
                 is_pinned: Callable[[str], bool] = lambda _id: False, **kwargs) -> None:  # fmt: skip
        super().__init__(**kwargs)
        self.timeline = timeline
        self.is_pinned = is_pinned  # from the incident's state (the screen's)
        self.tz = tz
        self.unseen = 0  # entries that arrived below while scrolled up
        self._cache: LRUCache[tuple, Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._styles_for: str | None = None
        self.author_width = 8
        self.view = TimelineFilter(timeline)  # what is shown: everything, or a query's rows
        self.selected: int | None = None  # position in the view of the selected row
        self._selected_id: str | None = None
        self.time_mode = "local"
        self.origin: datetime | None = None  # declaration time, for T+00:42
        self._with_date = False
        self._with_year = False
        self._top_id: str | None = None
        self._base = Style()  # the widget's style, read once per repaint (not once per line)
        self._at_end = True  # showing the newest entry: stays so when rows come or size changes
        self.marks: dict[str, tuple[str, bool]] = {}  # refused: id -> (reason, sent again)

    @property
    def vertical_scrollbar(self) -> QuietScrollBar:
        """As Widget.vertical_scrollbar, but one that repaints only when its thumb moves."""
        return textual_compat.vertical_scrollbar(self, QuietScrollBar)  # type: ignore[return-value]

    # ---- growing --------------------------------------------------------------------------

    def rows_changed(self, new_rows: int) -> None:
        """Call after applying events to the timeline: resize, then follow or count."""
        following = self.scroll_y >= self.max_scroll_y
        top = round(self.scroll_y)
        top_id = None if following else self._top_id  # the timeline has already changed
        gained = self.view.refresh()
        self._reselect()
        self._check_days()
        self._grow(Size(self.size.width, len(self.view)))
        if following:
            self.unseen = 0
            self.scroll_end(animate=False, force=True, immediate=True)
        else:
            self.unseen += gained
            self._keep_top(top, top_id)
        self._show_unseen()
        self.refresh()

    def _grow(self, size: Size) -> None:
        """A longer timeline. Setting `virtual_size` asks for a layout of the whole screen
        (~30 ms here per entry); when the scrollbar is already there and stays, only this
        widget's scroll range and scrollbar change, so update those quietly."""
        old, visible = self.virtual_size, self.scrollable_content_region.height
        if old.width == size.width and old.height > visible and size.height > visible:
            self.set_reactive(Widget.virtual_size, size)
            # What Widget._scroll_update does, less its unconditional scrollbar repaint.
            self.vertical_scrollbar.window_virtual_size = size.height
            self.scroll_y = self.validate_scroll_y(self.scroll_y)
        else:
            self.virtual_size = size

    def _keep_top(self, top: int, top_id: str | None) -> None:
        """Scrolled up, the rows in view stay in view when rows are inserted above them
        (older history merged in, a backdated entry, a sync batch)."""
        if top_id is None:
            return
        index = self.timeline.index_of(top_id)
        position = None if index is None else self.view.position_of(index)
        if position is not None and position != top:
            self.scroll_to(y=position, animate=False, force=True, immediate=True)

    def on_click(self, event: events.Click) -> None:
        """A click selects the entry under the pointer."""
        offset = event.get_content_offset(self)  # inside the border
        if offset is None:
            return
        position = round(self.scroll_y) + offset.y
        if 0 <= position < len(self.view):
            self.select(position)

    # ---- focus: only the selected row shows it (main.tcss has no `#timeline:focus`) -------
    # Textual's default handlers repaint and restyle the whole timeline, and opening the
    # entry bar (a focus change) then composed every pane again (test_focus_paint.py).

    def on_focus(self, event: events.Focus) -> None:
        event.prevent_default()
        self._focus_changed(True)

    def on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self._focus_changed(False)

    def _focus_changed(self, focused: bool) -> None:
        self.has_focus = focused
        if self.parent is not None:
            message = events.DescendantFocus if focused else events.DescendantBlur
            self.parent.post_message(message(self))

    def watch_has_focus(self, focused: bool) -> None:
        if self.selected is not None:
            self.refresh_line(self.selected)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._at_end = new_value >= self.max_scroll_y
        if self.unseen and new_value >= self.max_scroll_y:
            self.unseen = 0
            self._show_unseen()

    def _show_unseen(self) -> None:
        subtitle = f"↓ {self.unseen} new" if self.unseen else ""
        if subtitle != self.border_subtitle:  # setting it, even to the same text, repaints
            self.border_subtitle = subtitle

    def on_resize(self) -> None:
        at_end = self._at_end  # before the new size moves the end (a banner took a line, say)
        self.virtual_size = Size(self.size.width, len(self.view))
        self._cache.clear()
        if self.selected is not None:  # the entry detail opened below: keep the row in view
            self.scroll_to_region_of(self.selected)
        elif at_end:
            self.scroll_end(animate=False, force=True, immediate=True)

    # ---- what is shown --------------------------------------------------------------------

    def set_query(self, query: Query) -> None:
        """Show only what `query` matches (an empty one: everything), from the bottom."""
        self.view.set(query)
        self.unseen = 0
        self._show_unseen()
        self._reselect()
        self.virtual_size = Size(self.size.width, len(self.view))
        self._cache.clear()
        self.scroll_end(animate=False, force=True, immediate=True)
        self.refresh()

    def set_marks(self, marks: dict[str, tuple[str, bool]]) -> None:  # ✗ refused, ↻ sent again
        if marks != self.marks:
            self.marks = marks
            self._cache.clear()
            self.refresh()

    def set_time_mode(self, mode: str) -> None:
        self.time_mode = mode
        self._cache.clear()
        self.refresh()

    def _check_days(self) -> None:
        """Show the date beside times once the incident spans more than one day, and the
        year too once it spans more than one year (an entry backdated into another)."""
        tl = self.timeline
        if len(tl) > 1 and not self._with_year:
            tz = UTC if self.time_mode == "utc" else self.tz
            first, last = tl[0].at.astimezone(tz), tl[len(tl) - 1].at.astimezone(tz)
            if first.date() != last.date() and not self._with_date:
                self._with_date = True
                self._cache.clear()
            if first.year != last.year:
                self._with_year = True
                self._cache.clear()

    def _time(self, when: datetime, compact: bool) -> str:
        return row_time(when, self.time_mode, self.tz, self.origin, compact=compact,
                        with_date=self._with_date, with_year=self._with_year)  # fmt: skip

    # ---- selecting ------------------------------------------------------------------------

    @property
    def selected_row(self) -> Row | None:
        if self.selected is None or self.selected >= len(self.view):
            return None
        return self.view.row(self.selected)

    def select(self, position: int | None) -> None:
        if position is not None and len(self.view):
            position = max(0, min(position, len(self.view) - 1))
        else:
            position = None
        self.selected = position
        self._selected_id = self.view.row(position).id if position is not None else None
        if position is not None:
            self.scroll_to_region_of(position)
        self.refresh()
        self.refresh_bindings()
        self.post_message(self.SelectionChanged())

    def scroll_to_region_of(self, position: int) -> None:
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        if position < top:
            self.scroll_to(y=position, animate=False, force=True, immediate=True)
        elif position >= top + height:
            self.scroll_to(y=position - height + 1, animate=False, force=True, immediate=True)

    def _reselect(self) -> None:
        """Keep the same entry selected while rows move under it."""
        if self._selected_id is None:
            self.selected = None
            return
        index = self.timeline.index_of(self._selected_id)
        self.selected = None if index is None else self.view.position_of(index)
        if self.selected is None:
            self._selected_id = None

    def action_cursor(self, step: int) -> None:
        if not len(self.view):
            return
        if self.selected is None:
            bottom = min(
                len(self.view), round(self.scroll_y) + self.scrollable_content_region.height
            )
            self.select(bottom - 1 if step < 0 else max(0, round(self.scroll_y)))
        elif self.selected + step >= len(self.view):
            self.action_bottom()
        else:
            self.select(self.selected + step)

    def action_bottom(self) -> None:
        self.select(None)
        self.scroll_end(animate=False, force=True, immediate=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "selected":  # hidden without a selection: the screen's key applies then
            if keymap.watching(self.app) and keymap.writes(
                str(parameters[0]) if parameters else ""
            ):
                return False  # a follower's: edit, redact and pin are absent
            return self.selected is not None
        return True

    async def action_selected(self, action: str) -> None:
        await self.screen.run_action(action)

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

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style  # walks every ancestor's background: once, not per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_offset.y) + y
        width = self.size.width
        base = self._base
        if index >= len(self.view):
            return Strip.blank(width, base)
        row = self.view.row(index)
        if y == 0:
            self._top_id = row.id  # what was in view, for when rows are inserted above it
        selected = index == self.selected
        pinned = self.is_pinned(row.id)
        mark = self.marks.get(row.id) if self.marks else None  # refused by the server?
        key = (row.id, row.gen, width, self.app.theme, row.edited, row.redacted,
               selected, selected and self.has_focus, pinned, self.view.query.text,
               self.time_mode, self._with_date, self._with_year, self.origin, mark)  # fmt: skip
        strip = self._cache.get(key)
        if strip is None:
            strip = self._paint(row, width, base, selected, pinned, mark)
            self._cache[key] = strip
        return strip

    def _paint(self, row: Row, width: int, base: Style, selected: bool = False,
               pinned: bool = False, mark: tuple[str, bool] | None = None) -> Strip:  # fmt: skip
        compact = width < 60
        src = row.src
        kind = kinds.of(row.kind)
        long_label, short_label = kind.labels(None if src.plain else src.body)
        label, label_width = (
            (short_label, kinds.SHORT_WIDTH) if compact else (long_label, kinds.LABEL_WIDTH)
        )
        variable = kind.colour
        if row.kind == "severity_set" and not row.unknown:  # (a newer cockpit's: any fields)
            variable = cast(ev.SeveritySet, row.event.body).severity.value.lower()
        elif row.kind in ("role_assigned", "role_released") and not row.unknown:
            role = cast("ev.RoleAssigned | ev.RoleReleased", row.event.body).role.value
            if role in ("ic", "scribe"):
                variable = f"role-{role}"
        text = row.text
        first, _, more = text.partition("\n")
        first = safe(first)  # any other line break, CR or control in it: shown, inert
        if more:
            first += f"  ⏎ +{more.count(chr(10)) + 1} lines"
        if row.edited and not row.redacted:
            first += "  (edited)"
        if pinned:
            first = "◆ " + first
        dim = self._style("kind-system")
        kind_style = self._style(variable)
        bold = Style(bold=label.isupper())
        author = safe(row.author)[: self.author_width].ljust(self.author_width)
        if row.redacted:
            text_style = base + dim + Style(italic=True)
        else:
            text_style = base + (kind_style if kind.loud else Style())
        segments = [
            Segment(self._time(row.at, compact), base + dim),
            Segment(author + " ", base),
            Segment(label.ljust(label_width + 1), base + kind_style + bold),  # and a gap
            *self._highlighted(first, text_style),
        ]
        if row.recorded_by:  # recorded on the author's behalf: who did it shows, always
            segments.insert(3, Segment(f"(via {safe(row.recorded_by)}) ", base + dim))
        if mark is not None:  # the server refused it (`v` says why); ↻: sent again since
            sign, colour = ("↻ ", "kind-system") if mark[1] else ("✗ ", "alarm")
            segments.insert(3, Segment(sign, base + self._style(colour)))
        if selected:
            post = Style(reverse=True) if not self.has_focus else Style(reverse=True, bold=True)
            segments = list(Segment.apply_style(segments, post_style=post))
            return Strip(segments).adjust_cell_length(width, base + post)
        return Strip(segments).adjust_cell_length(width, base)

    def _highlighted(self, text: str, style: Style) -> list[Segment]:
        spans = highlights(text, self.view.query.text)
        if not spans:
            return [Segment(text, style)]
        mark = style + self._style("accent") + Style(reverse=True, bold=True)
        out, at = [], 0
        for start, end in spans:
            out += [Segment(text[at:start], style), Segment(text[start:end], mark)]
            at = end
        out.append(Segment(text[at:], style))
        return out
