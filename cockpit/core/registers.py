"""Last-writer-wins registers with conflict detection.

A register is one piece of shared state (the severity, the IC, a checklist item). Every write
names the writes it saw (`prev`). The value is the write with the greatest (hlc, id): since a
new write's hlc is later than everything its author saw, that is also the latest in causal
order. The *heads* are the writes that no other write saw; two or more heads with different
values are a conflict: two people set it without seeing each other. Any later write that
saw both heads (its `prev` names them) resolves it.

Applying a write is O(len(prev)); applying the same writes in any order, any number of times,
gives the same register.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Write:
    id: str
    hlc: str
    at: datetime
    author: str
    value: Any

    @property
    def key(self) -> tuple[str, str]:
        return (self.hlc, self.id)


@dataclass(slots=True)
class Register:
    writes: dict[str, Write] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)  # ids named in some write's prev
    head_ids: set[str] = field(default_factory=set)
    winner: Write | None = None

    def apply(self, write: Write, prev: tuple[str, ...]) -> bool:
        """Add one write; False if it was already here."""
        if write.id in self.writes:
            return False
        self.writes[write.id] = write
        for p in prev:
            self.seen.add(p)
            self.head_ids.discard(p)
        if write.id not in self.seen:
            self.head_ids.add(write.id)
        if self.winner is None or write.key > self.winner.key:
            self.winner = write
        return True

    @property
    def value(self) -> Any:
        return self.winner.value if self.winner else None

    def heads(self) -> tuple[str, ...]:
        """What a new write should name as `prev`: every value currently standing."""
        return tuple(sorted(self.head_ids))

    def conflict(self) -> list[Write]:
        """The standing writes, if they disagree; else an empty list."""
        if len(self.head_ids) < 2:
            return []
        heads = sorted((self.writes[i] for i in self.head_ids), key=lambda w: w.key, reverse=True)
        if len({repr(w.value) for w in heads}) < 2:
            return []
        return heads
