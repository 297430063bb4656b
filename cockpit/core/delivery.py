"""What became of a status update at each of its destinations: `delivery` events.

The terminal where an update was posted sends it (cockpit/comms) and records each outcome as
a `delivery` event, so every other terminal sees it in the timeline (`sent to inc-42`,
`email failed: connection refused, retrying`) and none sends it again. A delivery names the
update and the destination (by its configured name: the address, token or URL never enters
the log), says how it went, which attempt it was and, for a failure, a short detail already
scrubbed of secrets by the sender.

- `sent`, `failed` (refused for good: a bad address, a destination not configured; not
  retried) and `given_up` (retried until too late) are final: the update is no longer waiting
  for that destination.
- `retrying` is not: the update stays in the outbox. A `retrying` recorded after a final one
  (`cockpit deliver --again`) puts the update back in its outbox, on the terminal that posted
  it, wherever it was asked.

Which delivery is the last word is decided by the clock value (`hlc`), then the id, as for any
register, so every terminal reads the same state from the same events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import tzinfo
from typing import Annotated, Literal

from pydantic import Field

from cockpit.core.body import BodyModel, Name

DeliveryStatus = Literal["sent", "failed", "retrying", "given_up"]
FINAL: frozenset[str] = frozenset({"sent", "failed", "given_up"})
MAX_DETAIL = 300  # one line in the timeline, not an error log

Detail = Annotated[str, Field(max_length=MAX_DETAIL)]


class Delivery(BodyModel):
    """One outcome of sending a status update (`update`, its id) to one destination."""

    kind: Literal["delivery"] = "delivery"
    update: Annotated[str, Field(min_length=1, max_length=64)]
    destination: Name
    status: DeliveryStatus
    attempt: int = Field(1, ge=0, le=10_000)  # 0: asked again by a person, not tried yet
    detail: Detail = ""

    @property
    def final(self) -> bool:
        return self.status in FINAL

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        dest, detail = self.destination, self.detail
        if self.status == "sent":
            line = f"sent to {dest}" + (f" ({detail})" if detail else "")
        elif self.status == "retrying" and self.attempt == 0:
            line = f"sending to {dest} again" + (f" ({detail})" if detail else "")
        elif self.status == "retrying":
            tries = f" (attempt {self.attempt})" if self.attempt > 1 else ""
            line = f"{dest} failed: {detail or 'no answer'}, retrying{tries}"
        elif self.status == "failed":
            line = f"NOT sent to {dest}: {detail or 'refused'}; not retried"
        else:
            line = f"NOT sent to {dest}: gave up after {self.attempt} attempts ({detail or 'no answer'})"
        return line + (f" · “{about}”" if about else "")


class DeliveryBook:
    """The last word on each (update, destination) pair, from delivery events in any order.

    `add(event_id, hlc, body)` is O(1); `last(update, destination)` is the delivery in force.
    """

    def __init__(self) -> None:
        self._last: dict[tuple[str, str], tuple[str, str, Delivery]] = {}

    def add(self, event_id: str, hlc: str, body: Delivery) -> None:
        key = (body.update, body.destination)
        known = self._last.get(key)
        if known is None or (hlc, event_id) > known[:2]:
            self._last[key] = (hlc, event_id, body)

    def last(self, update: str, destination: str) -> Delivery | None:
        known = self._last.get((update, destination))
        return known[2] if known is not None else None

    def waiting(self, update: str, destinations: Iterable[str]) -> list[str]:
        """The destinations of an update that have no final delivery yet."""
        out = []
        for name in destinations:
            last = self.last(update, name)
            if last is None or not last.final:
                out.append(name)
        return out

    def of_update(self, update: str, destinations: Iterable[str]) -> Mapping[str, Delivery | None]:
        return {name: self.last(update, name) for name in destinations}
