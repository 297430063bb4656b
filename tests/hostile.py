"""Hostile text for the tests that drive it through every output path (CLI, screen, server
log), and the check that nothing a terminal could act on came out raw."""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

from cockpit.core.display import UNSAFE

# Retitle the pane, clear the screen, paint red: the attack of issue 10.
ATTACK = "x\033]0;pwned\007\033[2J\033[31mred"
# A note whose second line is shaped like a timeline row.
FORGED_ROW = "ok\n14:02:05  1a2b3c4d  mallory       decision    stand down, resolved"

CONTROLS = [
    "\x1b", "\x1b]0;pwned\x07", "\x1b]2;t\x1b\\", "\x1b[2J", "\x1b[H", "\x1b[31m", "\x9b2J",
    "\x07", "\r", "\x08", "\x00", "\x0b", "\x0c", "\x7f", "\x85", "\x90", "\x9d", "\x9f",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029", "\ufeff",
    "\n", "\t", "\r\n",
]  # fmt: skip
SURROGATES = ["\udcff", "\ud800", "\udc1b"]

_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=4)
_PIECES = st.one_of(_TEXT, st.sampled_from(CONTROLS), st.sampled_from(SURROGATES))
_NO_SURROGATES = st.one_of(_TEXT, st.sampled_from(CONTROLS))


def hostile(
    min_size: int = 1, max_size: int = 8, surrogates: bool = True
) -> st.SearchStrategy[str]:
    """Printable text with controls, escape sequences, bidi and zero-width marks, line breaks
    and lone surrogates mixed in (always at least one control)."""
    pieces = _PIECES if surrogates else _NO_SURROGATES
    return st.tuples(
        st.lists(pieces, min_size=min_size, max_size=max_size), st.sampled_from(CONTROLS)
    ).map(lambda t: "".join(t[0][:1]) + t[1] + "".join(t[0][1:]))


def raw_controls(text: str, keep: str = "\n") -> list[str]:
    """The characters in `text` a terminal could act on, or that hide or reorder text
    (`keep`: the layout characters allowed through, such as the line break)."""
    return [
        c
        for c in text
        if c not in keep and (unicodedata.category(c) in ("Cc", "Cs") or ord(c) in UNSAFE)
    ]
