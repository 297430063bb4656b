"""The update outbox: every status update this file posted (origin 'local') that names
destinations, for each destination that has no final `delivery` event yet.

Like the sync outbox (store/outbox.py), it is not a copy: it is a question asked of the log, so
whatever posts an update (the screen, `cockpit update`, a script) has it sent without telling
anyone, and a delivery recorded anywhere (here, or on another terminal and synced here) counts.
Updates pulled from a server (origin 'remote') are never in it: the terminal that posted an
update is the one that sends it. Both queries walk the (incident, kind) index.

What is sent is the update as its author posted it (`to_send`), or as that author edited it in
this file before it was first tried at that destination (a typo caught at once). An edit by
anyone else, one synced or imported from elsewhere, or one made after the first attempt is
never sent under the author's name: it changes the timeline, not what the receiver gets, and
the `sent` delivery says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from cockpit.core.delivery import Delivery, DeliveryBook
from cockpit.core.events import EntryEdited, Event, StatusUpdate
from cockpit.store.store import Store

_UPDATES = (
    "SELECT u.json FROM incidents i JOIN events u ON u.incident = i.id "
    "AND u.kind = 'status_update' WHERE u.origin = 'local' "
    "AND json_array_length(u.json, '$.body.destinations') > 0 ORDER BY u.seq"
)
_DELIVERIES = (
    "SELECT d.json FROM incidents i JOIN events d ON d.incident = i.id AND d.kind = 'delivery'"
)
_CHANGES = (
    "SELECT seq, origin, json FROM events WHERE incident = ? "
    "AND kind IN ('entry_edited', 'entry_redacted') AND json_extract(json, '$.body.target') = ?"
)
_FIRST_TRY = (
    "SELECT MIN(seq) FROM events WHERE incident = ? AND kind = 'delivery' "
    "AND json_extract(json, '$.body.update') = ? AND json_extract(json, '$.body.destination') = ?"
)


@dataclass(frozen=True, slots=True)
class Job:
    """One update waiting for one destination."""

    update: Event  # the status_update event
    destination: str
    last: Delivery | None  # the delivery in force (a `retrying`, or one asked again), if any
    last_at: datetime | None  # when that was recorded
    asked_at: datetime | None = None  # when a person last asked for it again, if ever

    @property
    def body(self) -> StatusUpdate:
        return cast(StatusUpdate, self.update.body)

    @property
    def incident(self) -> str:
        return self.update.incident

    @property
    def key(self) -> tuple[str, str]:
        return (self.update.id, self.destination)


@dataclass(frozen=True, slots=True)
class ToSend:
    """The text that goes to one destination, and how it stands to the update as it reads."""

    text: str
    edited: bool  # its author's edit, made here before the first attempt
    now: str  # the update as it reads now (its latest edit, whoever made it)

    @property
    def later_edit(self) -> bool:
        """Edited since (by someone else, elsewhere, or too late): that edit is not sent."""
        return self.now != self.text

    def note(self) -> str:
        """What the `sent` delivery says of the text ('' when it is the update as it reads)."""
        if not self.later_edit:
            return ""
        which = "as its author edited it before sending" if self.edited else "as posted"
        return f"the text {which}; a later edit was not sent"


class UpdateOutbox:
    def __init__(self, store: Store) -> None:
        self.store = store

    def jobs(self) -> list[Job]:
        """Every (update, destination) still waiting, oldest update first."""
        updates = [Event.model_validate_json(js) for (js,) in self.store.query(_UPDATES)]
        if not updates:
            return []
        book, when, asked = self._read()
        out = []
        for u in updates:
            body = cast(StatusUpdate, u.body)
            for name in book.waiting(u.id, dict.fromkeys(body.destinations)):
                key = (u.id, name)
                out.append(Job(u, name, book.last(*key), when.get(key), asked.get(key)))
        return out

    def book(self) -> DeliveryBook:
        """Every delivery in the file: the last word on each (update, destination)."""
        return self._read()[0]

    def _read(self) -> tuple[DeliveryBook, dict[tuple[str, str], datetime],
                             dict[tuple[str, str], datetime]]:  # fmt: skip
        """The book, when its last word on each pair was recorded, and when each pair was
        last asked for again (a retrying delivery of attempt 0)."""
        book = DeliveryBook()
        when: dict[tuple[str, str], datetime] = {}
        asked: dict[tuple[str, str], datetime] = {}
        for (js,) in self.store.query(_DELIVERIES):
            e = Event.model_validate_json(js)
            if e.unknown:
                continue
            d = cast(Delivery, e.body)
            key = (d.update, d.destination)
            book.add(e.id, e.hlc, d)
            if book.last(*key) is d:
                when[key] = e.recorded_at
            if (
                d.status == "retrying"
                and d.attempt == 0
                and e.recorded_at > asked.get(key, e.recorded_at)
            ):
                asked[key] = e.recorded_at
            elif d.status == "retrying" and d.attempt == 0:
                asked.setdefault(key, e.recorded_at)
        return book, when, asked

    def posted_here(self, update_id: str) -> bool:
        """Whether this file wrote the update (and so is the one that sends it)."""
        rows = self.store.query("SELECT origin FROM events WHERE id = ?", (update_id,))
        return bool(rows) and rows[0][0] == "local"

    def to_send(self, update: Event, destination: str) -> ToSend | None:
        """The text to send `update` to `destination` with, or None once it was redacted (by
        anyone: a redaction takes a secret out, and never makes anything go out)."""
        first = self.store.query(_FIRST_TRY, (update.incident, update.id, destination))
        first_try = first[0][0] if first else None
        chosen: Event | None = None
        latest: Event | None = None
        for seq, origin, js in self.store.query(_CHANGES, (update.incident, update.id)):
            e = Event.model_validate_json(js)
            if e.unknown:
                continue
            if e.kind == "entry_redacted":
                return None
            if latest is None or (e.hlc, e.id) > (latest.hlc, latest.id):
                latest = e
            ours = origin == "local" and e.author == update.author
            in_time = first_try is None or seq < first_try  # before it was first tried there
            if ours and in_time and (chosen is None or (e.hlc, e.id) > (chosen.hlc, chosen.id)):
                chosen = e
        text = cast(EntryEdited, chosen.body).text if chosen is not None else update.text
        now = cast(EntryEdited, latest.body).text if latest is not None else update.text
        return ToSend(text, chosen is not None, now)
