"""The palette finds an action by what people call it: "resolve" is a phase change, and
"settle" is what both the conflict (X) and the open hypotheses (g) do."""

from __future__ import annotations

from cockpit.core.compose import new_event
from cockpit.tui.commands import CockpitCommands
from cockpit.tui.screens.form import FormScreen
from tests.ui.helpers import loaded, make_app, screen_text, wait_for


async def ranked(screen, query: str) -> list[str]:
    hits = [h async for h in CockpitCommands(screen).search(query)]
    return [str(h.text or h.match_display) for h in sorted(hits, reverse=True)]


async def test_resolve_finds_the_phase_and_settle_the_conflict_and_the_hypotheses(
    store, clock, incident
):
    for person in ("bob", "carl"):  # two ICs named without seeing each other: a conflict
        store.append(new_event(incident, person, {"kind": "role_assigned", "role": "ic",
                                                  "person": person}, clock))  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        first = (await ranked(screen, "resolve"))[0]
        assert first == "Move the incident to another phase (resolve, close, reopen, monitoring)"
        assert "another phase" in (await ranked(screen, "reopen"))[0]
        top = await ranked(screen, "settle")
        assert {t.split(":")[0] for t in top[:2]} == {"Settle a conflict",
                                                      "Open hypotheses and questions"}  # fmt: skip
        assert (await ranked(screen, "title"))[0].startswith("Answer the intake")

        await pilot.press("ctrl+p", *"resolve")  # the palette itself: the phase comes first
        await wait_for(pilot, lambda: "(resolve, close" in screen_text(app), "the hit")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the phase form")
        assert "phase" in app.screen.form.title.lower()
