"""The few places the cockpit reaches into Textual's private members, all here.

Each exists for speed or for a start-up order that Textual's public API does not offer, and
each is tested in tests/ui/test_textual_compat.py against the Textual pinned in
pyproject.toml: a Textual that renames or changes one of them fails that test, by name,
before anything else does. Everything else in cockpit/tui uses Textual's public API.
"""

from __future__ import annotations

from textual.app import App
from textual.scrollbar import ScrollBar
from textual.widget import Widget

# Widget._vertical_scrollbar, App._start_widget: the timeline's scrollbar is ours (it
# repaints only when its thumb moves on screen: widgets/quiet_scrollbar.py); Textual builds
# its own in Widget.vertical_scrollbar with no hook for the class.
# Widget._check_refresh: a saved entry and the cleared entry bar are drawn in one paint
# (paint_hold.py); the timeline tells the screen of its repaint now, not when its own queue
# next goes idle (after the hold has ended, a frame late).
# App._refresh_truecolor_filter: the start-up theme is set before the first stylesheet
# parse, as App._watch_theme does, without queueing the second parse that setting
# `App.theme` from __init__ costs (~8 ms of the first frame).
# Screen._compositor: what is on the screen, as text, for the tests.
USES = {
    Widget: ("_vertical_scrollbar", "_check_refresh"),
    App: ("_start_widget", "_refresh_truecolor_filter"),
}


def vertical_scrollbar(widget: Widget, make: type[ScrollBar]) -> ScrollBar:
    """`widget`'s vertical scrollbar, built as `make` (once) instead of Textual's own."""
    bar = widget._vertical_scrollbar
    if bar is None:
        bar = make(vertical=True, name="vertical", thickness=widget.scrollbar_size_vertical)
        bar.display = False
        widget._vertical_scrollbar = bar
        widget.app._start_widget(widget, bar)
    return bar


def flush_refresh(widget: Widget) -> None:
    """Tell the screen now that `widget` needs a repaint (not at the widget's next idle)."""
    widget._check_refresh()


def start_theme(app: App, name: str) -> None:
    """Set the theme before the stylesheet is first parsed: App._watch_theme's work, less its
    CSS refresh (nothing is styled yet) and its signal (nobody listens yet)."""
    app.set_reactive(App.theme, name)
    theme = app.current_theme
    classes = {c: False for c in app.classes if c.startswith("-theme-")}
    classes.update({f"-theme-{name}": True, "-dark-mode": theme.dark,
                    "-light-mode": not theme.dark})  # fmt: skip
    app.update_classes(classes, update=False)
    app._refresh_truecolor_filter(app.ansi_theme)
    app.stylesheet.set_variables(app.get_css_variables())


def screen_text(app: App) -> str:
    """The screen as the terminal shows it, one line a row, without styles (for tests)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)
