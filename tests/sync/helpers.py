"""Terminals for sync tests: each has its own SQLite file, clock and SyncEngine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.events import Event
from cockpit.server.auth import create_token
from cockpit.server.storage.base import Storage
from cockpit.store import Store
from cockpit.store.outbox import SyncBook
from cockpit.sync.engine import SyncEngine
from cockpit.sync.status import SyncStatus
from tests.conftest import T0
from tests.waiting import beat as beat
from tests.waiting import until as until

FAST = {"min_backoff": 0.02, "max_backoff": 0.3, "poll": 0.02, "wait": 5.0, "timeout": 5.0}


def token(storage: Storage, person: str, team: str = "sre", **kw: Any) -> str:
    return create_token(
        storage, person=person, team=team, incident=kw.get("incident"), now=kw.get("now", 0),
        expires_at=kw.get("expires_at"),
    )[1]  # fmt: skip


class Terminal:
    def __init__(self, root: Path, name: str, token: str = "", *, minutes: int = 0) -> None:
        self.name = name
        self.path = root / f"{name}.sqlite3"
        # the screen's own connection; its configured name is `name`
        self.store = Store.open(self.path, create=True, recorder=name)
        self.clock = FakeClock(T0)
        self.clock.advance(minutes=minutes)
        self.token = token
        self.engine: SyncEngine | None = None
        self.arrived: list[Event] = []
        self.statuses: list[SyncStatus] = []

    def declare(self, title: str = "Checkout API errors") -> str:
        from cockpit.core.ids import uuid7

        e = new_event(uuid7(self.clock.now()), self.name,
                      {"kind": "incident_declared", "title": title}, self.clock)  # fmt: skip
        self.store.declare(e)
        return e.incident

    def write(self, incident: str, body: dict, *, author: str | None = None) -> Event:
        self.clock.advance(1)
        state = self.store.state(incident) if body.get("kind") in _SHARED else None
        e = new_event(incident, author or self.name, body, self.clock, state=state,
                      latest_hlc=self.store.latest_hlc())  # fmt: skip
        stored = self.store.append(e)
        if self.engine is not None:
            self.engine.kick()
        return stored

    def note(self, incident: str, text: str) -> Event:
        return self.write(incident, {"kind": "note", "text": text})

    def join(self, incident: str, url: str) -> None:
        if not any(i.id == incident for i in self.store.incidents()):
            self.store.ensure_incident(incident, self.clock.now())
        SyncBook(self.store).join(incident, url)

    async def start(self, **kw: Any) -> SyncEngine:
        def on_events(incident: str, events: list[Event]) -> None:
            self.arrived.extend(events)
            beat()

        def on_status(incident: str, status: SyncStatus) -> None:
            self.statuses.append(status)
            beat()

        self.engine = SyncEngine(self.path, token=self.token, clock=self.clock,
                                 on_events=on_events, on_status=on_status, **{**FAST, **kw})  # fmt: skip
        await self.engine.start()
        return self.engine

    async def stop(self) -> None:
        if self.engine is not None:
            await self.engine.stop()
            self.engine = None

    def ids(self, incident: str) -> set[str]:
        return {e.id for e in self.store.events(incident)}

    def snapshot(self, incident: str) -> dict:
        return self.store.state(incident).snapshot()

    def pending(self, incident: str) -> int:
        return SyncBook(self.store).pending_count(incident)

    def close(self) -> None:
        self.store.close()


async def joined_pair(root: Path, server: Any) -> tuple[Terminal, Terminal, str]:
    """Alice declares an incident; she and Bob join it on `server` and start syncing."""
    a = Terminal(root, "alice", token(server.storage, "alice"))
    b = Terminal(root, "bob", token(server.storage, "bob"))
    incident = a.declare()
    for t in (a, b):
        t.join(incident, server.url)
        await t.start()
    return a, b, incident


_SHARED = ("severity_set", "phase_set", "role_assigned", "role_released", "field_set",
           "checklist_item")  # fmt: skip


def server_ids(storage: Storage, incident: str) -> list[tuple[int, str]]:
    return [(seq, js) for seq, js, _ in storage.pull(incident, 0, 100_000).rows]
