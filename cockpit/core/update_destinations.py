"""Where an update may go: the config's `[destinations.NAME]` as the composer and the CLI see
them (the sender, cockpit/comms, reads the rest of each one).

A destination takes the audiences it lists (none listed: every audience) and, when it lists
severities, only updates at those. The composer ticks, for each audience, the destinations
that name it; `--to` names them on the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cockpit.core.vocabulary import Audience, parse_audience


@dataclass(frozen=True)
class Destination:
    name: str
    type: str
    audiences: tuple[Audience, ...] = ()  # takes only these (none: every audience)
    severities: tuple[str, ...] = ()  # offered at these severities only (none: every one)

    def takes(self, audience: Audience, severity: str | None) -> bool:
        if self.audiences and audience not in self.audiences:
            return False
        return not (self.severities and severity and severity not in self.severities)


def destinations_from(configured: Mapping[str, Any]) -> tuple[Destination, ...]:
    """The config's `[destinations.NAME]`, as the composer needs them (an audience it cannot
    read is left out of the list it takes, so that destination takes nothing)."""
    out = []
    for name, d in configured.items():
        wanted = getattr(d, "audiences", ()) or ()
        auds = []
        for word in wanted:
            try:
                auds.append(parse_audience(str(word)))
            except ValueError:
                continue  # one this cockpit does not know
        if wanted and not auds:
            continue  # names only audiences this cockpit does not know: never offered
        sev = tuple(str(s).upper() for s in (getattr(d, "severities", ()) or ()))
        out.append(Destination(name, str(getattr(d, "type", "")), tuple(auds), sev))
    return tuple(out)


def check(names: Iterable[str], destinations: Iterable[Destination], audience: Audience,
          severity: str | None) -> list[str]:  # fmt: skip
    """The names, each a destination that takes this update; a ValueError says what to do
    about the first that is not."""
    known = {d.name: d for d in destinations}
    out: list[str] = []
    for name in names:
        d = known.get(name.strip())
        if d is None:
            have = ", ".join(known) or "none is configured: add [destinations.NAME] to the config"
            raise ValueError(f"no destination named {name!r} (configured: {have})")
        if not d.takes(audience, severity):
            takes = ", ".join(a.value for a in d.audiences) or "every audience"
            raise ValueError(f"{d.name} does not take {audience.value} updates "
                             f"(it takes {takes}" + (f", at {', '.join(d.severities)}"
                                                     if d.severities else "") + ")")  # fmt: skip
        if d.name not in out:
            out.append(d.name)
    return out
