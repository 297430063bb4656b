"""Many short strings held as a few long ones, and a lookup from them to their slot.

100,000 ids and texts as str objects are 100,000 small allocations each, interleaved with the
json and records they were read from; once those are freed, the few strings that live on keep
nearly every arena of Python's allocator in use (~20 MB of resident memory held for nothing,
at 100,000 entries). Joined into blocks of `BLOCK` strings, they are a few hundred large
allocations, and what was read them from is given back whole.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator

BLOCK = 1024  # strings per sealed block (a power of two: a slot's block is `slot >> SHIFT`)
SHIFT = BLOCK.bit_length() - 1
SEP = "\x00"  # between strings in a block: a search for text without it never spans two


class PackedStrings:
    """An append-only column of strings: `column[slot]` gives the slot's string."""

    def __init__(self) -> None:
        self.blocks: list[str] = []  # sealed: BLOCK strings each, SEP after every one
        self.starts = array("I")  # each sealed string's offset in its block
        self.tail: list[str] = []  # not sealed yet (fewer than BLOCK)

    def __len__(self) -> int:
        return len(self.blocks) * BLOCK + len(self.tail)

    def append(self, text: str) -> None:
        tail = self.tail
        tail.append(text)
        if len(tail) == BLOCK:
            at, starts = 0, self.starts
            for t in tail:
                starts.append(at)
                at += len(t) + 1
            self.blocks.append(SEP.join(tail) + SEP)
            self.tail = []

    def __getitem__(self, slot: int) -> str:
        block = slot >> SHIFT
        if block >= len(self.blocks):
            return self.tail[slot - len(self.blocks) * BLOCK]
        start = self.starts[slot]
        end = self.starts[slot + 1] if (slot + 1) & (BLOCK - 1) else len(self.blocks[block])
        return self.blocks[block][start : end - 1]

    def __setitem__(self, slot: int, text: str) -> None:
        """Only to empty a slot (`text` == ""): a sealed block keeps its text, unreachable."""
        if slot >> SHIFT >= len(self.blocks):
            self.tail[slot - len(self.blocks) * BLOCK] = text

    def __iter__(self) -> Iterator[str]:
        return (self[slot] for slot in range(len(self)))

    def containing(self, needle: str) -> set[int] | None:
        """The sealed slots whose string, case-folded, contains `needle` (already folded); None
        if that cannot be answered block by block (the caller then tests each string)."""
        if not needle or SEP in needle:
            return None
        found: set[int] = set()
        starts = self.starts
        for b, block in enumerate(self.blocks):
            folded = block.casefold()
            if len(folded) != len(block):  # a letter folded into two: offsets moved
                return None
            first = b * BLOCK
            i = folded.find(needle)
            while i >= 0:
                slot = bisect_right(starts, i, first, first + BLOCK) - 1
                found.add(slot)
                end = folded.find(SEP, i)  # the next string: one hit per slot is enough
                i = folded.find(needle, end + 1) if end >= 0 else -1
            del folded
        return found


class IdIndex:
    """Slot by id, for ids held in a PackedStrings (a dict would hold each id again as an
    object of its own, and a number object per slot). Open addressing over arrays."""

    def __init__(self, ids: PackedStrings) -> None:
        self.ids = ids
        self.hashes = array("q")  # by slot
        self.table = array("i", bytes(4 * 16))  # slot + 1 by position; 0: empty
        self.mask = 15

    def get(self, key: str) -> int | None:
        h = hash(key)
        table, hashes, ids, mask = self.table, self.hashes, self.ids, self.mask
        i = h & mask
        while True:
            held = table[i]
            if not held:
                return None
            slot = held - 1
            if hashes[slot] == h and ids[slot] == key:
                return slot
            i = (i + 1) & mask

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def add(self, key: str, slot: int) -> None:
        """Record `slot` (the next one: slots are added in order) for `key`, not yet here."""
        h = hash(key)
        self.hashes.append(h)
        if 2 * len(self.hashes) > self.mask:
            self._grow()
        else:
            self._place(h, slot)

    def _place(self, h: int, slot: int) -> None:
        table, mask = self.table, self.mask
        i = h & mask
        while table[i]:
            i = (i + 1) & mask
        table[i] = slot + 1

    def _grow(self) -> None:
        size = 4 * (self.mask + 1)
        self.table = array("i", bytes(4 * size))
        self.mask = size - 1
        for slot, h in enumerate(self.hashes):
            self._place(h, slot)
