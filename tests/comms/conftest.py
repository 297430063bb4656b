from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.events import Event
from cockpit.settings import Settings
from cockpit.store import Store
from tests.comms.receivers import MailBox, Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def mailbox() -> Iterator[MailBox]:
    m = MailBox().start()
    yield m
    m.stop()


def settings(**destinations: dict[str, Any]) -> Settings:
    return Settings.model_validate({"name": "alice", "destinations": destinations})


def post(store: Store, incident: str, clock: FakeClock, text: str, *destinations: str,
         audience: str = "exec", author: str = "alice", **more: Any) -> Event:  # fmt: skip
    """A status update posted here (origin local), naming destinations."""
    clock.advance(1)
    body = {"kind": "status_update", "audience": audience, "text": text,
            "destinations": list(destinations), **more}  # fmt: skip
    return store.append(new_event(incident, author, body, clock))


def deliveries(store: Store, incident: str) -> list[Any]:
    return [e.body for e in store.events(incident) if e.kind == "delivery"]
