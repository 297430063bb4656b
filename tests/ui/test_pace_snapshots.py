"""SVG snapshots of the pace views on the demo incident, an hour later: the roster on the role
board with breaks due, and the list of every nudge. Layout matters here (the side column's
width, the compact screen). Update after a deliberate change with `--snapshot-update`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.ui.helpers import loaded, make_app, wait_for


@pytest.mark.parametrize("size", ((120, 40), (80, 24)), ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_roster_on_the_role_board(snap_compare, store, clock, demo, size):
    app = make_app(store, clock, incident=demo, remember_theme=False)

    async def ready(pilot) -> None:
        screen = await loaded(pilot)
        clock.advance(timedelta(minutes=60))  # two hours in: breaks are due
        screen.tick()
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


def test_every_nudge_in_one_list(snap_compare, store, clock, demo):
    app = make_app(store, clock, incident=demo, remember_theme=False)

    async def ready(pilot) -> None:
        screen = await loaded(pilot)
        clock.advance(timedelta(minutes=60))
        screen.tick()
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: app.screen is not screen, "the list")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=ready)
