"""Slack-compatible incoming webhooks: Slack, Mattermost and Rocket.Chat all take
`{"text": ...}` at the webhook's URL. The text is escaped for them (cockpit/comms/mentions.py):
no mention or link markup a person typed reaches the channel as markup; the one mention a
destination asks for (`notify`) is put in front by the sender, in the chat's own syntax."""

from __future__ import annotations

import json

from cockpit.comms import mentions
from cockpit.comms.config import Target
from cockpit.comms.destinations.base import Outgoing
from cockpit.comms.destinations.http import Poster


class ChatWebhook:
    def __init__(self, target: Target, poster: Poster) -> None:
        self.name = target.name
        self.target = target
        self.poster = poster

    def payload(self, out: Outgoing) -> dict[str, object]:
        # The text is rendered (its first line names the incident) and escaped by the sender.
        notify = mentions.notify_prefix(self.target.type, self.target.settings.notify)
        return {"text": notify + out.text}

    def send(self, out: Outgoing) -> str:
        body = json.dumps(self.payload(out), ensure_ascii=False).encode()
        return self.poster.post(self.target.url, body, {}, self.target.settings.timeout)

    def close(self) -> None:
        pass
