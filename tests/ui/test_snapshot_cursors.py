"""The snapshot fixtures draw steady cursors (tests/ui/conftest.py): a blinking one would make a
snapshot depend on the instant it is taken. Every text field counts, on every screen of the
stack: the entry bar under a form, and the form's own fields."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from tests.ui.conftest import steady_cursors
from tests.ui.helpers import loaded, make_app, open_form


async def test_every_text_cursor_on_every_screen_stops_blinking(store, clock, incident):
    app = make_app(store, clock, remember_theme=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("n", *"rolled back")  # the entry bar, open and focused
        await pilot.press("escape")
        await open_form(pilot, "m")  # a form over the main screen
        fields = [w for s in app.screen_stack for w in [*s.query(Input), *s.query(TextArea)]]
        assert len(app.screen_stack) >= 2 and len(fields) >= 2
        assert any(w.cursor_blink for w in fields)  # Textual's default
        steady_cursors(app)
        assert not any(w.cursor_blink for w in fields)
