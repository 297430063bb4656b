"""The update composer, driven from the keyboard on a real file: prefilled from the record
for each template and audience, customer updates with nothing internal in them, where each
update goes, the clipboard, and each audience's countdown."""

from __future__ import annotations

import re
from datetime import timedelta

from cockpit import settings
from cockpit.core.display import safe_multiline
from cockpit.store import Store
from cockpit.tui.screens.composer import ComposerScreen
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.widgets.update_countdown import UpdateCountdown
from cockpit.tui.widgets.update_preview import UpdatePreview
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, saved, screen_text, send_keys, wait_for

PEOPLE = ("alice", "Bob Stone", "kim", "dana")
EVIDENCE = "ERROR pool exhausted host=db-7.internal user=svc_pay"


def stored(store: Store, incident: str, kind: str = "status_update") -> list:
    return [e for e in store.events(incident) if e.kind == kind]


def configure(text: str) -> None:
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


DESTINATIONS = """
[destinations.inc-chat]
type = "slack"
audiences = ["responders"]
[destinations.exec-mail]
type = "email"
audiences = ["exec"]
[destinations.status]
type = "command"
audiences = ["customers"]
[destinations.everyone]
type = "webhook"
"""


def full_incident(store: Store, clock, incident: str) -> None:
    """A record full of names and evidence: severity, impact, roles, a mitigation tried and
    one in flight, evidence, a hypothesis, a question and a task."""
    first = make(incident, "kim", {"kind": "mitigation_started", "what": "roll back 4812",
                                   "by": "kim"}, clock)  # fmt: skip
    events = [
        make(
            incident, "alice", {"kind": "severity_set", "severity": "SEV2", "reason": "EU"}, clock
        ),
        make(
            incident,
            "alice",
            {
                "kind": "field_set",
                "field": "impact",
                "value": "EU card payments fail, @dana saw it in https://grafana.example/d/1",
            },
            clock,
        ),  # fmt: skip
        make(incident, "alice", {"kind": "role_assigned", "role": "ic", "person": "alice"}, clock),
        make(
            incident,
            "alice",
            {"kind": "role_assigned", "role": "tech_lead", "person": "Bob Stone"},
            clock,
        ),  # fmt: skip
        make(incident, "kim", {"kind": "evidence", "text": EVIDENCE}, clock),
        first,
        make(
            incident,
            "kim",
            {"kind": "mitigation_outcome", "mitigation": first.id, "outcome": "no_effect"},
            clock,
        ),  # fmt: skip
        make(
            incident,
            "kim",
            {"kind": "mitigation_started", "what": "fail over to eu-west", "by": "dana"},
            clock,
        ),  # fmt: skip
        make(incident, "kim", {"kind": "hypothesis", "text": "pool leak in svc_pay"}, clock),
        make(
            incident,
            "alice",
            {"kind": "task_delegated", "task": "check replicas", "owner": "dana"},
            clock,
        ),  # fmt: skip
    ]
    for e in events:
        store.append(e)
    clock.advance(minutes=12)


async def composer(pilot) -> ComposerScreen:
    await pilot.press("u")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ComposerScreen), "the composer")
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


def text_of(c: ComposerScreen) -> str:
    return c.text_area.text


async def test_the_composer_is_prefilled_from_the_record_for_each_template(store, clock, incident):
    full_incident(store, clock, incident)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        c = await composer(pilot)
        sbar = text_of(c)  # responders, SBAR: the default
        assert sbar.startswith("INC-1 SEV2 · Checkout API errors: update for responders")
        for fact in ("Impact: EU card payments fail", "roll back 4812 (by kim): no effect",
                     "In flight: fail over to eu-west (by dana, for 12 min)",
                     "- hypothesis: pool leak in svc_pay", "Incident Commander: alice",
                     "Tech lead: Bob Stone", "Next update at 14:42 UTC."):  # fmt: skip
            assert fact in sbar
        await pilot.press("c")  # CAN
        assert "NEEDS: a Scribe; dana to acknowledge “check replicas”" in text_of(c)
        await pilot.press("a")  # the announcement
        assert "INC-1 SEV2 - checkout - Checkout API errors" in text_of(c)
        await pilot.press("2")  # exec: the announcement serves them too
        assert "Incident Commander: alice" in text_of(c)
        await pilot.press("s")
        assert "Severity SEV2: Major" in text_of(c) and "update for executives" in text_of(c)
        await pilot.press("3", "c")  # support, CAN
        assert "CAN report for support" in text_of(c)
        assert "Status page: nothing posted yet" in text_of(c)
        await pilot.press("4")  # customers: the stage from the phase, SBAR (CAN kept)
        assert text_of(c).startswith("Investigating: We are investigating reports")
        await pilot.press("d", "s")
        assert text_of(c).startswith("Identified: issues affecting checkout")
        assert "stage" in screen_text(app).lower()


async def test_a_teams_own_template_is_one_key_away(store, clock, incident):
    folder = settings.user_templates_dir()
    folder.mkdir(parents=True)
    (folder / "exec-brief.toml").write_text(
        'title = "Exec brief"\naudiences = ["exec"]\nkey = "x"\n'
        'text = "{incident} for the board: {severity_definition}"\n'
    )
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        c = await composer(pilot)
        await wait_for(pilot, lambda: len(c.draft.templates) == 5, "the team's template")
        await pilot.press("x")  # not offered to responders: nothing changes
        assert "update for responders" in text_of(c)
        await pilot.press("2", "x")
        assert text_of(c) == "INC-1 for the board: no severity set yet"
        assert " x Exec brief" in screen_text(app)


async def test_keys_typed_right_behind_u_land_in_the_composer(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        send_keys(app, "u2c")  # no wait: exec, CAN (not a severity form for the "s" of SBAR)
        await wait_for(pilot, lambda: isinstance(app.screen, ComposerScreen), "the composer")
        await wait_for(pilot, lambda: app.screen.draft.template == "can", "the keys")
        assert app.screen.draft.audience.value == "exec"
        assert "CAN report for executives" in text_of(app.screen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "closed")


async def test_a_customer_update_has_no_names_or_evidence_and_is_recorded_with_its_stage(
    store, clock, incident
):
    configure(DESTINATIONS)
    full_incident(store, clock, incident)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        c = await composer(pilot)
        await pilot.press("4", "d")  # customers, identified
        text = text_of(c)
        for internal in (*PEOPLE, EVIDENCE, "svc_pay", "grafana", "4812", "eu-west", "INC-1"):
            assert not re.search(rf"(?i)\b{re.escape(internal)}\b", text), internal
        assert "EU card payments fail" in text
        preview = c.query_one(UpdatePreview).shown
        assert preview.startswith("→ status (command)\nIdentified: issues affecting checkout")
        assert "exec-mail" not in screen_text(app)  # takes only exec: not offered
        # The IC writes the prompt, then pastes a name and a log line in: it asks first.
        await pilot.press("enter", "ctrl+end")
        c.text_area.insert(f"\nAsk Bob Stone: {EVIDENCE}")
        await pilot.pause()
        await pilot.press("ctrl+s")
        warn = c.warning
        assert "looks internal: the name 'Bob Stone'" in warn and "text from the record" in warn
        assert "ctrl+s again posts it as it is" in warn
        assert stored(store, incident) == []
        c.text_area.load_text(text.replace("‹what customers can do meanwhile, if anything›",
                                           "Card payments outside the EU work."))  # fmt: skip
        await pilot.pause()
        await pilot.press("ctrl+s")
        await saved(pilot, screen, 12)
    (u,) = stored(store, incident)
    b = u.body
    assert (b.audience, b.stage.value, b.template, b.destinations) == (
        "customers", "identified", "sbar", ("status",),
    )  # fmt: skip
    assert "Card payments outside the EU work." in b.text and "Bob" not in b.text
    # No cadence for customers: the update still says when the next comes (the responders'
    # 30 minutes), and that promise is what the customers' countdown follows from now on.
    assert b.next_in_minutes == 30 and "Next update at 14:42 UTC." in b.text


async def test_posting_records_audience_template_and_destinations(store, clock, incident):
    configure(DESTINATIONS)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("s", "2", *"EU down", "enter")  # SEV2: responders every 30
        await saved(pilot, screen, 2)
        c = await composer(pilot)
        assert c.draft.selected() == ["inc-chat"]  # takes responders: ticked
        preview = c.query_one(UpdatePreview).shown
        assert preview.startswith("→ inc-chat (slack)\n*INC-1 SEV2 · Checkout API errors")
        await pilot.press("+", "+")  # next update in 40, not 30
        assert "Next update at 14:40 UTC." in text_of(c)
        await pilot.press("tab", "tab", "down", "space")  # the text, then "everyone" too
        await pilot.pause()
        assert c.draft.selected() == ["inc-chat", "everyone"]
        assert "→ everyone (webhook)" in c.query_one(UpdatePreview).shown
        await pilot.press("ctrl+s", "ctrl+s")  # the prompt is left unwritten: post anyway
        await saved(pilot, screen, 3)
        await wait_for(pilot, lambda: app.screen is screen, "the composer to close")
        assert any("posted; the outbox sends it to inc-chat, everyone" in s for s in app.said)
    (u,) = stored(store, incident)
    assert (u.body.audience, u.body.template, u.body.destinations, u.body.next_in_minutes) == (
        "responders", "sbar", ("inc-chat", "everyone"), 40,
    )  # fmt: skip


async def test_copy_to_the_clipboard_goes_through_the_safe_display(store, clock, incident):
    store.append(make(incident, "mallory", {"kind": "field_set", "field": "impact",
                                            "value": "EU \x1b]0;owned\x07 down"}, clock))  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        c = await composer(pilot)
        await pilot.press("y")
        assert app.clipboard == safe_multiline(c.draft.body()["text"])
        assert "\x1b" not in app.clipboard and "EU ␛]0;owned␇ down" in app.clipboard
        await pilot.press("enter", "ctrl+o")  # from the text too
        assert "\x1b" not in app.clipboard
        assert any("Copied the update" in s for s in app.said)


async def test_nothing_typed_is_lost(store, clock, incident, db_path):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        c = await composer(pilot)
        await pilot.press("2", "enter")
        c.text_area.load_text("Board: we are on it.")
        await pilot.pause()
        await pilot.press("escape", "escape")  # back to the choices, then closed
        await wait_for(pilot, lambda: app.screen is screen, "the composer to close")
        c = await composer(pilot)
        assert (text_of(c), c.draft.audience.value) == ("Board: we are on it.", "exec")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.update_keeper.written >= 1, "the draft kept")
    # a new cockpit on the same file (after a crash, say) finds it again
    app = make_app(Store.open(db_path), clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        c = await composer(pilot)
        assert (text_of(c), c.draft.audience.value) == ("Board: we are on it.", "exec")
        assert any("draft kept from last time" in s for s in app.said)


async def test_a_post_that_fails_to_save_brings_the_composer_back(store, clock, incident, db_path):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        c = await composer(pilot)
        c.text_area.load_text("Still investigating. Next update at 14:30 UTC.")
        await pilot.pause()
        broken = Store.open(db_path)
        broken.close()
        screen.writer.store = broken
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposerScreen)
                       and "not posted" in screen_text(app), "the composer again")  # fmt: skip
        assert text_of(app.screen) == "Still investigating. Next update at 14:30 UTC."


async def test_the_countdown_names_the_audience_due_first(store, clock, incident):
    configure("[cadence]\nexec = 60\nSEV2 = 30\n")
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        countdown = screen.query_one(UpdateCountdown)
        await pilot.press("s", "2", *"EU down", "enter")
        await saved(pilot, screen, 2)
        text = countdown.build().plain
        assert text.startswith("responders in 30:00 (at 14:30)")
        assert "then exec 15:00" in text
        c = await composer(pilot)  # responders: due first
        assert c.draft.audience.value == "responders"
        await pilot.press("ctrl+s", "ctrl+s")
        await saved(pilot, screen, 3)
        clock.advance(minutes=35)  # responders due 14:30 (missed), exec 15:00
        screen.tick()
        await pilot.pause()
        assert countdown.build().plain.startswith("responders OVERDUE by 5:00")
        c = await composer(pilot)
        await pilot.press("ctrl+s", "ctrl+s")  # responders again: due 15:05 now
        await saved(pilot, screen, 4)
        clock.advance(minutes=26)  # 15:01: exec an hour after the declaration
        screen.tick()
        await pilot.pause()
        text = countdown.build().plain
        assert text.startswith("exec OVERDUE by 1:00 — press u") and countdown.overdue
        assert "cadence every 60m" in text
        c = await composer(pilot)  # u opens on the audience that is due
        assert c.draft.audience.value == "exec" and "update for executives" in text_of(c)
        await pilot.press("ctrl+s", "ctrl+s")
        await saved(pilot, screen, 5)
        assert countdown.build().plain.startswith("responders in")
        assert not countdown.overdue
    assert [e.body.audience for e in stored(store, incident)] == ["responders"] * 2 + ["exec"]


async def test_the_composer_fits_80x24(store, clock, incident):
    full_incident(store, clock, incident)
    app = make_app(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        c = await composer(pilot)
        assert c.has_class("-compact")
        shown = screen_text(app)
        assert "To " in shown and "Preview" in shown and "ctrl+s: post" in shown


async def test_an_update_due_moves_with_the_next_time_typed(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("s", "3", *"one region", "enter")  # SEV3: hourly
        await saved(pilot, screen, 2)
        c = await composer(pilot)
        assert c.draft.next_minutes == 60
        await pilot.press("enter")
        c.text_area.load_text("Looking. Next update at 15:00 UTC.")
        await pilot.pause()
        await pilot.press("escape", "-", "-")  # 50 minutes: the edited text follows
        assert text_of(c) == "Looking. Next update at 14:50 UTC."
        clock.advance(minutes=3)  # posted a little later: the promise counts from then
        await pilot.press("ctrl+s")
        await saved(pilot, screen, 3)
    (u,) = stored(store, incident)
    assert u.body.text == "Looking. Next update at 14:53 UTC." and u.body.next_in_minutes == 50
    assert timedelta(minutes=u.body.next_in_minutes)


async def test_declaring_opens_the_announcement_for_who_to_tell(store, clock):
    configure('[announce]\ncall = "https://meet.example/{incident}"\nchannel = "#inc-{number}"\n'
              + DESTINATIONS)  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        notify = app.screen.form.fields[-1]
        assert (notify.name, notify.label) == ("notify", "Who else needs to know")
        await pilot.press(*"Checkout errors", "enter", *"checkout", "enter", "2")
        await pilot.press(*"EU card payments", "enter", "enter")  # impact; IC alice
        await pilot.press(*"everyone, legal", "enter")  # who to tell: names a destination
        await wait_for(pilot, lambda: isinstance(app.screen, ComposerScreen), "the announcement")
        c = app.screen
        assert (c.draft.template, c.draft.selected()) == ("announcement", ["everyone"])
        assert text_of(c).splitlines()[:4] == [
            "INC-1 SEV2 - checkout - Checkout errors",
            "Declared 14:00 UTC (0 min ago). Incident Commander: alice.",
            "Impact: EU card payments",
            "Call: https://meet.example/INC-1 · Channel: #inc-1",
        ]
        await pilot.press("ctrl+s")  # nothing to write: it goes at once
        # (the app's sender then records what became of it: a delivery event, counted apart)
        await wait_for(pilot, lambda: stored(store, store.incidents()[0].id), "posted")
    (u,) = stored(store, store.incidents()[0].id)
    assert (u.body.template, u.body.destinations) == ("announcement", ("everyone",))


async def test_without_destinations_declaring_asks_nothing_more(store, clock):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        assert "notify" not in [f.name for f in app.screen.form.fields]


async def test_a_draft_opened_again_later_moves_its_next_time_on(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("s", "2", *"EU down", "enter")  # SEV2: every 30 minutes
        await saved(pilot, screen, 2)
        c = await composer(pilot)
        c.text_area.load_text("Rolling back. Next update at 14:30 UTC.")
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "the composer to close")
        clock.advance(minutes=7)
        c = await composer(pilot)
        assert text_of(c) == "Rolling back. Next update at 14:37 UTC."
        assert c.warning == ""  # it says when the next update comes
