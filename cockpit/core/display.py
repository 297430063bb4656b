"""What is safe to show: the one function every human-facing path uses.

Text from people and bots is stored verbatim (evidence is evidence) and is data, never a
terminal command. Before any of it reaches a terminal (the CLI's lines, the screen's panes,
forms, notifications, the server's log), it goes through `safe` (one line) or `safe_lines`
(multi-line evidence), which make every control character visible and inert:

- C0 controls (ESC, BEL, CR, backspace, ...) become their Unicode control pictures (`␛`, `␇`,
  `␍`, `␈`), DEL becomes `␡`;
- C1 controls (U+0080-U+009F, such as the one-byte CSI U+009B), bidi overrides and isolates
  (U+202A-U+202E, U+2066-U+2069), zero-width and direction marks (U+200B-U+200F, U+2028,
  U+2029, U+FEFF, U+061C, U+2060-U+2064) and lone surrogates become `\\u202e`-style escapes.

`safe` also shows a line break as `␤` and a tab as `␉`, so a one-line view can never be split
into two rows; `safe_lines` keeps line breaks (as separate lines) and tabs, so multi-line
evidence keeps its layout; a CR there still shows as `␍` (a CR LF pair is one line break), so
it can never rewrite what is already on the line.

Fast: text with nothing to escape (nearly all of it) is returned as is after one C-level
`str.isprintable()` check.
"""

from __future__ import annotations

import functools
import re

__all__ = ["is_safe", "json_safe", "safe", "safe_lines", "safe_multiline", "UNSAFE"]


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _table(keep: str) -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)  # ␀ ... ␟ (␛ for ESC)
    table[0x0A] = "\u2424"  # ␤: a line break inside a one-line view
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):
        table[code] = _escape(code)
    invisible = [
        0x061C,  # Arabic letter mark
        *range(0x200B, 0x2010),  # zero-width space, joiners, LRM, RLM
        0x2028,  # line separator
        0x2029,  # paragraph separator
        *range(0x202A, 0x202F),  # bidi embeddings and overrides
        *range(0x2060, 0x2065),  # word joiner and invisible operators
        *range(0x2066, 0x206A),  # bidi isolates
        0xFEFF,  # zero-width no-break space / byte order mark
    ]
    for code in invisible:
        table[code] = _escape(code)
    for ch in keep:
        table.pop(ord(ch), None)
    return table


_ONE_LINE = _table(keep="")
_MULTI_LINE = _table(keep="\n\t")
# Every code point that `safe` rewrites (tests and callers that scan output use it).
UNSAFE = frozenset(_ONE_LINE)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogates(text: str) -> str:
    # A lone surrogate (undecodable input read with surrogateescape) cannot even be encoded
    # for a terminal; show its code instead.
    return _SURROGATE.sub(lambda m: _escape(ord(m[0])), text)


def is_safe(text: str) -> bool:
    """True when `safe(text)` would return the text unchanged."""
    return text.isprintable() or safe(text) == text


def safe(text: str) -> str:
    """One line, every control visible and inert (line breaks as `␤`, tabs as `␉`)."""
    if text.isprintable():  # C speed; false for every control, format and separator char
        return text
    out = text.translate(_ONE_LINE)
    return _surrogates(out) if _has_surrogate(out) else out


def safe_multiline(text: str) -> str:
    """Several lines: line breaks and tabs kept, every other control visible and inert."""
    if text.isprintable():
        return text
    out = text.replace("\r\n", "\n").translate(_MULTI_LINE)
    return _surrogates(out) if _has_surrogate(out) else out


def safe_lines(text: str) -> list[str]:
    """`safe_multiline` split into lines (a trailing line break gives no empty last line)."""
    out = safe_multiline(text)
    lines = out.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


# JSON keeps non-ASCII text readable (`ensure_ascii=False`); json.dumps already escapes C0
# controls, and this escapes the rest of what `safe` shows visibly (DEL, C1 controls, bidi
# and zero-width marks, U+2028/9, lone surrogates) as \uXXXX: the same data for any JSON
# reader, nothing a terminal acts on for a person who reads it, and always encodable.
@functools.cache
def _json_unsafe() -> re.Pattern[str]:  # compiled at the first JSON output, not at start-up
    codes = "".join(f"\\u{c:04x}" for c in sorted(UNSAFE) if c >= 0x20)
    return re.compile(f"[{codes}\\ud800-\\udfff]")


def json_safe(dumped: str) -> str:
    """JSON text (`json.dumps(..., ensure_ascii=False)`) with every character that `safe`
    would rewrite written as a \\uXXXX escape: the CLI's `--json` and the exports."""
    return _json_unsafe().sub(lambda m: f"\\u{ord(m[0]):04x}", dumped)
