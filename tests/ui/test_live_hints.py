"""What the panes, the footer and F1 say: the cadence apart from a promise, a task waiting
for its acknowledgement, the keys the moment needs, and every hint in the user's own keys."""

from __future__ import annotations

from cockpit import settings
from cockpit.tui.screens.composer import ComposerScreen
from cockpit.tui.screens.help import HelpScreen
from cockpit.tui.widgets.update_countdown import UpdateCountdown
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, open_form, saved, screen_text, wait_for


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_a_promised_next_update_is_not_the_cadence(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        countdown = screen.query_one(UpdateCountdown)
        await pilot.press("s", "3", "enter", *"one region", "enter")  # SEV3: every 60m
        await saved(pilot, screen, 2)
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposerScreen), "the composer")
        await pilot.press(*"-" * 11, "ctrl+s", "ctrl+s")  # next in 5 minutes; posted
        await saved(pilot, screen, 3)
        text = countdown.build().plain
        assert "as promised (5m)" in text and "cadence every 60m" in text
        assert "every 5m" not in text
        await pilot.press("s", "2", "enter", *"two regions", "enter")  # SEV2: every 30m
        await saved(pilot, screen, 4)
        assert "cadence every 30m" in countdown.build().plain  # not the old cadence
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposerScreen), "the composer")
        assert app.screen.draft.next_minutes == 30  # the cadence is offered, not the promise
        assert "in 30 min" in screen_text(app)


async def test_a_task_waits_for_its_ack_and_the_footer_asks_for_k(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        assert " k Ack task" not in footer(app)
        await pilot.press("t", *"check the pool", "enter", *"dev", "enter", "enter", "enter")
        await saved(pilot, screen, 2)
        await wait_for(pilot, lambda: " k Ack task" in footer(app), "k in the footer")
        assert "dev: check the pool (waiting for ack)" in screen_text(app)
        await open_form(pilot, "k")
        assert "dev: check the pool (waiting for ack)" in screen_text(app)
        assert "(delegated)" not in screen_text(app)
        await pilot.press("enter", "enter", "enter")  # that task; acknowledged; no note
        await saved(pilot, screen, 3)
        await wait_for(pilot, lambda: " k Ack task" not in footer(app), "k gone")


async def test_the_footer_follows_the_mitigation_and_the_phase(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        text = footer(app)
        assert " m Mitigate" in text and " o Outcome" not in text
        assert " p Phase" in text  # just declared: moving on is what comes next
        await pilot.press("m", *"roll back 4812", "enter", "enter")
        await saved(pilot, screen, 2)
        await wait_for(pilot, lambda: " o Outcome" in footer(app), "o in the footer")
        assert " m Mitigate" not in footer(app)


async def test_the_footer_offers_incidents_when_others_are_open(store, clock, incident):
    store.declare(make("0196e1a4-0000-7000-8000-0000000000b2", "bob",
                       {"kind": "incident_declared", "title": "Search is slow"}, clock))  # fmt: skip
    app = make_app(store, clock, incident="INC-1")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(pilot)
        screen.look_for_others()
        await wait_for(pilot, lambda: " i Incidents" in footer(app), "i in the footer")


async def test_f1_shows_the_action_ids(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if "Record a hypothesis" in line)
        assert row.split("Record a hypothesis")[1].split()[0] == "hypothesis"


async def test_hints_name_the_keys_the_user_has_bound(store, clock, incident):
    settings.save({"keys": {"assign": "A", "mitigate": "M", "ack": "K", "delegate": "T",
                            "update": "U", "pinned": "B"}})  # fmt: skip
    store.append(make(incident, "alice", {"kind": "severity_set", "severity": "SEV2",
                                          "reason": "half of EU"}, clock))  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        text = screen_text(app)
        assert "empty: press A to assign" in text and "press a to" not in text
        assert "(M starts one)" in text
        await pilot.press("x")  # nobody to release: the message names the assign key
        await wait_for(pilot, lambda: "Nobody holds a role yet; A assigns one" in app.said,
                       "the message")  # fmt: skip
        await pilot.press("T", *"check the pool", "enter", *"dev", "enter", "enter", "enter")
        await saved(pilot, screen, 3)
        clock.advance(minutes=10)
        screen.tick()
        await wait_for(pilot, lambda: "No Incident Commander for 10 min: nobody coordinates the "
                       "response · A assign" in screen_text(app), "the banner")  # fmt: skip
        await pilot.press("exclamation_mark")  # the others, each with the key that deals with it
        await wait_for(pilot, lambda: "Not acknowledged: dev: check the pool" in screen_text(app)
                       and "K ack task" in screen_text(app), "the list of nudges")  # fmt: skip
        await pilot.press("escape")
        clock.advance(minutes=30)
        screen.tick()
        await wait_for(pilot, lambda: "press U" in screen_text(app), "the overdue hint")
        await wait_for(pilot, lambda: " U Update" in footer(app), "U in the footer")
