"""Text is data at the receiver too: mentions and markup made inert for each chat.

- Slack, Mattermost and Rocket.Chat: `&`, `<` and `>` become `&amp;`, `&lt;`, `&gt;` (Slack's
  own escaping rule), so `<!channel>`, `<!here>`, `<@U123>` and `<#C1|x>` show as text; and a
  word-initial `@` (`@all`, `@channel`, `@here`, `@alice`) gets a zero-width space after it,
  which Mattermost and Rocket.Chat do not read as a mention, while it still reads `@here`.
- Everywhere else (`neutral`: Teams, the JSON webhook, email, a command): `<` before a tag's
  first character and a word-initial `@` get the same zero-width space, so `<at>`, `<!here>`
  and `@channel` stay text even when a receiver relays them into a chat (a Teams card gets no
  `msteams.entities`, so it mentions nobody in any case).

The sender escapes each update's text with `escape` for its destination's type; each
destination escapes the heading it adds the same way.

A mention the team wants (`notify = "here"` on a chat destination) is added by the sender
in the receiver's own syntax, outside the text; nothing a person typed can make one.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"
_AT = re.compile(r"(?<![\w@.+\-])@(?=[\w\-])")  # word-initial: not an address's @
_TAG = re.compile(r"<(?=[A-Za-z!@#/])")


def slack(text: str) -> str:
    """For Slack-compatible incoming webhooks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _AT.sub("@" + ZWSP, text)


def neutral(text: str) -> str:
    """For every other receiver (and under the chat escaping): tags and mentions broken."""
    return _AT.sub("@" + ZWSP, _TAG.sub("<" + ZWSP, text))


def escape(kind: str, text: str) -> str:
    """The text for a receiver of this destination type."""
    return slack(text) if kind in ("slack", "mattermost", "rocketchat") else neutral(text)


def notify_prefix(kind: str, notify: str) -> str:
    """The one mention a destination asks for, in its receiver's syntax ('' for none)."""
    if not notify:
        return ""
    return f"<!{notify}> " if kind == "slack" else f"@{notify} "
