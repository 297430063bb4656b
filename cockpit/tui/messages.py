"""Messages that bring the results of IO (done in threads) back to the screen."""

from __future__ import annotations

from textual.message import Message

from cockpit.core.events import Event
from cockpit.core.light import Item


class EventsArrived(Message, bubble=False):
    """New events read from the file (the first load, or written by another process)."""

    def __init__(self, events: list[Item], cursor: int, first_load: bool = False) -> None:
        super().__init__()
        self.events = events
        self.cursor = cursor
        self.first_load = first_load


class Saved(Message, bubble=False):
    """An event is committed to the file; only now does the screen show it as saved."""

    def __init__(self, event: Event, token: object = None) -> None:
        super().__init__()
        self.event = event
        self.token = token


class SaveFailed(Message, bubble=False):
    """An event could not be committed; `error` is one line that says what to do."""

    def __init__(self, event: Event, error: str, token: object = None) -> None:
        super().__init__()
        self.event = event
        self.error = error
        self.token = token


class HistoryArrived(Message, bubble=False):
    """Older entries of a large incident, read after the first frame (`done` on the last)."""

    def __init__(self, items: list, done: bool = False) -> None:
        super().__init__()
        self.items = items
        self.done = done
