"""A restricted incident says so in the top line, in a word (`RESTRICTED`), and the word never
gives way to a long title, even at 80x24."""

from __future__ import annotations

import pytest

from tests.conftest import make
from tests.ui.helpers import loaded, make_app, screen_text, wait_for
from tests.ui.test_header_fit import TITLE


@pytest.mark.parametrize("restricted", [True, False])
async def test_the_header_says_restricted(store, clock, incident, restricted):
    store.append(make(incident, "alice", {"kind": "field_set", "field": "title", "value": TITLE},
                      clock))  # fmt: skip
    if restricted:
        store.append(make(incident, "alice", {"kind": "incident_restricted",
                                              "to": ["alice", "bob"]}, clock))  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, lambda: screen.session.state.title == TITLE, "the long title")
        screen.tick()
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
        assert ("RESTRICTED" in top) is restricted, top
        assert "INC-1" in top and "· declared" in top
