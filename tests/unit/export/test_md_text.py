"""People's text in the postmortem's Markdown: it renders as the text it is (no heading, link,
tag, code span, emphasis or list made of it), it reads as plain text (escapes only where
Markdown would act), and nothing a terminal acts on comes out raw."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cockpit.core.display import safe, safe_multiline
from cockpit.export.md_text import cell, fenced, heading, inline, table, text_lines
from tests.hostile import hostile, raw_controls

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
PREFIX = "14:02 note (sam): "
MARKDOWNISH = st.lists(
    st.sampled_from([*"#>*_`[]()<>!&;|~\\-+=.:1 aZé\u00a0", "&amp;", "&#42;", "1. ", "http://x"]),
    max_size=20,
).map("".join)


def only_text(markdown: str) -> str:
    """The text a renderer shows of one list item: fails if anything but text came of it."""
    tokens = MD.parse(markdown)
    kinds = [t.type for t in tokens]
    assert kinds == ["bullet_list_open", "list_item_open", "paragraph_open", "inline",
                     "paragraph_close", "list_item_close", "bullet_list_close"], kinds  # fmt: skip
    children = tokens[3].children or []
    assert {c.type for c in children} <= {"text"}, [c.type for c in children]
    return "".join(c.content for c in children)


@given(MARKDOWNISH)
def test_any_text_renders_as_itself_inside_a_list_item(text):
    rendered = only_text(f"- {PREFIX}{inline(text)}")
    assert rendered == (PREFIX + safe(text)).rstrip()  # a line's trailing blanks never show


@given(MARKDOWNISH.map(str.strip))
def test_any_line_renders_as_itself_at_the_start_of_a_line(text):
    """A quote's lines and a table's cells start lines: nothing may begin a block there."""
    tokens = MD.parse(f"> {inline(text)}")
    inlines = [t for t in tokens if t.type == "inline"]
    assert [t.type for t in tokens if t.type.endswith("_open")] == (
        ["blockquote_open", "paragraph_open"] if text else ["blockquote_open"]
    )
    rendered = "".join(c.content for t in inlines for c in t.children or [] if c.type == "text")
    assert rendered == safe(text).strip()


@given(hostile(surrogates=False))
def test_no_control_reaches_the_document(text):
    out = inline(text)
    assert raw_controls(out, keep="") == [] and "\n" not in out
    assert raw_controls("\n".join(fenced(text)), keep="\n\t") == []


def test_plain_text_stays_plain_where_markdown_would_do_nothing():
    for text in ("payments_client 3.15.0 -> 3.16.0", "DB pool 48/50 busy (pod pay-7f9c)",
                 "error rate 38%; p99 4.8 s", "v1/pay?id=3&x=4", "see [checkout] #inc"):  # fmt: skip
        assert inline(text) == text
    assert inline("# not a heading") == "\\# not a heading"
    assert inline("1. not a list") == "1\\. not a list"
    assert inline("<script>alert(1)</script>") == "\\<script>alert(1)\\</script>"
    assert inline("see [this](http://x)") == "see [this\\](http://x)"
    assert (
        inline("_em_ and **strong** and `code`") == "\\_em\\_ and \\*\\*strong\\*\\* and \\`code\\`"
    )
    assert inline("C:\\temp and \\*") == "C:\\temp and \\\\\\*"


def test_a_heading_and_a_table_cell_keep_their_structure():
    assert MD.parse(f"# INC-1: {heading('Checkout #2 ##')}")[1].children[0].content == (
        "INC-1: Checkout #2 ##"
    )
    rows = [[cell("a|b"), cell("x")]]
    tokens = MD.parse("\n".join(table(["One", "Two"], rows)))
    cells = [t.children[0].content for t in tokens if t.type == "inline"]
    assert cells == ["One", "Two", "a|b", "x"]


def test_several_lines_go_in_a_fence_longer_than_any_backticks_inside():
    text = 'Traceback:\n```\n  File "x", line 1\n\n\tboom\x1b[31m'
    lines = text_lines(text, "- 14:02 evidence (dev): ", verbatim=True)
    assert lines[0] == "- 14:02 evidence (dev):"
    tokens = MD.parse("\n".join(lines))
    (fence,) = [t for t in tokens if t.type == "fence"]
    assert fence.content.rstrip("\n") == safe_multiline(text)  # verbatim, controls visible
    assert text_lines("one line", "- a: ") == ["- a: one line"]


def test_prose_of_several_lines_is_a_quote_that_keeps_its_lines():
    text = "CONDITIONS: # fails\n\n1. ACTIONS: <rolled back>\r\nNEEDS: nothing"
    lines = text_lines(text, "- 15:30 to exec: ")
    assert lines == ["- 15:30 to exec:", "", "  > CONDITIONS: # fails", "  >",
                     "  > 1\\. ACTIONS: \\<rolled back>  ", "  > NEEDS: nothing", ""]  # fmt: skip
    tokens = MD.parse("\n".join(lines))
    assert [t.type for t in tokens if t.type.endswith("_open")] == [
        "bullet_list_open", "list_item_open", "paragraph_open", "blockquote_open",
        "paragraph_open", "paragraph_open"]  # fmt: skip
    inlines = [t for t in tokens if t.type == "inline"][1:]
    shown = [[c.type if c.type != "text" else c.content for c in t.children] for t in inlines]
    assert shown == [["CONDITIONS: # fails"],
                     ["1. ACTIONS: <rolled back>", "hardbreak", "NEEDS: nothing"]]  # fmt: skip
