"""What every storage backend offers, and the push logic they share.

A backend numbers each incident's events from a counter row (`incidents.last_seq`) that it
locks and bumps in the same transaction as the inserts, so concurrent writers never leave a
gap that a reader could step over. Clients pull with a cursor `EPOCH:SEQ`; the epoch is a random
value kept in the database and changed by `cockpit serve new-epoch` after a restore. Beside each
event the server keeps who pushed it (the token's person: SYNC.md, "Who wrote it, who pushed
it"), outside the event's content.
"""

from __future__ import annotations

import hashlib
import secrets
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pydantic import ValidationError

from cockpit.core.events import Event
from cockpit.core.restriction import restricted_to
from cockpit.core.state import IncidentState
from cockpit.core.versions import content


class StorageError(Exception):
    """The database cannot be reached or used; str() says what to do."""


TOKEN_COLS = "id, person, team, incident, created_at, expires_at, revoked_at, permission"


@dataclass(frozen=True, slots=True)
class TokenRow:
    """One token, never its secret. Its reach is its team's incidents, or only `incident`."""

    id: str
    person: str
    team: str
    incident: str | None
    created_at: int
    expires_at: int | None
    revoked_at: int | None
    permission: str = "write"  # read | ask | write | admin; tokens made before it: write


@dataclass(frozen=True, slots=True)
class IncidentRow:
    id: str
    team: str
    created_by: str
    created_at: int
    last_seq: int
    summary: dict[str, Any] = field(default_factory=dict)
    # Only these people (token persons) may see it; () for everyone its team's tokens reach.
    # The rule that reads it: cockpit.core.restriction.may_see (server/auth.py enforces it).
    restricted_to: tuple[str, ...] = ()

    def view(self) -> dict[str, Any]:
        s = self.summary
        return {
            "id": self.id,
            "title": s.get("title") or "",
            "severity": s.get("severity"),
            "phase": s.get("phase") or "declared",
            "last_seq": self.last_seq,
            "created_by": self.created_by,
            "created_at": self.created_at,
            "restricted_to": list(self.restricted_to) or None,
        }


@dataclass(frozen=True, slots=True)
class Prepared:
    """One valid pushed event, ready to insert."""

    id: str
    json: str  # as stored and served (clock capped)
    digest: str  # of `json`, for the record (copies are compared by `content`, not by this)
    hlc: str
    kind: str  # the body's kind, known to this server or not
    pushed_by: str = ""  # the pushing token's person: server metadata, not content
    capped: bool = False  # the server moved `hlc` back (the client's clock ran far ahead)


class PullRows(NamedTuple):
    """One pull: the epoch, the incident's last seq, the rows (seq, event JSON, pushed by)
    after the cursor, and the id the server holds at the cursor's seq (None for 0 or none)."""

    epoch: str
    last_seq: int
    rows: list[tuple[int, str, str | None]]
    after_id: str | None = None


@dataclass(frozen=True, slots=True)
class Result:
    id: str
    status: str  # created | duplicate | rejected
    seq: int | None = None
    reason: str | None = None
    hlc: str | None = None  # the clock value stored, when the server capped it

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "status": self.status}
        if self.seq is not None:
            out["seq"] = self.seq
        if self.reason is not None:
            out["reason"] = self.reason
        if self.hlc is not None:
            out["hlc"] = self.hlc
        return out


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token_secret() -> tuple[str, str]:
    """(token id, full token). Only the hash of the full token is stored."""
    tid = secrets.token_hex(4)
    return tid, f"cpt_{tid}_{secrets.token_urlsafe(32)}"


def new_epoch() -> str:
    return secrets.token_hex(6)


def summarize(rows: Iterable[str]) -> dict[str, Any]:
    """The incident list's title, severity and phase: the core's fold of the incident's
    summary events (the same registers every terminal settles), never a rule of its own.
    With `restricted_to` when an event set the restriction (a list, empty once lifted)."""
    state = IncidentState()
    for js in rows:
        try:
            state.apply(Event.model_validate_json(js))
        except (ValidationError, ValueError):
            continue  # stored by another version and unreadable here: it sets nothing
    sev = state.severity
    out: dict[str, Any] = {
        "title": state.title,
        "severity": sev.value if sev else None,
        "phase": state.phase.value,
    }
    named = restricted_to(state)
    if named is not None:
        out["restricted_to"] = list(named)
    return out


def plan_push(
    items: list[Prepared],
    existing: dict[str, tuple[str, int, str]],
    last_seq: int,
    incident_id: str,
) -> tuple[list[Result], list[tuple[int, Prepared]], int]:
    """Decide each event's fate given the rows already stored (id -> (incident, seq, json)).

    A known id is a duplicate when its content is the same (the clock value aside: the first
    copy's, capped or not, stays); anything else under it is refused. Returns the results, the
    (seq, event) rows to insert, and the new last seq.
    """
    results: list[Result] = []
    inserts: list[tuple[int, Prepared]] = []
    seen: dict[str, tuple[str, int, str]] = {}
    for p in items:
        known = existing.get(p.id) or seen.get(p.id)
        if known is not None:
            inc, seq, stored = known
            if inc != incident_id:
                results.append(
                    Result(p.id, "rejected", reason="id already used by another incident")
                )
            elif stored != p.json and content(stored) != content(p.json):
                results.append(Result(p.id, "rejected", reason="same id with different content"))
            else:
                results.append(Result(p.id, "duplicate", seq=seq))
            continue
        last_seq += 1
        inserts.append((last_seq, p))
        seen[p.id] = (incident_id, last_seq, p.json)
        results.append(Result(p.id, "created", seq=last_seq, hlc=p.hlc if p.capped else None))
    return results, inserts, last_seq


class Storage(ABC):
    """One database behind the server. Methods are blocking and thread-safe."""

    #: called with an incident id after a push commits (wakes parked pulls in this process)
    on_commit: Callable[[str], None] | None = None

    @abstractmethod
    def check(self) -> None:
        """Raise StorageError if the database cannot be used."""

    @abstractmethod
    def epoch(self) -> str: ...

    @abstractmethod
    def set_epoch(self, value: str) -> None: ...

    # tokens
    @abstractmethod
    def add_token(self, row: TokenRow, token_hash: str) -> None: ...

    @abstractmethod
    def token_by_hash(self, token_hash: str) -> TokenRow | None: ...

    @abstractmethod
    def tokens(self) -> list[TokenRow]: ...

    @abstractmethod
    def revoke_token(self, token_id: str, when: int) -> bool: ...

    # incidents and events
    @abstractmethod
    def incident(self, incident_id: str) -> IncidentRow | None: ...

    @abstractmethod
    def put_incident(
        self,
        incident_id: str,
        team: str,
        by: str,
        when: int,
        restricted_to: tuple[str, ...] = (),
    ) -> tuple[IncidentRow, bool]:
        """Create it if missing, restricted to these people if any; (row, created). An
        incident already here keeps its restriction (events change it: `push`)."""

    @abstractmethod
    def incidents(self, team: str) -> list[IncidentRow]: ...

    @abstractmethod
    def push(self, incident_id: str, items: list[Prepared]) -> list[Result]:
        """Store a batch in one transaction; one result per item, in order. An event that
        sets the restriction changes the incident's `restricted_to` in the same transaction
        (to what the core's fold of the incident's restriction events says)."""

    @abstractmethod
    def pull(self, incident_id: str, after: int, limit: int) -> PullRows:
        """The events after a seq, in seq order, with who pushed each (see PullRows)."""

    @abstractmethod
    def of_kinds(self, incident_id: str, kinds: Iterable[str]) -> list[tuple[int, str, str | None]]:
        """Every event of these kinds, (seq, JSON, pushed by) in seq order: what a view made
        of a few kinds reads (the stakeholder view: updates and questions, not the notes)."""

    @abstractmethod
    def stored(self, event_id: str) -> tuple[str, int, str, str | None] | None:
        """The event stored under an id, anywhere: (incident, seq, JSON, pushed by)."""

    def start(self, wake: Callable[[str | None], None]) -> None:  # noqa: B027
        """Begin delivering cross-process wake-ups (PostgreSQL); `wake(None)` wakes all."""

    @abstractmethod
    def close(self) -> None: ...
