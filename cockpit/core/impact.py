"""Impact windows: when customers were affected, per component and level, from the milestones.

Per component (`""` is the whole service), a window runs from an `impact_started` to the next
`impact_ended` of that component; an `impact_ended` that names no component ends every open
window. An `impact_started` for a component already affected, at another level, is a change
of level: one window ends and the next begins at the same instant.

An `impact_ended` with nothing open at its time ends nothing (it is "loose"): kept in the log,
named in `Shape.notes` for a person. When a start of that component comes after it, the end
was most likely typed with a wrong time (an end before the start it ends, which cannot be):
`Shape.misordered` pairs them, so that the recorder can refuse it (cockpit.core.shape_order)
and the metrics can say so for events that arrived that way from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from cockpit.core.milestones import ImpactLevel, MilestoneName, body, component_key

if TYPE_CHECKING:
    from cockpit.core.events import Event


@dataclass(frozen=True, slots=True)
class Window:
    """One stretch of impact on one component at one level."""

    component: str  # as first written for this component; "" the whole service
    level: ImpactLevel | None  # None: not said
    start: datetime
    end: datetime | None  # None: still going on
    started_by: str  # the milestones' ids
    ended_by: str | None

    def seconds(self, now: datetime | None = None) -> float | None:
        end = self.end or now
        return None if end is None else (end - self.start).total_seconds()


@dataclass(frozen=True, slots=True)
class Shape:
    windows: list[Window]
    notes: list[str]  # what did not fit (an end with nothing open), said for a person
    # (a loose impact_ended, the first impact_started it comes before, of its component or,
    # for an end that names none, of any): an end before the start it would end.
    misordered: list[tuple[Event, Event]] = field(default_factory=list)


def _stamp(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M}Z"


def impact_windows(milestones: list[Event]) -> Shape:
    """The impact windows of milestones in `at` order (see the module)."""
    open_: dict[str, tuple[str, ImpactLevel | None, datetime, str]] = {}
    names: dict[str, str] = {}  # component key -> its first spelling
    windows: list[Window] = []
    loose: list[Event] = []

    def close(key: str, at: datetime, by: str) -> None:
        component, level, start, started = open_.pop(key)
        windows.append(Window(component, level, start, at, started, by))

    for e in milestones:
        b = body(e)
        name = b.name
        if name is MilestoneName.IMPACT_STARTED:
            key = component_key(b.component)
            shown = names.setdefault(key, b.component.strip())
            level = b.level
            if key in open_:
                if level is None or level == open_[key][1]:
                    continue  # already affected, at that level: nothing new
                close(key, e.at, e.id)  # a change of level
            open_[key] = (shown, level, e.at, e.id)
        elif name is MilestoneName.IMPACT_ENDED:
            key = component_key(b.component)
            if key == "" and open_:
                for k in list(open_):
                    close(k, e.at, e.id)
            elif key != "" and key in open_:
                close(key, e.at, e.id)
            else:
                loose.append(e)
    for key in list(open_):
        component, level, start, started = open_.pop(key)
        windows.append(Window(component, level, start, None, started, None))
    windows.sort(key=lambda w: (w.start, component_key(w.component)))
    notes: list[str] = []
    misordered: list[tuple[Event, Event]] = []
    for end in loose:
        b = body(end)
        what = b.component.strip() or "the service"
        later = _start_after(milestones, end)
        if later is None:
            notes.append(f"impact ended for {what} at {_stamp(end.at)} with no impact started "
                         "before it")  # fmt: skip
        else:
            misordered.append((end, later))
            notes.append(f"impact ended for {what} at {_stamp(end.at)}, before the impact start "
                         f"at {_stamp(later.at)} it would end: that end counts for nothing; "
                         "correct one of the two times")  # fmt: skip
    return Shape(windows, notes, misordered)


def _start_after(milestones: list[Event], end: Event) -> Event | None:
    """The first impact_started after a loose `end` that the end would have ended."""
    key = component_key(body(end).component)
    for e in milestones:
        b = body(e)
        if (e.at > end.at and b.name is MilestoneName.IMPACT_STARTED
                and (key == "" or component_key(b.component) == key)):  # fmt: skip
            return e
    return None


def union_seconds(windows: list[Window], now: datetime | None = None) -> float | None:
    """The time covered by at least one window; None if one is open and `now` is not given."""
    spans: list[tuple[datetime, datetime]] = []
    for w in windows:
        end = w.end or now
        if end is None:
            return None
        if end > w.start:
            spans.append((w.start, end))
    spans.sort()
    total = 0.0
    current: tuple[datetime, datetime] | None = None
    for start, end in spans:
        if current is None or start > current[1]:
            if current is not None:
                total += (current[1] - current[0]).total_seconds()
            current = (start, end)
        elif end > current[1]:
            current = (current[0], end)
    if current is not None:
        total += (current[1] - current[0]).total_seconds()
    return total
