"""One open incident as the screen sees it: its state and timeline, kept up to date
incrementally, and the cursor into the file for "what is new since I last looked"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from cockpit.core import cadence, nudges
from cockpit.core.aliases import NONE as NO_ALIASES
from cockpit.core.aliases import Aliases
from cockpit.core.cadence import Cadences
from cockpit.core.clock import Clock
from cockpit.core.closing import DEFAULT_POLICY, MonitorPolicy
from cockpit.core.compose import new_event
from cockpit.core.events import Event
from cockpit.core.light import Item
from cockpit.core.state import IncidentState
from cockpit.core.timeline import Timeline
from cockpit.core.vocabulary import Audience
from cockpit.store.store import Store
from cockpit.tui.watching import Watching


@dataclass
class Session:
    store: Store
    clock: Clock
    author: str
    incident_id: str
    label: str
    tz: tzinfo
    cadences: Cadences = field(default_factory=cadence.defaults)  # each audience's
    watching: Watching | None = None  # a follower's screen: it never writes (tui/watching.py)
    aliases: Aliases = NO_ALIASES  # the team's words, shown beside the cockpit's in the forms
    thresholds: nudges.Thresholds = nudges.DEFAULT  # when each nudge comes due ([nudges])
    monitor: MonitorPolicy = DEFAULT_POLICY  # how long to watch after the fix ([closing])
    state: IncidentState = field(init=False)
    timeline: Timeline = field(init=False)
    cursor: int = 0  # the last file seq read
    loaded: bool = False  # the first frame's events are in (state and latest entries)
    history_loaded: bool = False  # and so are all the older entries
    total: int | None = None  # events in the incident when it was opened (None: counting)

    def __post_init__(self) -> None:
        self.timeline = Timeline(self.tz)
        # One set of ids for both (100,000 ids held twice cost ~10 MB): the state is always
        # applied first (`apply`, `merge`), so each event is new to it until the timeline has it.
        self.state = IncidentState(self.incident_id, ids=self.timeline.known())
        # This screen's own writes to shared state, handed to the writer and not yet saved:
        # a second key press (space twice on a checklist item) must see the first.
        self.pending: dict[tuple, Event] = {}

    # ---- applying (on the UI thread) ----------------------------------------------------------

    def apply(self, events: Iterable[Item]) -> int:
        """Apply events to the state and the timeline; returns how many were new."""
        new = 0
        state_apply, timeline_apply = self.state.apply, self.timeline.apply
        for e in events:
            if state_apply(e):
                new += 1
            timeline_apply(e)
        return new

    def merge(self, items: list[Item]) -> int:
        """Apply a chunk of history (older entries read in the background); returns how many
        rows it added to the timeline."""
        once: set[str] = set()  # the state knows an event once the timeline has it: not yet
        items = [e for e in items if e.id not in once and not once.add(e.id)]  # type: ignore[func-returns-value]
        self.state.apply_all(items)
        return self.timeline.merge(items)

    # ---- writing ------------------------------------------------------------------------------

    def seen(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        """What every register holds now (its heads), for a write decided later: a form
        opened now saves with `prev` from this, so that a value someone else set while the
        form was open shows as a conflict instead of being silently written over."""
        return {key: r.heads() for key, r in self.state.registers.items()}

    def make(self, body: dict[str, Any], at: datetime | None = None,
             seen: dict[tuple[str, ...], tuple[str, ...]] | None = None,
             at_offset: int | None = None) -> Event:  # fmt: skip
        """A new event by this session's author; `prev` from what the screen shows (or showed,
        `seen`), and from its own writes still on their way to the file (else the two would
        conflict)."""
        e = new_event(self.incident_id, self.author, body, self.clock, at=at, at_offset=at_offset,
                      state=self.state)  # fmt: skip
        register = e.body.register()
        if register is not None and seen is not None:
            e = e.model_copy(update={"prev": seen.get(register, ())})
        if register is not None:
            mine = self.pending.get(register)
            if mine is not None:  # it saw our pending write too (and, should that one fail,
                # still names what stands now)
                e = e.model_copy(update={"prev": tuple(sorted({*e.prev, mine.id}))})
            self.pending[register] = e
        return e

    def settled(self, event: Event) -> None:
        """One of our writes was saved (and applied) or failed: no longer pending."""
        register = event.body.register()
        if register is not None:
            mine = self.pending.get(register)
            if mine is not None and mine.id == event.id:
                del self.pending[register]

    def value(self, *register: str) -> Any:
        """A register's value once our pending writes land: what a toggle toggles."""
        mine = self.pending.get(register)
        return mine.body.value() if mine is not None else self.state.value(*register)

    def now(self) -> datetime:
        return self.clock.now()

    def nudges(self, now: datetime) -> list[nudges.Nudge]:
        """Every nudge due now, most urgent first, the snoozed ones marked."""
        return nudges.current(self.state, now, self.thresholds)

    def update_clock(self) -> cadence.UpdateClock:
        """The update due soonest, whichever its audience."""
        return cadence.next_due(self.state, self.cadences)

    def update_clocks(self) -> list[cadence.UpdateClock]:
        """Every audience with an update due, soonest first; with none, the responders' clock,
        which says why."""
        return cadence.clocks(self.state, self.cadences) or [self.update_clock()]

    def clock_for(self, audience: Audience) -> cadence.UpdateClock:
        return cadence.clock(self.state, audience, self.cadences)
