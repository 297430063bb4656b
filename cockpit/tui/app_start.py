"""What the app shows first, from the start read (tui/start_read.py): the incident asked for,
the one open incident, a picker when several are open, a declare form when none is; and,
once that first screen has drawn its first frame, the CLI's hook (it resumes the GC it
paused for start-up).

A mixin of CockpitApp (app.py).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from textual import work

from cockpit.store.errors import StoreError
from cockpit.store.store import IncidentRef
from cockpit.tui.incidents import Summary, past_line
from cockpit.tui.start_read import StartRead

if TYPE_CHECKING:  # a mixin of CockpitApp, typed as the app it is mixed into
    from textual.app import App as _App

    from cockpit.tui.screens.form import Form
else:
    _App = object

START_WAIT = 0.25  # seconds the app waits for the start read before a worker waits instead


class AppStart(_App):
    """Mixed into CockpitApp."""

    start_read: Future[StartRead]
    watching: Any
    first_frame_shown: bool
    _after_first_frame: Callable[[], object] | None
    open_incident: Callable[..., None]
    show_picker: Callable[..., None]
    declare: Callable[..., None]
    declare_form: Callable[[str], Form]
    first_frame_drawn: Callable[[], None]

    def open_start(self) -> None:
        """What to show first, from the start read. Waited for here, briefly: the app has
        nothing to draw before it, and with the GIL to itself the read takes a few ms (a
        worker waiting for it, then handing it back to the screen's loop, took 5-15 ms of
        thread switches). A slow file is waited for in a worker."""
        try:
            start = self.start_read.result(timeout=START_WAIT)
        except TimeoutError:
            self._find_start()
            return
        except StoreError as exc:
            self.exit(exc, return_code=1)  # cli/errors.py says it
            return
        self._show_start(start)

    @work(thread=True, group="start")
    def _find_start(self) -> None:
        try:
            start = self.start_read.result()
        except StoreError as exc:
            self.call_from_thread(self.exit, exc, return_code=1)  # cli/errors.py says it
            return
        self.call_from_thread(self._show_start, start)

    def _show_start(self, start: StartRead) -> None:
        if start.ref is not None:
            self.open_incident(start.ref, start)
        else:
            self._start_with(start.found, start.past)
        # After the first screen's first frame. (Asked from the app's own on_mount, it went to
        # the screen Textual starts with, hidden by then, and never ran: the GC stayed off.)
        self.screen.call_after_refresh(self._started)

    def _start_with(self, found: list[Summary], past: tuple[Summary, ...] = ()) -> None:
        if self.watching is not None:  # the CLI names the one incident a follower follows
            self.exit("nothing to watch: name the incident (`cockpit watch INC-n`)", return_code=1)
            return
        if len(found) == 1:
            self.open_incident(IncidentRef(found[0].id, found[0].number, ""))
        elif found:
            self.show_picker(found)
        elif past:  # all resolved or closed: say so, and Esc opens them anyway
            form = self.declare_form(past_line(past))
            self.declare(first=False, form=form, cancelled=lambda: self._open_past(past))
        else:
            self.declare(first=True)

    def _open_past(self, past: tuple[Summary, ...]) -> None:
        if len(past) == 1:
            self.open_incident(IncidentRef(past[0].id, past[0].number, ""))
        else:
            self.show_picker(list(reversed(past)), title="No incident is open; resolved and closed")

    def _started(self) -> None:
        """After the first frame: what start-up built lives as long as the app, so keep the
        cyclic GC from walking it; the CLI then puts back the GC it paused for start-up."""
        if self.first_frame_shown:
            return
        self.first_frame_shown = True
        gc.freeze()
        if self._after_first_frame is not None:
            self._after_first_frame()
        self.first_frame_drawn()
