"""Text is data at the receiver too: mentions and markup made inert for each chat.

- Slack, Mattermost and Rocket.Chat: `&`, `<` and `>` become `&amp;`, `&lt;`, `&gt;` (Slack's
  own escaping rule), so `<!channel>`, `<!here>`, `<@U123>` and `<#C1|x>` show as text.
- Everywhere else (`neutral`: Teams, the JSON webhook, email, a command): `<` before a tag's
  first character gets a zero-width space, so `<at>`, `<!here>` and `<@U123>` stay text even
  when a receiver relays them into a chat (a Teams card gets no `msteams.entities`, so it
  mentions nobody in any case).
- Everywhere: an `@` before a word (`@all`, `@channel`, `@here`, `@alice`) gets a zero-width
  space after it, which no chat reads as a mention, while it still reads `@here`. Whatever
  punctuation comes before it: Mattermost strips `_`, `.`, `-` and `:` from a word's start and
  splits words at `.`, `-` and `:`, so `_@channel`, `.@here` and `x.@all` are mentions there.
  Only an `@` right after a letter or a digit is left alone: that is an address
  (`support@example.com`, which a customer must be able to copy), and no chat reads
  `x@here` as a mention, since that is how every address looks.
- Mattermost, Rocket.Chat and Teams render Markdown: a link or an image a person typed
  (`[status](https://evil/login)`, `![x](https://evil/p.png)`, `[status][1]` with a
  `[1]: https://...` line) would show words that hide where it goes, so a zero-width space
  after the `]` before `(`, and after the label of a `[ref]: url` line, breaks it into text
  (a reference link needs that line). A bare URL stays a plain link (people paste
  dashboards, `?var[a][b]=1` and all): the reader sees where it goes.

The sender escapes each update's text with `escape` for its destination's type; each
destination escapes the heading it adds the same way.

A mention the team wants (`notify = "here"` on a chat destination) is added by the sender
in the receiver's own syntax, outside the text; nothing a person typed can make one.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"
SLACK_TYPES = frozenset({"slack", "mattermost", "rocketchat"})
MARKDOWN_TYPES = frozenset({"mattermost", "rocketchat", "teams"})  # render [text](url) links
_AT = re.compile(r"(?<![^\W_])@(?=[\w\-])")  # any @ before a word, but an address's
_TAG = re.compile(r"<(?=[A-Za-z!@#/])")
_INLINE = re.compile(r"\](?=[ \t]*\()")  # [text](url) and ![alt](url)
# `[ref]: url` at a line's start (after spaces, `>` or a list marker; the label may run over
# lines): without it, `[text][ref]`, `[text][]` and `[ref]` link nowhere.
_DEFINITION = re.compile(r"(?m)^([ \t>*+\-0-9.)]*\[(?:\\.|[^\[\]\\]){0,999})\](?=[ \t]*:)")


def slack(text: str) -> str:
    """For Slack-compatible incoming webhooks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _AT.sub("@" + ZWSP, text)


def neutral(text: str) -> str:
    """For every other receiver (and under the chat escaping): tags and mentions broken."""
    return _AT.sub("@" + ZWSP, _TAG.sub("<" + ZWSP, text))


def links(text: str) -> str:
    """Markdown links, images and reference definitions broken into text; bare URLs kept."""
    return _DEFINITION.sub(r"\1]" + ZWSP, _INLINE.sub("]" + ZWSP, text))


def escape(kind: str, text: str) -> str:
    """The text for a receiver of this destination type."""
    text = slack(text) if kind in SLACK_TYPES else neutral(text)
    return links(text) if kind in MARKDOWN_TYPES else text


def notify_prefix(kind: str, notify: str) -> str:
    """The one mention a destination asks for, in its receiver's syntax ('' for none)."""
    if not notify:
        return ""
    return f"<!{notify}> " if kind == "slack" else f"@{notify} "
