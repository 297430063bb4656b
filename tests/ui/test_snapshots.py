"""SVG snapshots of the main screen on the demo incident: 120x40 and 80x24, each built-in
theme. Deterministic: fake clock, fixed seed, fixed incident id, UTC times.
Update after a deliberate change with `pytest tests/ui/test_snapshots.py --snapshot-update`."""

from __future__ import annotations

import pytest

from tests.ui.helpers import loaded, make_app

THEMES = ("cockpit-dark", "cockpit-light", "cockpit-contrast")
SIZES = ((120, 40), (80, 24))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_main_screen(snap_compare, store, clock, demo, theme, size):
    app = make_app(store, clock, incident=demo, theme=theme, remember_theme=False)

    async def ready(pilot) -> None:
        screen = await loaded(pilot)
        screen.tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


def test_entry_bar_and_overdue_alarm(snap_compare, store, clock, demo):
    app = make_app(store, clock, incident=demo, remember_theme=False)

    async def ready(pilot) -> None:
        screen = await loaded(pilot)
        clock.advance(minutes=3)
        screen.tick()
        await pilot.press("d", *"Fail over stays until the PSP confirms")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=ready)
