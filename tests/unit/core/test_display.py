"""The one safe-display function: no control character reaches a terminal raw."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cockpit.core.display import UNSAFE, is_safe, safe, safe_lines, safe_multiline

ATTACK = "x\033]0;pwned\007\033[2J\033[31mred"
DANGEROUS = (
    [chr(c) for c in range(0x20) if c not in (0x0A, 0x09)]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
    + [chr(c) for c in (*range(0x200B, 0x2010), 0x2028, 0x2029, 0xFEFF)]
)


def raw_controls(text: str) -> list[str]:
    """Characters that a terminal could act on, or that hide or reorder text."""
    return [
        c
        for c in text
        if c not in "\n\t" and (unicodedata.category(c) in ("Cc", "Cs") or ord(c) in UNSAFE)
    ]


def test_plain_text_is_returned_as_is() -> None:
    text = "rolled back deploy 42 — ok ✓ 日本語"
    assert safe(text) is text
    assert safe_multiline(text) is text


def test_the_title_and_clear_screen_attack_is_inert() -> None:
    shown = safe(ATTACK)
    assert "\033" not in shown and "\007" not in shown
    assert shown == "x␛]0;pwned␇␛[2J␛[31mred"


def test_every_listed_control_is_visible() -> None:
    for ch in DANGEROUS:
        shown = safe(ch)
        assert shown != ch and shown, repr(ch)
        assert not raw_controls(shown), repr(ch)
        assert not raw_controls(safe_multiline(ch)), repr(ch)


def test_one_line_shows_line_breaks_and_tabs() -> None:
    assert safe("a\nb\tc") == "a␤b␉c"
    assert safe("a\rb") == "a␍b"


def test_multiline_keeps_layout_but_not_carriage_returns() -> None:
    text = "Traceback:\n\tat foo()\r\n  line 2\rforged"
    assert safe_lines(text) == ["Traceback:", "\tat foo()", "  line 2␍forged"]


def test_trailing_newline_gives_no_empty_line() -> None:
    assert safe_lines("a\nb\n") == ["a", "b"]
    assert safe_lines("") == [""]


def test_lone_surrogates_are_escaped() -> None:
    text = b"bad \xff byte".decode("utf-8", "surrogateescape")
    shown = safe(text)
    assert shown == "bad \\udcff byte"
    shown.encode("utf-8")  # encodable for any terminal


def test_is_safe() -> None:
    assert is_safe("plain")
    assert not is_safe(ATTACK)
    assert not is_safe("a\u202eb")


@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(DANGEROUS))))
def test_no_raw_control_survives_any_text(text: str) -> None:
    assert not raw_controls(safe(text))
    for line in safe_lines(text):
        assert "\n" not in line
        assert not raw_controls(line)
    safe(text).encode("utf-8")
