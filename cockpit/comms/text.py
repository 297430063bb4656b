"""An update's text as one destination type receives it: the one place the sender asks.

Its contract is the composer's renderer (`cockpit.core.updates.render`, issue 14's composer):
the text as written, led by a line naming the incident for an internal audience (in bold for
chat types, whose markdown reads it). Until that lands, this does the same in a few lines; the
sender then makes every control character visible (cockpit.core.display) and escapes what the
receiver would act on (cockpit/comms/mentions.py).
"""

from __future__ import annotations

from cockpit.core.events import StatusUpdate

EXTERNAL = frozenset({"customers", "external"})  # never told internal names
BOLD = {"slack": "*", "mattermost": "**", "rocketchat": "*", "teams": "**"}


def render(update: StatusUpdate, destination_type: str, *, label: str = "") -> str:
    """The text of `update` for a destination of this type (slack, teams, email...)."""
    text = update.text.replace("\r\n", "\n").strip("\n")
    if update.audience in EXTERNAL or not label or label.lower() in text[:200].lower():
        return text
    bold = BOLD.get(destination_type, "")
    return f"{bold}{label} · update for {update.audience}{bold}\n{text}"
