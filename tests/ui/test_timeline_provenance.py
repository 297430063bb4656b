"""The screen's timeline row shows who recorded an entry when it is not its author ("via
alice", as a field of its own beside the author), and an entry from a newer cockpit as an
unknown entry with its author, time and kind."""

from __future__ import annotations

import json

from cockpit.core.events import Event
from cockpit.store.outbox import Pulled, SyncBook
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, screen_text, wait_for


async def test_the_timeline_row_shows_provenance_and_unknown_entries(store, clock, incident):
    store.recorder = "alice"  # this terminal's configured name
    store.append(make(incident, "deploy-bot", {"kind": "note", "text": "deploy 42 done"}, clock))

    def newer(body: dict) -> Event:
        """An event as a newer cockpit writes it (one of ours, its body replaced)."""
        made = make(incident, "zoe", {"kind": "note", "text": "x"}, clock)
        return Event.model_validate(json.loads(made.model_dump_json()) | {"body": body})

    future = newer({"kind": "forecast", "what": "impact"})
    # a newer cockpit's versions of kinds whose fields this screen reads to colour the row
    others = [
        newer({"kind": "severity_set", "severity": "SEV0", "scope": "eu"}),
        newer({"kind": "role_assigned", "role": "liaison", "person": "kim", "shift": 2}),
    ]
    book = SyncBook(store, clock)
    book.join(incident, "http://server.test")
    pulled = [Pulled(n, e, "zoe") for n, e in enumerate([future, *others], 1)]
    book.apply_pulled(incident, pulled, "ep", 3)
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: "deploy 42 done" in screen_text(app), "the bot's note")
        text = screen_text(app)
        (row,) = [ln for ln in text.splitlines() if "deploy 42 done" in ln]
        assert "deploy-b" in row and "(via alice) deploy 42 done" in row
        unknown = [ln for ln in text.splitlines() if "unknown entry" in ln]
        assert len(unknown) == 3
        (other,) = [ln for ln in unknown if "forecast" in ln]
        assert "zoe" in other and "(unknown entry) what=impact" in other
        assert any("severity=SEV0" in ln for ln in unknown)
