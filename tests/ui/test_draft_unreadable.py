"""A draft kept from last time that cannot be read is said, with where it is: "nothing typed
is lost" must not fail silently (it did: the error was swallowed and the bar came up empty)."""

from __future__ import annotations

from cockpit.store.errors import StoreError
from cockpit.tui.drafts import SLOT, encode
from tests.ui.helpers import loaded, make_app, wait_for


async def test_an_unreadable_draft_is_said_with_where_it_is(store, clock, incident, monkeypatch):
    store.save_draft(incident, SLOT, encode("decision", "roll back 4812"), clock.now())

    def unreadable(incident_id: str, slot: str) -> str:
        raise StoreError("database disk image is malformed")

    monkeypatch.setattr(store, "draft", unreadable)
    monkeypatch.setattr(store, "draft_written", unreadable)  # how the screen reads it
    app = make_app(store, clock)
    said: list[tuple[str, str]] = []
    notify = app.notify

    def recording(message: str, **kw) -> None:
        said.append((message, str(kw.get("severity"))))
        notify(message, **kw)

    monkeypatch.setattr(app, "notify", recording)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: any("draft" in m for m, _ in said), "the draft error")
    ((message, severity),) = [(m, sev) for m, sev in said if "draft" in m]
    assert severity == "error"
    assert message.startswith("could not read the draft kept from last time")
    assert "database disk image is malformed" in message
    assert str(store.path) in message and incident in message  # where it is
