"""SVG snapshots of the scribe's screens on the demo incident at 120x40: the entry bar with a
name completion, edited and redacted entries, a filtered and searched timeline, and the
common-ground view. Deterministic: fake clock, fixed seed, fixed incident id, UTC times.
Update after a deliberate change with `pytest tests/ui/test_scribe_snapshots.py --snapshot-update`."""

from __future__ import annotations

from cockpit.core.compose import new_event
from cockpit.tui.screens.common_ground import CommonGroundScreen
from tests.ui.conftest import DEMO_ID
from tests.ui.helpers import loaded, make_app, screen_text, wait_for

SIZE = (120, 40)


def test_entry_bar_with_name_completion(snap_compare, store, clock, demo):
    app = make_app(store, clock, incident=demo, remember_theme=False)

    async def ready(pilot) -> None:
        await loaded(pilot)
        await pilot.press("y", *"cert rotated? ask @pr")
        await wait_for(pilot, lambda: "@priya" in screen_text(pilot.app), "a suggestion")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_edited_and_redacted_entries(snap_compare, store, clock, demo):
    notes = [e for e in store.events(DEMO_ID) if e.kind == "note"]
    edit = {"kind": "entry_edited", "target": notes[-2].id, "text": "Pool at 49/50 (corrected)"}
    redact = {"kind": "entry_redacted", "target": notes[-4].id, "reason": "pasted a token"}
    store.append(new_event(DEMO_ID, "sam", edit, clock))
    store.append(new_event(DEMO_ID, "maria", redact, clock))
    app = make_app(store, clock, incident=demo, remember_theme=False)

    async def ready(pilot) -> None:
        await loaded(pilot)
        await pilot.press("up")  # the last entry selected: the footer shows what applies
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_filtered_and_searched_timeline(snap_compare, store, clock, demo):
    app = make_app(store, clock, incident=demo, remember_theme=False)

    async def ready(pilot) -> None:
        await loaded(pilot)
        await pilot.press("f", "2", "enter", "enter", "enter")  # notes only (Enter confirms the 2)
        await pilot.press("slash", *"pool", "enter")  # then those about the pool
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_common_ground_view(snap_compare, store, clock, demo):
    app = make_app(store, clock, incident=demo, remember_theme=False)

    async def ready(pilot) -> None:
        await loaded(pilot)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommonGroundScreen), "it")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
