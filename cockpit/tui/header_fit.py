"""Fitting the top line to its width: the facts never truncate, the words give way.

The header says, left to right, the incident, its severity, its title, its phase, the time
since it was declared and who you are; at its right the sync status. A long title used to push
the phase and T+ off the line and cut the offline reason to `(cannot`. Here the title gives
way first (with an ellipsis), then `you:`; in the sync status only the reason in parentheses
shortens, never the state, the time or the counts.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

ELLIPSIS = "…"
MIN_TITLE = 12  # cells a title keeps before `you:` goes


def fit_header(head: Text, title: Text, facts: Text, you: Text, width: int) -> Text:
    """head (number, severity) + title + facts (phase, T+) + you, in `width` cells."""
    fixed = head.cell_len + facts.cell_len
    if width <= 0 or fixed + title.cell_len + you.cell_len <= width:
        return Text.assemble(head, title, facts, you, no_wrap=True, end="")
    if width - fixed - you.cell_len < MIN_TITLE:
        you = Text("")
    room = max(0, width - fixed - you.cell_len)
    return Text.assemble(head, shorten(title, room), facts, you, no_wrap=True, end="")


def shorten(text: Text, width: int) -> Text:
    """The start of `text` in `width` cells, ending in an ellipsis when cut."""
    if text.cell_len <= width:
        return text
    if width <= 0:
        return Text("")
    cut = text.copy()
    cut.truncate(width - 1)
    while cut.cell_len > width - 1:  # wide characters
        cut.right_crop(1)
    cut.append(ELLIPSIS)
    return cut


def fit_status(line: str, width: int) -> str:
    """A sync status line in `width` cells. What gives way, in turn: the reason in
    parentheses (shortened, then gone), then a clause after `;` (`; retrying`); the state,
    its time and the counts after ` · ` stay."""
    if width <= 0 or cell_len(line) <= width:
        return line
    start, end = line.find("("), line.rfind(")")
    if 0 <= start < end:
        keep = cell_len(line) - (end - start - 1)  # all but the reason's text
        room = width - keep
        if room >= 2:
            reason = shorten(Text(line[start + 1 : end]), room).plain
            return line[: start + 1] + reason + line[end:]
        line = line[:start].rstrip() + line[end + 1 :]  # no room for any of it
        if cell_len(line) <= width:
            return line
    return shorten(Text(essential_status(line)), width).plain


def essential_status(line: str) -> str:
    """The part of a status line that never gives way: no reason, no `; clause`."""
    start, end = line.find("("), line.rfind(")")
    if 0 <= start < end:
        line = line[:start].rstrip() + line[end + 1 :]
    head, dot, counts = line.partition(" · ")
    return head.split(";")[0].rstrip() + dot + counts
