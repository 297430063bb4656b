"""The private members of Textual the cockpit still uses (cockpit/tui/textual_compat.py),
each checked against the pinned Textual: a Textual that changes one fails here, by name."""

from __future__ import annotations

import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from textual.app import App
from textual.widget import Widget

from cockpit.tui import textual_compat
from cockpit.tui.widgets.quiet_scrollbar import QuietScrollBar
from cockpit.tui.widgets.timeline_view import TimelineView
from tests.ui.helpers import loaded, make_app, screen_text


def test_textual_is_the_pinned_version():
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("textual")]
    assert pins == [f"textual=={version('textual')}"], "pin the Textual the tests ran on"


@pytest.mark.parametrize(("owner", "name"),
                         [(o, n) for o, names in textual_compat.USES.items() for n in names])  # fmt: skip
def test_each_private_member_is_still_there(owner, name):
    if name == "_vertical_scrollbar":  # an instance attribute, None until first asked
        assert "_vertical_scrollbar" in inspect.getsource(Widget.__init__)
        return
    assert callable(getattr(owner, name, None)), f"Textual no longer has {owner.__name__}.{name}"


@pytest.mark.parametrize(("owner", "name", "parameters"), [
    (App, "_start_widget", ["self", "parent", "widget"]),
    (App, "_refresh_truecolor_filter", ["self", "theme"]),
    (Widget, "_check_refresh", ["self"]),
])  # fmt: skip
def test_the_signatures_used_are_still_the_same(owner, name, parameters):
    # by name, as textual_compat lists them (the one module that calls them)
    assert list(inspect.signature(getattr(owner, name)).parameters) == parameters


async def test_the_timeline_scrollbar_is_ours_and_live(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        tl = screen.query_one(TimelineView)
        bar = tl.vertical_scrollbar
        assert isinstance(bar, QuietScrollBar) and bar is tl.vertical_scrollbar  # built once
        await pilot.pause()
        assert bar.parent is tl and bar.is_running  # started: it gets its messages
        textual_compat.flush_refresh(tl)  # no error, and nothing to tell: a no-op


async def test_the_start_theme_is_set_before_the_first_frame(store, clock, incident):
    app = make_app(store, clock, theme="cockpit-light", remember_theme=False)
    assert app.theme == "cockpit-light" and "-light-mode" in app.classes
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.theme == "cockpit-light"
        assert "Checkout API errors" in screen_text(app)  # the compositor read as text
