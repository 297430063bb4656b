"""One row of the timeline: an entry as it reads now, with its edits, redaction and the entry
it is about (see cockpit.core.timeline, which keeps them in order).

A row of a plain entry nobody edited, redacted or quoted is built on demand from the
timeline's columns (cockpit.core.timeline_columns) each time it is asked for; every other row
is kept, so that what changes it (an edit, a redaction, the entry it quotes arriving) changes
the one object every view holds.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import cast

from cockpit.core import events as ev
from cockpit.core.light import Item
from cockpit.core.registers import Register, Write
from cockpit.core.timefmt import day_clock
from cockpit.core.timeparse import tags

REDACTED = "█ redacted"
NO_TAGS: frozenset[str] = frozenset()  # shared: most entries have no tags


@dataclass(slots=True)
class Row:
    src: Item  # the entry as read: a full event, or a light one
    key: tuple[datetime, str, str]  # (at, hlc, id): the timeline's order
    tz: tzinfo  # the reader's zone (the timeline's, shared): times inside generated texts
    edits: Register | None = None
    redaction: ev.Event | None = None
    edits_log: list[ev.Event] | None = None  # edits and redactions, oldest first
    folded: str | None = None  # cache of `search_text`, dropped on edit or redaction
    tagset: frozenset[str] | None = None  # cache of `tags`, likewise
    gen: int = 0  # edits and redactions applied: the caches' guard (see `search_text`)
    about: Row | None = None  # the entry a pin, resolution, task status or outcome is about

    @property
    def history(self) -> list[ev.Event]:
        """The edits and redactions of this entry, oldest first (most entries have none)."""
        return self.edits_log if self.edits_log is not None else []

    @property
    def event(self) -> ev.Event:
        """The full event (rebuilt for a light entry: cheap, but not free)."""
        return self.src.to_event()

    # The two caches are filled on the main thread or by `Timeline.warm` on a worker, while
    # the main thread may apply an edit. An edit changes the text, then bumps `gen`, then
    # drops the caches; a value is kept only if `gen` did not move while it was computed, so
    # one computed from the old text is returned but never kept. The check and the store are
    # one step (no call or backward jump between them, where a thread could switch).

    @property
    def search_text(self) -> str:
        """The current text, case-folded, for search (a redacted secret is not searchable)."""
        folded = self.folded
        if folded is None:
            seen = self.gen
            text = self.text
            folded = text.casefold()
            folded = text if folded == text else folded  # share it when nothing changes
            if self.gen == seen:
                self.folded = folded
        return folded

    @property
    def tags(self) -> frozenset[str]:
        """The #tags in the current text."""
        tagset = self.tagset
        if tagset is None:
            seen = self.gen
            found = () if self.redaction else tags(self.text)
            tagset = frozenset(found) if found else NO_TAGS
            if self.gen == seen:
                self.tagset = tagset
        return tagset

    @property
    def id(self) -> str:
        return self.key[2]

    @property
    def at(self) -> datetime:
        return self.key[0]

    @property
    def hlc(self) -> str:
        return self.key[1]

    @property
    def author(self) -> str:
        return self.src.author

    @property
    def unknown(self) -> bool:
        """An event this cockpit does not understand: only its text and envelope are read."""
        src = self.src
        return type(src) is ev.Event and src.unknown

    @property
    def recorded_by(self) -> str:
        """Who recorded it when not its author ('' when the author did): shown beside the
        author ("deploy-bot via alice"), never in place of it."""
        return self.src.recorded_by

    @property
    def kind(self) -> str:
        return self.src.kind

    def _describe(self) -> str:
        return self.src.describe(tz=self.tz)

    @property
    def edited(self) -> bool:
        return self.edits is not None and self.edits.winner is not None

    @property
    def redacted(self) -> bool:
        return self.redaction is not None

    @property
    def text(self) -> str:
        """What the screen and exports show now."""
        if self.redaction is not None:
            r = self.redaction
            return f"{REDACTED} by {r.author} at {day_clock(r.at, self.tz)}"
        if self.edits is not None and self.edits.winner is not None:
            edited: str = self.edits.winner.value
            return edited
        if self.about is not None:  # "Task acknowledged" alone does not say which task
            body = cast(ev.Event, self.src).body  # only events quote
            return body.describe(_subject(self.about), tz=self.tz)
        return self._describe()

    @property
    def original_text(self) -> str | None:
        return None if self.redaction is not None else self._describe()


def changed(row: Row) -> None:
    """Another entry that `row` quotes changed: drop what was cached of its text."""
    row.gen += 1
    row.folded = None
    row.tagset = None


def _subject(row: Row, limit: int = 60) -> str:
    """A short name for an entry that another one is about: a task's task, a mitigation's
    action, a follow-up's text, or the first line of its text."""
    if row.redacted:  # a secret stays hidden here too
        text = REDACTED
    elif row.kind == "task_delegated" and not row.unknown:
        text = cast(ev.TaskDelegated, row.event.body).task
    elif row.kind == "mitigation_started" and not row.unknown:
        text = cast(ev.MitigationStarted, row.event.body).what
    elif row.kind == "followup_added" and not row.unknown:
        text = row.event.text  # what to do, not the whole line (owner, due...)
    elif row.about is not None:  # a quote of a quote: its own words only, never nested (so
        text = row.original_text or ""  # a redaction two steps away cannot show, nor a loop spin)
    else:
        text = row.text
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


def annotate(row: Row, e: ev.Event) -> None:
    """Apply an edit or a redaction to its row."""
    # The text first, then `gen`, then the caches: see Row.search_text.
    if row.edits_log is None:
        row.edits_log = []
    bisect.insort(row.edits_log, e, key=lambda x: (x.hlc, x.id))
    b = e.body
    if isinstance(b, ev.EntryRedacted):
        if row.redaction is None or (e.hlc, e.id) < (row.redaction.hlc, row.redaction.id):
            row.redaction = e  # the first redaction is the one shown
    else:
        if row.edits is None:
            row.edits = Register()
        text = cast(ev.EntryEdited, b).text  # annotate gets edits and redactions only
        row.edits.apply(Write(e.id, e.hlc, e.at, e.author, text), e.prev)
    row.gen += 1
    row.folded = None
    row.tagset = None
