"""Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is
received"): Office 365 connectors and their MessageCard are retired, and Workflows take an
Adaptive Card only, as a message with one attachment:

    {"type": "message", "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
     "contentUrl": null, "content": {"type": "AdaptiveCard", "version": "1.4", "body": [...]}}]}

Each line of the update is a TextBlock of its own (a card's markdown joins single line
breaks; the first, naming the incident, is in bold markdown from the renderer). No
`msteams.entities` are sent, so the card mentions nobody; tags, `@` and Markdown links a
person typed are broken anyway (cockpit/comms/mentions.py).
"""

from __future__ import annotations

import json
from typing import Any

from cockpit.comms.config import Target
from cockpit.comms.destinations.base import Outgoing
from cockpit.comms.destinations.http import Poster

CARD = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
MAX_BLOCKS = 200  # a card this long is a document; the rest goes in its last block


def card(text: str) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    lines = text.split("\n")  # escaped by the sender (mentions.escape)
    if len(lines) > MAX_BLOCKS:
        lines = [*lines[: MAX_BLOCKS - 1], "\n\n".join(lines[MAX_BLOCKS - 1 :])]
    gap = False
    for line in lines:
        if not line.strip():
            gap = True
            continue
        block: dict[str, Any] = {"type": "TextBlock", "text": line, "wrap": True}
        if blocks:
            block["spacing"] = "Medium" if gap else "None"
        blocks.append(block)
        gap = False
    content = {"$schema": SCHEMA, "type": "AdaptiveCard", "version": "1.4", "body": blocks}
    return {
        "type": "message",
        "attachments": [{"contentType": CARD, "contentUrl": None, "content": content}],
    }


class TeamsWebhook:
    def __init__(self, target: Target, poster: Poster) -> None:
        self.name = target.name
        self.target = target
        self.poster = poster

    def send(self, out: Outgoing) -> str:
        body = json.dumps(card(out.text), ensure_ascii=False).encode()
        return self.poster.post(self.target.url, body, {}, self.target.settings.timeout)

    def close(self) -> None:
        pass
