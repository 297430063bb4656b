"""Fixtures for the screen tests: a small incident, and the demo incident at a fixed time."""

from __future__ import annotations

from datetime import UTC

import pytest

from cockpit.core.clock import FakeClock
from cockpit.demo import seed_demo
from cockpit.store import Store

DEMO_ID = "0196e1a4-0000-7000-8000-00000000de70"


@pytest.fixture
def demo(store: Store, clock: FakeClock) -> str:
    """The demo incident, ending at the fake clock's now; returns its label."""
    return seed_demo(store, clock.now(), entries=120, seed=7, incident_id=DEMO_ID, tz=UTC).label
