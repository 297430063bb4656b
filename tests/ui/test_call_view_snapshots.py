"""SVG snapshots of the call view (V) on the demo incident: 100x30 and 160x45, in the themes
made for sharing (contrast, and light for a projector), and overdue. Deterministic: fake
clock, fixed seed, fixed incident id, UTC times.
Update after a deliberate change with
`pytest tests/ui/test_call_view_snapshots.py --snapshot-update`, then look at the pictures."""

from __future__ import annotations

import pytest

from tests.ui.helpers import loaded, make_app, wait_for

THEMES = ("cockpit-contrast", "cockpit-light")
SIZES = ((100, 30), (160, 45))


async def call_view(pilot) -> None:
    screen = await loaded(pilot)
    await pilot.press("V")
    await wait_for(pilot, lambda: screen.call_view is not None and screen.call_view.ready)
    screen.tick()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_call_view(snap_compare, store, clock, demo, theme, size):
    app = make_app(store, clock, incident=demo, theme=theme, remember_theme=False)
    assert snap_compare(app, terminal_size=size, run_before=call_view)


@pytest.mark.parametrize("theme", THEMES)
def test_call_view_overdue(snap_compare, store, clock, demo, theme):
    app = make_app(store, clock, incident=demo, theme=theme, remember_theme=False)

    async def overdue(pilot) -> None:
        await call_view(pilot)
        clock.advance(minutes=3)
        pilot.app.screen.tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=overdue)
