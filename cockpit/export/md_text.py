"""People's text in a Markdown document that reads well both rendered and as plain text.

A postmortem is rendered (a wiki, a pull request) and read raw (pasted in a terminal, a mail,
a chat), so what people typed goes through two steps. First `cockpit.core.display`, as on any
terminal path: a control character shows as its picture, never acts. Then Markdown escapes,
only where a character would break the document's structure or change what the text says:
an HTML tag or an autolink (`<`), a code span, emphasis or strikethrough that could run on
(`` ` ``, `*`, `_` at a word's edge, `~` when there are two), a link (`]` before `(` or `[`;
a bracket alone is text), an entity (`&amp;`), a backslash that would escape what follows it,
and at the start of a line, whatever would make it a heading, a quote, a list, a rule or a
link's definition. Inside a word, `snake_case` and `3.15.0` stay as typed: those do nothing
in Markdown, and escaping them would only clutter the plain text. A table cell also
escapes `|`. Evidence of several lines (log lines, a stack trace) goes in a fenced block,
verbatim, with a fence longer than any run of backticks in it; prose of several lines (an
update, a long note) in a quote, each line its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cockpit.core.display import safe, safe_lines

_ALWAYS = re.compile(r"[`*<]|\](?=[(\[])|&(?=#?\w+;)")
_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")  # before ASCII punctuation: it would escape it
_LINE_START = re.compile(r"^[#>+=\[-]")  # `[x]: url` there would define a link
_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")  # `1. ` would start a numbered list
_TICKS = re.compile(r"`+")
MAX_CELL = 48  # table columns are padded for plain text up to this width


_ANY = re.compile(r"[\\`*<\]~&_]|^[#>+=\[\-\d]")  # could anything below apply?


def inline(text: str) -> str:
    """One line of running text: controls visible (line breaks as ␤), Markdown escaped."""
    s = safe(text)
    if not _ANY.search(s):  # most text: nothing to escape
        return s
    s = _BACKSLASH.sub(r"\\\\", s)
    s = _ALWAYS.sub(lambda m: "\\" + m[0], s)
    if s.count("~") > 1:  # a pair could strike through what is between (`~37%` alone cannot)
        s = s.replace("~", "\\~")
    s = _EDGE_UNDERSCORE.sub(r"\\_", s)
    s = _LINE_START.sub(lambda m: "\\" + m[0], s)
    return _ORDERED.sub(r"\1\\\2", s)


def cell(text: str) -> str:
    """A table cell: `inline`, and `|` escaped."""
    return inline(text).replace("|", "\\|")


def heading(text: str) -> str:
    """Text in a heading: `inline`, and `#` escaped (a closing `#` sequence is dropped)."""
    return inline(text).replace("#", "\\#")


def fenced(text: str, indent: int = 0) -> list[str]:
    """Several lines verbatim (controls visible, tabs and line breaks kept), in a fence
    longer than any run of backticks inside, each line indented by `indent` spaces."""
    lines = safe_lines(text.rstrip("\n")) or [""]
    longest = max((len(m[0]) for line in lines for m in _TICKS.finditer(line)), default=0)
    fence = "`" * max(3, longest + 1)
    pad = " " * indent
    return [pad + fence, *(pad + line if line else "" for line in lines), pad + fence]


def quoted(text: str, indent: int = 0) -> list[str]:
    """Several lines of prose (a status update, a long note) as a quote, each line escaped
    as running text and kept a line of its own (a hard break: two spaces at its end), so it
    wraps when rendered and reads as a quoted mail in plain text."""
    lines = [line.strip() for line in safe_lines(text.strip("\n"))] or [""]  # (4 spaces
    # at the start of a quote's line would make it code: prose keeps its words, not margins)
    pad = " " * indent
    out = [pad + "> " + inline(line) if line.strip() else pad + ">" for line in lines]
    for i in range(len(out) - 1):
        if lines[i].strip() and lines[i + 1].strip():
            out[i] += "  "  # the next line starts a line of its own, not a continuation
    return out


def several(text: str) -> bool:
    return "\n" in text.strip("\n") or "\r" in text


def text_lines(text: str, first: str, indent: int = 2, *, verbatim: bool = False) -> list[str]:
    """`first` (a list item's start) followed by `text`: on the same line when it is one
    line, else under it: quoted (prose), or `verbatim` in a fenced block (evidence)."""
    if not several(text):
        return [first + inline(text.strip())]
    block = fenced(text, indent) if verbatim else quoted(text, indent)
    return [first.rstrip(), "", *block, ""]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A pipe table whose cells are already escaped (`cell`), its columns padded so that
    the plain text lines up (up to MAX_CELL characters)."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = min(MAX_CELL, max(widths[i], len(value)))

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    return [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
            *(line(r) for r in rows)]  # fmt: skip
