"""Live arrival from another process, themes, key remaps, help and the command palette."""

from __future__ import annotations

from cockpit import settings
from cockpit.core.clock import FakeClock
from cockpit.core.vocabulary import Severity
from cockpit.store import Store
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.screens.help import HelpScreen
from cockpit.tui.widgets.entry_bar import EntryBar
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, saved, screen_text, wait_for


async def test_entries_from_another_process_appear_live(store, clock, incident, db_path):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        other = Store.open(db_path)  # a second connection: another terminal, a script
        other_clock = FakeClock(clock.now())
        other.append(
            make(incident, "bot", {"kind": "note", "text": "deploy 4813 finished"}, other_clock)
        )
        other.append(
            make(incident, "bob", {"kind": "severity_set", "severity": "SEV1"}, other_clock)
        )
        other.close()

        def arrived() -> bool:
            screen.poll()  # what the half-second timer does
            return len(screen.session.state.ids) == 3

        await wait_for(pilot, arrived, "the other process's entries")
        await pilot.pause()
        assert "deploy 4813 finished" in screen_text(app)
        assert screen.session.state.severity is Severity.SEV1
        assert " SEV1 " in screen_text(app)


async def test_theme_switch_is_remembered(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.theme == "cockpit-dark"
        await pilot.press("ctrl+t")  # the theme switch
        await pilot.press(*"cockpit-contrast")
        await wait_for(pilot, lambda: "cockpit-contrast" in screen_text(app), "the theme list")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "cockpit-contrast", "the theme to change")
        await wait_for(
            pilot, lambda: settings.load().theme == "cockpit-contrast", "the saved theme"
        )
    again = make_app(store, clock)
    assert again.theme == "cockpit-contrast"


async def test_theme_flag_and_colours_come_from_the_theme(store, clock, incident):
    app = make_app(store, clock, theme="cockpit-light")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.theme == "cockpit-light"
        assert app.theme_variables["sev1"].upper() == "#C62833"
    assert settings.load().theme == "cockpit-dark"  # a flag is for this run only


async def test_bad_user_theme_gives_a_notice_not_a_crash(store, clock, incident):
    folder = settings.user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('name = "broken"\nprimary = "not a colour"\n')
    (folder / "mine.toml").write_text(
        'name = "mine"\nprimary = "#336699"\n[variables]\nsev1 = "#00ff00"\n'
    )
    app = make_app(store, clock, theme="mine")
    assert any("broken.toml" in n and "not a colour" in n for n in app.notices)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.theme == "mine"
        assert app.theme_variables["sev1"] == "#00ff00"
        assert app.theme_variables["sev2"]  # missing variables fall back to defaults


async def test_unknown_theme_falls_back_with_a_notice(store, clock, incident):
    app = make_app(store, clock, theme="nope")
    assert app.theme == "cockpit-dark"
    assert any("no theme 'nope'" in n for n in app.notices)


async def test_keys_remapped_from_settings(store, clock, incident):
    settings.save({"keys": {"note": "ctrl+n", "bogus": "x"}})
    app = make_app(store, clock)
    assert any("bogus" in n for n in app.notices)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        bar = screen.query_one(EntryBar)
        keys = screen.active_bindings  # what the footer shows
        assert keys["ctrl+n"].binding.id == "note" and "n" not in keys
        await pilot.press("n")
        await pilot.pause()
        assert not bar.is_open  # n no longer opens the bar
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert bar.is_open and bar.kind == "note"
        await pilot.press(*"remapped", "enter")
        await saved(pilot, screen, 2)


async def test_f1_help_lists_the_keys(store, clock, incident):
    settings.save({"keys": {"severity": "ctrl+y"}})
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        text = screen_text(app)
        assert "Change the severity, with a reason" in text
        assert "ctrl+y" in text  # remapped keys shown as they are now
        assert text.count("Clear the filter, search and selection") == 1  # each key once
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen), "help to close")


async def test_palette_reaches_actions_and_checklist_items(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("ctrl+p", *"change the severity")
        await wait_for(pilot, lambda: "Change the severity" in screen_text(app), "the palette hit")
        assert "key: s" in screen_text(app)  # the key, said once, not a second title
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the severity form")
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"tick: blast radius")
        await wait_for(
            pilot, lambda: "Tick: Blast radius known" in screen_text(app), "the tick hit"
        )
        await pilot.press("enter")
        await saved(pilot, screen, 2)
        assert screen.session.state.checked("intake", "Blast radius known")


async def test_outcome_is_offered_only_with_a_mitigation_in_flight(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        assert "o Outcome" not in screen_text(app)
        await pilot.press("m", *"restart", "enter", "enter")
        await saved(pilot, screen, 2)
        await pilot.pause()
        assert "o Outcome" in screen_text(app)


async def test_a_form_open_while_someone_else_writes_neither_undoes_nor_hides_it(
    store, clock, incident, db_path
):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("I")  # alice opens the intake, an empty impact in it
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the intake form")
        other = Store.open(db_path)  # meanwhile bob answers the impact from his terminal
        bob = make(incident, "bob", {"kind": "field_set", "field": "impact",
                   "value": "EU down"}, FakeClock(clock.now()))  # fmt: skip
        other.append(bob)
        other.close()

        def arrived() -> bool:
            screen.poll()
            return screen.session.state.field("impact") == "EU down"

        await wait_for(pilot, arrived, "bob's answer")
        await pilot.press("enter", "enter", "enter", *"13:52", "ctrl+s")  # alice: started only
        await wait_for(pilot, lambda: screen.session.state.field("started") == "13:52", "saved")
        assert screen.session.state.field("impact") == "EU down"  # not blanked by alice's form
        assert screen.session.state.conflicts() == []

        await pilot.press("s", "1", *"spreading", "enter")  # decided on what was shown...
        await wait_for(pilot, lambda: screen.session.state.severity is Severity.SEV1, "SEV1")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the severity form")
        other = Store.open(db_path)  # ...while bob, unseen, sets SEV3
        other.append(make(incident, "bob", {"kind": "severity_set", "severity": "SEV3"},
                          FakeClock(clock.now())))  # fmt: skip
        other.close()
        await wait_for(pilot, lambda: (screen.poll(), screen.session.state.severity)[1]
                       is Severity.SEV3, "bob's severity")  # fmt: skip
        await pilot.press("2", *"half of EU", "enter")
        await wait_for(pilot, lambda: screen.session.state.conflicts(), "a conflict, not a win")
