"""A checklist file dropped into the config folder while the screen runs shows at the next
poll, and an edit to it too: no restart."""

from __future__ import annotations

from cockpit.settings import user_checklists_dir
from cockpit.tui.widgets.checklist_pane import ChecklistPane
from tests.ui.helpers import loaded, make_app, wait_for


async def test_a_new_and_an_edited_checklist_file_show_without_a_restart(store, clock,
                                                                         incident):  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        pane = screen.query_one(ChecklistPane)
        assert [c.name for c in app.user_checklists] == []
        folder = user_checklists_dir()
        folder.mkdir(parents=True)
        (folder / "db-failover.toml").write_text(
            'title = "DB failover"\nitems = ["Promote the replica", "Repoint the app"]\n'
        )

        def polled(name: str) -> bool:
            screen.poll()  # what the half-second timer does
            return name in [c.name for c in app.user_checklists]

        await wait_for(pilot, lambda: polled("db-failover"), "the new checklist")
        await pilot.press("c", "left")  # the pane, then the list before: the last, the user's
        await wait_for(pilot, lambda: pane.checklist is not None
                       and pane.checklist.name == "db-failover", "it shown")  # fmt: skip
        (folder / "db-failover.toml").write_text(
            'title = "DB failover"\nitems = ["Promote the replica", "Repoint the app", '
            '"Check replication lag"]\n'
        )

        def edited() -> bool:
            screen.poll()
            return pane.checklist is not None and len(pane.checklist.items) == 3

        await wait_for(pilot, edited, "the edit shown")
        assert "Checklists: 1 of your own loaded" in app.said
