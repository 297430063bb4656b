"""What the main screen's edges say about the moment: the top line fitted to its width (the
facts never truncate: header_fit) and the footer's keys following the situation
(footer_situation), with whether other incidents are open. Mixed into MainScreen, which
provides `session` and the widgets."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import work

from cockpit.tui.footer_situation import footer_wants
from cockpit.tui.header_fit import essential_status
from cockpit.tui.incidents import open_incidents
from cockpit.tui.session import Session
from cockpit.tui.widgets.incident_bar import IncidentBar


class Situation:
    session: Session
    sync_status: Any
    size: Any
    app: Any
    query_one: Any
    refresh_bindings: Any
    pace_footer: Any
    _sync_room = -1  # cells the sync status may take (see _fit_top)
    other_incidents = False  # more than this one open: the footer offers `i`
    others_looked = False  # the first look is done (the footer is then as it will stay)

    def _fit_top(self) -> None:
        """The sync status takes what the header's facts and a few cells of the title leave,
        and more (the title's) when its own essentials need it (header_fit)."""
        bar, width = self.query_one(IncidentBar), self.size.width
        essential = cell_len(essential_status(self.sync_status.message)) + 2  # and padding
        room = max(width - bar.min_width(), min(essential, width - bar.min_width(title=1)))
        room = max(12, room)
        if room != self._sync_room:  # a change of max-width is a layout: only when it moves
            self._sync_room = room
            self.sync_status.styles.max_width = room

    def footer_wants(self) -> dict[str, bool]:
        """The keys the moment needs in the footer (KeyHints asks; footer_situation says)."""
        s = self.session
        if not s.loaded:
            return {}
        now = s.now()
        return footer_wants(s.state, s.update_clock(), now, self.other_incidents) | (
            self.pace_footer())  # fmt: skip

    @work(thread=True, group="incidents", exclusive=True, exit_on_error=False)
    def look_for_others(self) -> None:
        """Other incidents open in the file (once a minute): the footer then offers `i`."""
        s = self.session
        try:
            others = len(s.store.incidents()) > 1 and any(
                x.id != s.incident_id for x in open_incidents(s.store)
            )
        except Exception:  # the poll says what is wrong with the file; this is a hint
            others = False
        self.app.call_from_thread(self._found_others, others)

    def _found_others(self, others: bool) -> None:
        self.others_looked = True
        if others != self.other_incidents:
            self.other_incidents = others
            self.refresh_bindings()
