"""One module per destination type, behind `base.Destination`; `make` builds one.

Why not Apprise for the long tail of services: it would bring ~10 packages and a few hundred
milliseconds of import to a tool that starts in a blink, it takes its secrets as URLs in its
own config (and its logs), and it leaves no say over the signing, the escaping of mentions or
which failures are worth a retry. Its command line reads the body on standard input, so a
team that wants it has it as a `command` destination (`cmd = ["apprise", "--config", F]`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from cockpit.comms.config import CHAT_TYPES, Target
from cockpit.comms.destinations.base import Destination, Outgoing, Permanent, Transient

if TYPE_CHECKING:  # httpx is imported only when a webhook is sent
    from cockpit.comms.destinations.http import Poster

__all__ = ["Destination", "Outgoing", "Permanent", "Transient", "make"]


def make(
    target: Target,
    poster: Callable[[], Poster],
    now: Callable[[], float],
    inherited: Callable[[], Mapping[str, str]],
) -> Destination:
    """The destination for a resolved target (`poster`: the shared HTTP client, made on the
    first use; `now`: seconds since the epoch, for signatures; `inherited`: a command's
    environment, secrets removed)."""
    kind = target.type
    if kind in CHAT_TYPES:
        from cockpit.comms.destinations.chat import ChatWebhook

        return ChatWebhook(target, poster())
    if kind == "teams":
        from cockpit.comms.destinations.teams import TeamsWebhook

        return TeamsWebhook(target, poster())
    if kind == "webhook":
        from cockpit.comms.destinations.webhook import SignedWebhook

        return SignedWebhook(target, poster(), now)
    if kind == "email":
        from cockpit.comms.destinations.email import Email

        return Email(target)
    from cockpit.comms.destinations.command import Command

    return Command(target, inherited)
