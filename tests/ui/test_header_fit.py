"""The top line under a long title and a long offline reason: the severity, the phase, T+ and
the sync status never truncate; the title gives way, with an ellipsis."""

from __future__ import annotations

import pytest

from cockpit.tui.header_fit import fit_status
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, saved, screen_text, wait_for

TITLE = ("Checkout API returns 502 for every card payment in EU-West after the 14:00 deploy of "
         "the payments gateway, retries piling up on the queue")  # fmt: skip
OFFLINE = ("sync: offline since 14:02 (cannot connect to http://127.0.0.1:8765: [Errno 111] "
           "Connection refused); retrying · 3 pending")  # fmt: skip


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_facts_stay_and_the_title_gives_way(store, clock, incident, size):
    store.append(make(incident, "alice", {"kind": "field_set", "field": "title", "value": TITLE},
                      clock))  # fmt: skip
    store.append(make(incident, "alice", {"kind": "severity_set", "severity": "SEV2",
                                          "reason": "half of EU"}, clock))  # fmt: skip
    store.append(make(incident, "alice", {"kind": "phase_set", "phase": "mitigating"}, clock))
    clock.advance(minutes=42, seconds=7)
    app = make_app(store, clock)
    async with app.run_test(size=size) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, lambda: screen.session.state.title == TITLE, "the long title")
        screen.sync_status.set_message(OFFLINE)  # as the sync link says it
        await wait_for(pilot, lambda: screen.sync_status.message == OFFLINE, "the status")
        screen.tick()
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
        assert len(top) == size[0]
        for fact in ("INC-1", "SEV2", "· mitigating", "· T+42:",
                     "sync: offline since 14:02", "· 3 pending "):  # fmt: skip
            assert fact in top, (fact, top)
        assert "…" in top and TITLE not in top  # the title gave way
        if size[0] >= 120:  # room for the title's start and most of the reason too
            assert " Checkout A" in top
            assert "(cannot connect to " in top and "; retrying" in top


async def test_a_short_title_is_whole_and_nothing_is_cut(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await saved(pilot, screen, 1)
        top = screen_text(app).splitlines()[0]
        assert "Checkout API errors  · declared · T+0:00 · you: alice" in top
        assert "…" not in top


def test_the_reason_shortens_before_the_state_and_counts():
    assert fit_status(OFFLINE, 200) == OFFLINE
    short = fit_status(OFFLINE, 60)
    assert len(short) == 60 and short.startswith("sync: offline since 14:02 (cannot")
    assert short.endswith("…); retrying · 3 pending")
    tiny = fit_status(OFFLINE, 48)  # no room for the reason at all
    assert tiny == "sync: offline since 14:02; retrying · 3 pending"
    assert fit_status(OFFLINE, 40) == "sync: offline since 14:02 · 3 pending"
