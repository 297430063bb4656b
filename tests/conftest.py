"""Fixtures every test layer shares. Each test gets its own config folder, data folder and file,
all under tmp_path, and a fake clock; nothing reads the developer's own configuration."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.events import Event
from cockpit.store import Store

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _hermetic_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("COCKPIT_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    for var in ("COCKPIT_DB", "COCKPIT_TOKEN", "COCKPIT_NAME", "COCKPIT_THEME", "COCKPIT_TZ"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cockpit.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store.open(db_path, create=True)
    yield s
    s.close()


@pytest.fixture
def incident(store: Store, clock: FakeClock) -> str:
    """A declared incident in `store`; returns its id."""
    e = new_event(
        "0196e1a4-0000-7000-8000-00000000c0de",
        "alice",
        {"kind": "incident_declared", "title": "Checkout API errors", "service": "checkout"},
        clock,
    )
    store.declare(e)
    return e.incident


def make(incident: str, author: str, body: dict, clock: FakeClock, **kw) -> Event:
    """Shorthand for tests: a new event, the clock moved on one second first."""
    clock.advance(1)
    return new_event(incident, author, body, clock, **kw)
