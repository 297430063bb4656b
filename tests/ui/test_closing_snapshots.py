"""The monitoring window in the header, on the demo incident (mitigated 19 minutes before its
end) with a 30-minute window for SEV1 (its severity by then): `monitoring 11:00 left`, beside the phase and T+.
Update after a deliberate change with `--snapshot-update`."""

from __future__ import annotations

from cockpit import settings
from tests.ui.helpers import loaded, make_app


def test_the_monitoring_window_counts_in_the_header(snap_compare, store, clock, demo):
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[closing]\nmonitor_minutes = {SEV1 = 30}\n")
    app = make_app(store, clock, incident=demo, remember_theme=False)

    async def ready(pilot) -> None:
        screen = await loaded(pilot)
        screen.tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=ready)
