"""Corrections to the record: an entry's text edited (the original stays in the log), an
entry redacted (its words hidden everywhere), an entry pinned or unpinned. Bodies of
cockpit.core.events' union, which re-exports them."""

from __future__ import annotations

from datetime import tzinfo
from typing import Literal

from cockpit.core.body import BodyModel, NonEmpty, Register


class EntryEdited(BodyModel):
    kind: Literal["entry_edited"] = "entry_edited"
    target: str
    text: NonEmpty

    def register(self) -> Register:
        return ("edit", self.target)

    def value(self) -> str:
        return self.text

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return f"Edited: {self.text}"


class EntryRedacted(BodyModel):
    kind: Literal["entry_redacted"] = "entry_redacted"
    target: str
    reason: str = ""

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return "Redacted an entry" + (f": {self.reason}" if self.reason else "")


class EntryPinned(BodyModel):
    """Pin an entry so the team finds it again (or unpin it)."""

    kind: Literal["entry_pinned"] = "entry_pinned"
    target: str
    pinned: bool = True

    def register(self) -> Register:
        return ("pin", self.target)

    def value(self) -> bool:
        return self.pinned

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return ("Pinned" if self.pinned else "Unpinned") + (f" “{about}”" if about else " an entry")
