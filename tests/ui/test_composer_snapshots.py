"""SVG snapshots of the update composer on the demo incident, at 120x40 and 80x24: the
choices, the text, the preview of what each destination receives, where it goes.
Update after a deliberate change with `pytest tests/ui/test_composer_snapshots.py
--snapshot-update`."""

from __future__ import annotations

import pytest

from cockpit import settings
from cockpit.tui.screens.composer import ComposerScreen
from tests.ui.helpers import loaded, make_app, wait_for

CONFIG = """
[destinations.inc-chat]
type = "slack"
audiences = ["responders"]
[destinations.status]
type = "command"
audiences = ["customers"]
"""


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("keys", [(), ("4", "m")], ids=["responders", "customers"])
def test_composer(snap_compare, store, clock, demo, size, keys):
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CONFIG, encoding="utf-8")
    app = make_app(store, clock, incident=demo, remember_theme=False)

    async def ready(pilot) -> None:
        await loaded(pilot)
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposerScreen), "the composer")
        await pilot.press(*keys)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)
