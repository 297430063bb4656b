"""Pages and their answers: who was paged when, and who acknowledged when.

`person_paged` (events.py) records a page; `page_acknowledged` records that a person answered
one (PRACTICE.md: "log who was paged, when, and whether they acknowledged"). An answer names
the page it answers when the recorder knew it (`page`); otherwise it answers the person's
earliest unanswered page sent before it (or, failing that, their latest one: times typed
after the fact can disagree by a minute). An answer with no page of that person recorded is
kept as it is: someone answered, even if nobody wrote down the page.

`Pages` is the state's part (the reducer adds to it); `Pages.view()` is the paging log that
the metrics (time to acknowledge, the pager burden) and the paging views read.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import Field

from cockpit.core.body import BodyModel, Name

if TYPE_CHECKING:
    from cockpit.core.events import Event, PersonPaged


def _unset(value: object) -> bool:
    return value == ""


class PageAcknowledged(BodyModel):
    """Someone answered a page: from then on a human has the alert."""

    kind: Literal["page_acknowledged"] = "page_acknowledged"
    person: Name
    page: Annotated[str, Field(max_length=64, exclude_if=_unset)] = ""  # the person_paged id
    via: Annotated[str, Field(max_length=200, exclude_if=_unset)] = ""  # how they answered

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return f"{self.person} acknowledged the page" + (f" via {self.via}" if self.via else "")


@dataclass(frozen=True, slots=True)
class Page:
    """One page and its answer (either may be missing: an answer with no page recorded)."""

    person: str
    page_id: str | None  # the person_paged event
    paged_at: datetime | None
    paged_by: str
    via: str
    ack_id: str | None  # the page_acknowledged event
    acknowledged_at: datetime | None
    ack_via: str

    @property
    def answered(self) -> bool:
        return self.ack_id is not None

    def seconds_to_answer(self) -> float | None:
        """None without both, or when the answer is recorded before the page (events synced
        that way: the recorders refuse it, cockpit.core.shape_order)."""
        if self.paged_at is None or self.acknowledged_at is None:
            return None
        if self.acknowledged_at < self.paged_at:
            return None
        return (self.acknowledged_at - self.paged_at).total_seconds()


def _sort_key(e: Event) -> tuple[datetime, str, str]:
    return (e.at, e.hlc, e.id)


def person_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class Pages:
    """The pages and answers of one incident, each list in `at` order."""

    def __init__(self) -> None:
        self.paged: list[Event] = []
        self.acks: list[Event] = []

    def add_page(self, e: Event) -> None:
        bisect.insort(self.paged, e, key=_sort_key)

    def add_ack(self, e: Event) -> None:
        bisect.insort(self.acks, e, key=_sort_key)

    def view(self) -> list[Page]:
        """Every page with its answer, and every answer with no page, in time order."""
        answer: dict[str, Event] = {}  # page id -> the ack that answers it
        loose: list[Event] = []
        by_id = {e.id: e for e in self.paged}
        for a in self.acks:  # the ones that name their page first: they know
            named = cast(PageAcknowledged, a.body).page
            if named and named in by_id and named not in answer:
                answer[named] = a
        for a in self.acks:
            b = cast(PageAcknowledged, a.body)
            if b.page and answer.get(b.page) is a:
                continue
            found = self.unanswered_page(b.person, a.at, taken=set(answer))
            if found is None:
                loose.append(a)
            else:
                answer[found.id] = a
        out = [_page(e, answer.get(e.id)) for e in self.paged]
        out += [_page(None, a) for a in loose]
        return sorted(out, key=_when)

    def unanswered_page(self, person: str, at: datetime,
                        taken: set[str] | None = None) -> Event | None:  # fmt: skip
        """The page an answer from `person` at `at` answers: their earliest unanswered page
        sent at or before `at`, else their latest unanswered one; None if they have none.
        `taken`: the pages already answered (default: as `view` pairs them now)."""
        if taken is None:
            taken = {p.page_id for p in self.view() if p.page_id and p.answered}
        key = person_key(person)
        theirs = [e for e in self.paged
                  if person_key(cast("PersonPaged", e.body).person) == key
                  and e.id not in taken]  # fmt: skip
        before = [e for e in theirs if e.at <= at]
        if before:
            return before[0]
        return theirs[-1] if theirs else None

    @property
    def first_page(self) -> Event | None:
        return self.paged[0] if self.paged else None

    @property
    def first_ack(self) -> Event | None:
        return self.acks[0] if self.acks else None


def _when(p: Page) -> tuple[datetime, str]:
    at = p.paged_at or p.acknowledged_at
    assert at is not None  # a page has one or the other
    return (at, p.person)


def _page(paged: Event | None, ack: Event | None) -> Page:
    pb = cast("PersonPaged | None", paged.body if paged is not None else None)
    ab = cast(PageAcknowledged | None, ack.body if ack is not None else None)
    person = pb.person if pb is not None else ab.person if ab is not None else ""
    return Page(
        person,
        paged.id if paged else None, paged.at if paged else None,
        paged.author if paged else "", pb.via if pb is not None else "",
        ack.id if ack else None, ack.at if ack else None, ab.via if ab is not None else "",
    )  # fmt: skip
