"""The composer and the inbox follow the record (issue 14, a reviewer's run of the S3 2017
outage as a new IC): the customer stage starts where the milestones and the phase say, a
resolved incident's update promises no next one, an unwritten answer to a deferred question
is refused with the text kept, and deferring once the incident is over says no update will
come and offers the answer."""

from __future__ import annotations

from cockpit.core import inbox
from cockpit.core.inbox import Status
from cockpit.core.vocabulary import Stage
from cockpit.store import Store
from cockpit.tui.screens.composer import ComposerScreen
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.screens.inbox import InboxScreen
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, saved, wait_for


def put(store: Store, clock, incident: str, body: dict, author: str = "ann") -> None:
    store.append(make(incident, author, body, clock))


async def composer(pilot) -> ComposerScreen:
    await pilot.press("u")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposerScreen), "the composer")
    await pilot.pause()
    return pilot.app.screen  # type: ignore[return-value]


async def test_the_customer_stage_starts_where_the_record_is(store, clock, incident):
    put(store, clock, incident, {"kind": "severity_set", "severity": "SEV1", "reason": "S3"})
    put(store, clock, incident, {"kind": "milestone", "name": "cause_identified"})
    put(store, clock, incident, {"kind": "milestone", "name": "mitigated"})
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        c = await composer(pilot)
        await pilot.press("4")  # customers
        assert c.draft.stage is Stage.MONITORING  # not Investigating: mitigated says so
        assert c.text_area.text.startswith("Monitoring: issues affecting checkout")
        await pilot.press("r")  # the IC says it is resolved: the final update
        assert "Next update" not in c.text_area.text
        assert c.text_area.text.endswith("This is the final update.")
        assert c.draft.body()["next_in_minutes"] is None
        await pilot.press("i")  # the IC can still pick another
        assert c.draft.stage is Stage.INVESTIGATING and "Next update at" in c.text_area.text


async def test_an_unwritten_answer_is_refused_and_the_text_kept(store, clock, incident):
    put(store, clock, incident, {"kind": "question_asked", "from": "CFO",
                                 "text": "Is any customer data lost?"})  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        q = inbox.questions(screen.session.state)[0]
        screen.defer_question(q)
        await saved(pilot, screen, 3)
        c = await composer(pilot)
        await pilot.press("2")  # executives
        text = c.text_area.text
        assert "- CFO: Is any customer data lost?\n  Answer: ‹answer›" in text
        await pilot.press("ctrl+s", "ctrl+s", "ctrl+s")  # however often: refused
        await pilot.pause()
        error = str(c.query_one("#composer-error").render())
        assert "not posted: write the answer to “CFO: Is any customer data lost?”" in error
        assert app.screen is c and c.text_area.text == text  # kept as it was
        assert not [e for e in store.events(incident) if e.kind == "status_update"]
        c.text_area.load_text(text.replace("‹answer›", "No: every object is intact")
                               .replace("‹the decision or the risk you need from them, if any›",
                                        "none"))  # fmt: skip
        await pilot.pause()
        await pilot.press("ctrl+s")
        await saved(pilot, screen, 4)
        [got] = inbox.questions(screen.session.state)
        assert got.covered_by is not None and got.answer == "No: every object is intact"


async def test_deferring_once_the_incident_is_over_offers_the_answer(store, clock, incident):
    put(store, clock, incident, {"kind": "severity_set", "severity": "SEV1", "reason": "S3"})
    put(store, clock, incident, {"kind": "phase_set", "phase": "resolved"})
    put(store, clock, incident, {"kind": "question_asked", "from": "CFO",
                                 "text": "Is any customer data lost?"})  # fmt: skip
    app = make_app(store, clock, incident=incident)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("Q")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen), "the inbox")
        await pilot.pause()
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the answer form")
        assert any("the incident is over: no update is due, so none will answer it" in m
                   for m in app.said)  # fmt: skip
        await pilot.press(*"No data lost", "enter")
        await saved(pilot, screen, 6)
        [q] = inbox.questions(screen.session.state)
        assert q.status is Status.ANSWERED and q.answer == "No data lost"


async def test_the_handover_briefing_says_the_impact_ended(store, clock, incident):
    put(store, clock, incident, {"kind": "field_set", "field": "impact",
                                 "value": "S3 in us-east-1 returns 5xx"})  # fmt: skip
    put(store, clock, incident, {"kind": "milestone", "name": "impact_started"})
    clock.advance(minutes=20)
    put(store, clock, incident, {"kind": "milestone", "name": "impact_ended"})
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        ended = f"{clock.now().astimezone(screen.session.tz):%H:%M}"
        assert f"impact: S3 in us-east-1 returns 5xx (ended {ended})" in screen.briefing()
