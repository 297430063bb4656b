"""A digit in a choice list picks and moves on, as Enter would; the Enter people type right
behind it out of habit confirms the pick and never skips the next field. Typed as a person
does (a key at a time) and as a burst (a paste, tmux, a fast typist): the same result."""

from __future__ import annotations

import pytest

from cockpit.core.vocabulary import Outcome, Phase, Role, Severity, TaskStatus
from cockpit.tui.screens.form import FormScreen
from tests.ui.helpers import loaded, make_app, saved, screen_text, send_keys, wait_for


async def type_keys(pilot, keys: list[str], burst: bool) -> None:
    if burst:
        send_keys(pilot.app, "".join("\n" if k == "enter" else k for k in keys))
    else:
        await pilot.press(*keys)


def spelled(*parts: str) -> list[str]:
    """ "a", "3", "enter", "zed" -> keys, each word typed letter by letter."""
    return [k for p in parts for k in ([p] if p == "enter" else list(p))]


@pytest.mark.parametrize("burst", [False, True], ids=["typed", "burst"])
async def test_role_digit_then_enter_puts_the_name_in_who(store, clock, incident, burst):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await type_keys(pilot, spelled("a", "3", "enter", "zed", "enter", "enter"), burst)
        await saved(pilot, screen, 2)
        (lead,) = screen.session.state.holders(Role.TECH_LEAD)
        assert lead.person == "zed"
        assert not isinstance(app.screen, FormScreen)
    (event,) = [e for e in store.events(incident) if e.kind == "role_assigned"]
    assert event.body.person == "zed" and event.body.note == ""


@pytest.mark.parametrize("burst", [False, True], ids=["typed", "burst"])
async def test_every_digit_form_keeps_its_fields(store, clock, incident, burst):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await type_keys(pilot, spelled("s", "2", "enter", "half of EU", "enter"), burst)
        await saved(pilot, screen, 2)
        await type_keys(pilot, spelled("p", "3", "enter", "rollback out", "enter"), burst)
        await saved(pilot, screen, 3)
        await type_keys(pilot, spelled("m", "roll back 4812", "enter", "enter"), burst)
        await saved(pilot, screen, 4)
        await type_keys(pilot, spelled("o", "1", "enter", "errors down", "enter"), burst)
        await saved(pilot, screen, 5)
        await type_keys(
            pilot, spelled("t", "check db", "enter", "kim", "enter", "enter", "enter"), burst
        )
        await saved(pilot, screen, 6)
        await type_keys(pilot, spelled("k", "1", "enter", "2", "enter", "all good", "enter"),
                        burst)  # fmt: skip
        await saved(pilot, screen, 7)
    by_kind = {e.kind: e.body for e in store.events(incident)}
    assert by_kind["severity_set"].severity is Severity.SEV2
    assert by_kind["severity_set"].reason == "half of EU"
    assert by_kind["phase_set"].phase is list(Phase)[2]
    assert by_kind["phase_set"].reason == "rollback out"
    assert by_kind["mitigation_outcome"].outcome is Outcome.WORKED
    assert by_kind["mitigation_outcome"].note == "errors down"
    assert by_kind["task_status"].status is TaskStatus.DONE
    assert by_kind["task_status"].note == "all good"


async def test_a_digit_that_answers_a_form_does_not_send_its_enter_to_the_next(
    store, clock, incident
):
    """`m` with one in flight asks what now; `1` (outcome first) opens the outcome form at
    once. The Enter typed behind the `1` must not pick "Worked" there. (Typed, not as a burst:
    keys sent before the next form exists reach the main screen.)"""
    burst = False
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press(*spelled("m", "restart pods", "enter", "enter"))
        await saved(pilot, screen, 2)
        await type_keys(pilot, spelled("m", "1", "enter", "3", "enter", "no change", "enter"),
                        burst)  # fmt: skip
        await saved(pilot, screen, 3)
        await wait_for(pilot, lambda: "Start a mitigating action" in screen_text(app), "next")
        await type_keys(pilot, spelled("scale up", "enter", "enter"), burst)
        await saved(pilot, screen, 4)
    outcome = [e.body for e in store.events(incident) if e.kind == "mitigation_outcome"]
    assert [(o.outcome, o.note) for o in outcome] == [(Outcome.NO_EFFECT, "no change")]
    started = [e.body.what for e in store.events(incident) if e.kind == "mitigation_started"]
    assert started == ["restart pods", "scale up"]


async def test_a_changed_field_after_a_digit_takes_enter_as_usual(store, clock, incident):
    """Only the Enter right behind the digit confirms it: after typing, Enter moves on."""
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press(*spelled("a", "3", "zed", "enter", "backup", "enter"))
        await saved(pilot, screen, 2)
    (event,) = [e for e in store.events(incident) if e.kind == "role_assigned"]
    assert (event.body.person, event.body.note) == ("zed", "backup")
