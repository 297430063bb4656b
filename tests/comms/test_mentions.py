"""What a person typed reaches no chat as a mention or as a link that hides where it goes
(cockpit/comms/mentions.py). The links are checked with a real CommonMark renderer
(markdown-it-py, which Textual brings), the parser family Mattermost and Rocket.Chat use."""

from __future__ import annotations

from html import unescape as html_unescape

import pytest
from markdown_it import MarkdownIt

from cockpit.comms.mentions import ZWSP, escape

ALL_TYPES = ("slack", "mattermost", "rocketchat", "teams", "webhook", "email", "command")
MARKDOWN = ("mattermost", "rocketchat", "teams")


@pytest.mark.parametrize("kind", ALL_TYPES)
@pytest.mark.parametrize("typed", ["_@channel", ".@here", "-@all", "x.@here", "x:@all",
                                   "(@here)", "*@channel*", "@@here", "\u200b@all"])  # fmt: skip
def test_an_at_before_a_word_is_broken_whatever_comes_before_it(kind, typed):
    word = typed.strip("()*").lstrip("_.-:x@\u200b")
    out = escape(kind, f"Hi {typed} now")
    assert f"@{word}" not in out and f"@{ZWSP}{word}" in out


@pytest.mark.parametrize("kind", ALL_TYPES)
def test_an_address_stays_an_address(kind):
    # no chat reads `x@here` as a mention: it is how every address looks
    assert "support@example.com" in escape(kind, "write to support@example.com")


@pytest.mark.parametrize("kind", MARKDOWN)
def test_markdown_links_and_images_a_person_typed_are_text(kind):
    typed = ("[status](https://evil/login) ![x](https://evil/p.png) [see][1] [this] [a b][]\n"
             "[go] (https://evil/space)\n\n"
             "[1]: https://evil/ref\n  [this]: https://evil/this\n> [a\nb]: https://evil/ab\n"
             "- [x\\]y]:https://evil/esc\n\n[x\\]y] [go]")  # fmt: skip
    out = escape(kind, typed)
    html = MarkdownIt("commonmark").render(out)
    assert "<a " not in html and "<img" not in html, html
    for url in ("https://evil/login", "https://evil/p.png", "https://evil/ref"):
        assert url in out  # shown, so the reader sees where it goes
    shown = out.replace(ZWSP, "")
    assert (html_unescape(shown) if kind != "teams" else shown) == typed  # reads as typed


@pytest.mark.parametrize("kind", MARKDOWN)
def test_a_bare_url_stays_a_plain_link(kind):
    url = "https://grafana.example/d/abc?var-x=[1]:a(2)&f[a][b]=1&from=now-1h"
    out = escape(kind, f"dashboard: {url} (see [the runbook])")
    assert url in out.replace("&amp;", "&")  # untouched: the chat makes it a link itself


def test_the_markdown_the_renderer_adds_is_kept():
    assert escape("teams", "**INC-1 · update for executives**") == (
        "**INC-1 · update for executives**"
    )
