"""The main screen's view of the rest of the file and of the service catalog: the incidents
linked to this one (its parent, its child workstreams, live), the service's owner, on-call
and runbooks with the open incidents of its dependencies, and the links view (`L`).

The other incidents are read at the screen's poll, in its read worker (`look_around`): their
state-setting events only, incrementally after a cursor of the file's own order, so a child's
severity changed in another terminal shows on the parent's screen at the next poll. Shown
again only when something changed (the neighbourhood's version, this incident's links or
service, the catalog, the user's checklists).

A mixin of MainScreen; its message handler goes by name (`on_others_arrived`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

from cockpit.core.light import Item
from cockpit.core.neighbours import Neighbourhood
from cockpit.core.ownership import facts
from cockpit.store import others
from cockpit.store.store import IncidentRef
from cockpit.tui.widgets.checklist_pane import ChecklistPane
from cockpit.tui.widgets.links_pane import LinksPane
from cockpit.tui.widgets.service_pane import ServicePane

if TYPE_CHECKING:  # a mixin of MainScreen, typed as the screen it is mixed into
    from textual.screen import Screen as _Screen

    from cockpit.tui.session import Session
else:
    _Screen = object


class OthersArrived(Message, bubble=False):
    """New state-setting events of the file's other incidents (and their labels)."""

    def __init__(self, events: list[Item], labels: dict[str, str]) -> None:
        super().__init__()
        self.events = events
        self.labels = labels


class LinksActions(_Screen):
    """Mixed into MainScreen."""

    session: Session
    neighbourhood: Neighbourhood
    _others_cursor: int | None = None  # the read worker's (only it reads and sets these)
    _first_cursor = 0
    _full: frozenset[str] = frozenset()  # incidents whose whole state was read (linked)
    _neighbours_shown: tuple = ()

    # ---- reading (in the screen's read worker) ------------------------------------------------

    def look_around(self) -> None:
        """At each poll, in the read worker: what the other incidents gained, and whether the
        catalog's files changed. Never raises: the timeline's own read says what is wrong."""
        arrived = self.read_others()
        if arrived is not None:
            self.post_message(arrived)
        try:
            catalog = self.app.catalog_watch.changed()  # type: ignore[attr-defined]  # CockpitApp
        except Exception:
            catalog = None
        if catalog is not None:
            self.app.call_from_thread(self.app.catalog_read, catalog, True)  # type: ignore[attr-defined]

    def read_others(self) -> OthersArrived | None:
        """What the other incidents gained since the last read (None: nothing). The screen's
        first frame calls it directly (screens/live_read.py), the poll through `look_around`."""
        s = self.session
        try:
            if self._others_cursor is None:
                got: others.Others | None = others.first(s.store, s.incident_id)
                if got is not None:
                    self._first_cursor, self._full = got.cursor, frozenset(got.linked)
            else:
                got = others.after(s.store, s.incident_id, self._others_cursor,
                                   len(self.neighbourhood.labels))  # fmt: skip
                new = (got.linked - self._full) if got is not None else set()
                if got is not None and new:  # newly linked: the rest of its state, too
                    self._full = self._full | new
                    got.events.extend(others.complete(s.store, new, self._first_cursor))
        except Exception:
            got = None
        if got is None:
            return None
        self._others_cursor = got.cursor
        return OthersArrived(got.events, got.labels) if got.events or got.labels else None

    def on_others_arrived(self, message: OthersArrived) -> None:
        self.neighbourhood.apply(message.events, message.labels)
        self.show_neighbours()

    # ---- showing ------------------------------------------------------------------------------

    def catalog_changed(self) -> None:
        """The app read the catalog (at start, or again): the service block from it."""
        self.show_neighbours(force=True)

    def show_neighbours(self, force: bool = False) -> None:
        """The links pane and the service block, when anything they show may have changed:
        told after every entry, this is one tuple comparison unless it did."""
        state = self.session.state
        app: Any = self.app
        lists = getattr(app, "user_checklists", ())
        service = state.field("service").strip()
        key = (len(state.link_events), self.neighbourhood.version, service, id(app.catalog),
               lists)  # fmt: skip
        if key == self._neighbours_shown and not force:
            return
        self._neighbours_shown = key
        if self.neighbourhood.version:  # read once at least: else every link looks far away
            self.query_one(LinksPane).show(self.neighbourhood.rows(state))
        shown = None
        if service and app.catalog:
            shown = facts(app.catalog, service, self.neighbourhood, state.incident_id or "",
                          lists)  # fmt: skip
        self.query_one(ServicePane).show(shown)
        self.query_one(ChecklistPane).offer(shown.checklists if shown is not None else ())

    # ---- the links view -----------------------------------------------------------------------

    def action_links(self) -> None:
        from cockpit.tui.screens.links_view import LinksScreen  # rarely opened: imported then

        def done(opened: str | None) -> None:
            if opened:
                label = self.neighbourhood.labels.get(opened, "")
                number = int(label.split("-")[1]) if label.startswith("INC-") else 0
                if number:
                    self.app.open_incident(IncidentRef(opened, number, ""))  # type: ignore[attr-defined]

        self.app.push_screen(LinksScreen(self), done)  # type: ignore[arg-type]  # MainScreen
