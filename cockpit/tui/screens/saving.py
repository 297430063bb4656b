"""The main screen's writing: every event goes to the writer thread and shows as saved only
once committed; a failed save brings back what asked for it (a form, the entry bar's text).

A mixin of MainScreen; its message handlers go by name (`on_saved`), as Textual collects
`@on` handlers only on its own classes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cockpit.store.read_only import REFUSAL
from cockpit.tui import paint_hold, textual_compat
from cockpit.tui.messages import Saved, SaveFailed
from cockpit.tui.widgets.entry_bar import EntryBar
from cockpit.tui.widgets.timeline_view import TimelineView


class EntryToken:
    """Rides along with an entry to the writer, so a failed save can put the text back."""

    def __init__(self, kind: str, text: str) -> None:
        self.kind, self.text = kind, text


class RetryToken:
    def __init__(self, retry: Callable[[str], Any] | None,
                 saved: Callable[[], Any] | None = None, place: bool = False) -> None:  # fmt: skip
        self.retry = retry  # on failure, with the error
        self.saved = saved  # once committed
        self.place = place  # backdated from a form's text: say where it went, as the bar does


if TYPE_CHECKING:  # a mixin of MainScreen, typed as the screen it is mixed into
    from textual.screen import Screen as _Screen

    from cockpit.tui.session import Session
    from cockpit.tui.sync_link import SyncLink
    from cockpit.tui.watching import RefusingWriter
    from cockpit.tui.writer import Writer
else:
    _Screen = object


class Saving(_Screen):
    """Mixed into MainScreen."""

    session: Session
    sync_link: SyncLink
    writer: Writer | RefusingWriter
    after_change: Callable[[int], None]
    confirm_placement: Callable[[Any], None]
    refused_writes = 0  # writes a follower's screen refused (tests read it)

    def save(self, body: dict, *, at: datetime | None = None, at_offset: int | None = None,
             token: Any = None, retry: Callable[[str], Any] | None = None,
             seen: dict | None = None, saved: Callable[[], Any] | None = None,
             made: Callable[[Any], Any] | None = None,
             place: bool = False) -> None:  # fmt: skip
        """Make an event of `body` and hand it to the writer; it shows once committed.

        `retry(error)`, if given, brings back what asked for it (a form) when the save fails,
        and shows the error there. `seen`: the state the decision was made on (Session.seen).
        `made(event)`: told the event as it goes to the writer (a later write names its id).
        `place`: a time typed at the start of a form's text backdated it; once saved, the
        screen says where it went, as for the entry bar (`confirm_placement`).
        A follower's screen refuses here, before an event is even made (tui/watching.py)."""
        if self.session.watching is not None:
            self.refused_writes += 1
            self.notify(REFUSAL, severity="warning", timeout=6)
            return
        try:
            event = self.session.make(body, at=at, at_offset=at_offset, seen=seen)
        except Exception as exc:  # pydantic: an empty field, say
            msg = str(exc).splitlines()[0]
            if retry:
                retry(f"cannot record that: {msg}")
                return
            self.notify(f"cannot record that: {msg}", severity="error")
            if isinstance(token, EntryToken):
                self.query_one(EntryBar).restore(token.kind, token.text, "not saved: " + msg)
            return
        if token is None and (retry or saved or place):
            token = RetryToken(retry, saved, place)
        if made is not None:
            made(event)
        self.writer.submit(event, self, token)

    def on_saved(self, message: Saved) -> None:
        before = len(self.session.timeline)
        self.session.apply([message.event])
        self.session.settled(message.event)
        self.after_change(len(self.session.timeline) - before)
        # Drawn together. A widget tells the screen it changed only when its own queue goes
        # idle; the timeline tells it now, and the hold ends after the screen has heard.
        textual_compat.flush_refresh(self.query_one(TimelineView))
        self.call_later(paint_hold.release, self.app)
        token = message.token
        if isinstance(token, RetryToken) and token.saved:
            token.saved()
        if isinstance(token, EntryToken) or (isinstance(token, RetryToken) and token.place):
            self.confirm_placement(message.event)  # a backdated entry says where it went
        self.sync_link.kick()  # joined to a server: push it now

    def on_save_failed(self, message: SaveFailed) -> None:
        paint_hold.release(self.app)
        self.session.settled(message.event)
        token = message.token
        if isinstance(token, RetryToken) and token.retry:
            token.retry(message.error)
            return
        self.notify(message.error, severity="error", timeout=10)
        if isinstance(token, EntryToken):
            self.query_one(EntryBar).restore(token.kind, token.text, "not saved: " + message.error)
