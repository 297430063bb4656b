"""An update's text as one destination type receives it: the one place the sender asks.

Until the composer's renderer lands (`cockpit/core/updates.py`, one text per destination type),
this gives the text as written; the sender then makes every control character visible
(cockpit.core.display) and each destination escapes what its receiver would act on.
"""

from __future__ import annotations

from cockpit.core.events import StatusUpdate


def render(update: StatusUpdate, destination_type: str) -> str:
    """The text of `update` for a destination of this type (slack, teams, email...)."""
    return update.text
