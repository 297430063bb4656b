"""What every storage backend offers, and the push logic they share.

A backend numbers each incident's events from a counter row (`incidents.last_seq`) that it
locks and bumps in the same transaction as the inserts, so concurrent writers never leave a
gap that a reader could step over. Clients pull with a cursor `EPOCH:SEQ`; the epoch is a random
value kept in the database and changed by `cockpit serve new-epoch` after a restore.
"""

from __future__ import annotations

import hashlib
import secrets
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cockpit.core.kinds import SUMMARY_KINDS


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

    def view(self) -> dict[str, Any]:
        s = self.summary
        return {
            "id": self.id,
            "title": (s.get("title") or [None, ""])[1],
            "severity": (s.get("severity") or [None, None])[1],
            "phase": (s.get("phase") or [None, "declared"])[1],
            "last_seq": self.last_seq,
            "created_by": self.created_by,
            "created_at": self.created_at,
        }


@dataclass(frozen=True, slots=True)
class Prepared:
    """One valid pushed event, ready to insert."""

    id: str
    json: str  # as stored and served (author stamped, clock capped)
    digest: str  # of the event as the client sent it: same id + same digest = duplicate
    hlc: str
    kind: str
    body: dict[str, Any]
    capped: bool = False  # the server moved `hlc` back (the client's clock ran far ahead)


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


def update_summary(summary: dict[str, Any], p: Prepared) -> None:
    """Last-writer-wins by hlc for the listing's title, severity and phase."""

    def put(key: str, value: Any) -> None:
        old = summary.get(key)
        if old is None or p.hlc > old[0]:
            summary[key] = [p.hlc, value]

    b = p.body
    if p.kind == "incident_declared":
        if "title" not in summary:  # a later field_set (any real clock) wins over it
            summary["title"] = ["", b.get("title", "")]
        if b.get("severity") and "severity" not in summary:
            summary["severity"] = ["", b["severity"]]
    elif p.kind == "field_set" and b.get("field") == "title":
        put("title", b.get("value", ""))
    elif p.kind == "severity_set":
        put("severity", b.get("severity"))
    elif p.kind == "phase_set":
        put("phase", b.get("phase"))


def plan_push(
    items: list[Prepared],
    existing: dict[str, tuple[str, int | None, str]],
    last_seq: int,
    incident_id: str,
    summary: dict[str, Any],
) -> tuple[list[Result], list[tuple[int, Prepared]], int]:
    """Decide each event's fate given the rows already stored (id -> (incident, seq, digest)).

    Returns the results, the (seq, event) rows to insert, and the new last seq.
    """
    results: list[Result] = []
    inserts: list[tuple[int, Prepared]] = []
    seen: dict[str, tuple[str, int, str]] = {}
    for p in items:
        known = existing.get(p.id) or seen.get(p.id)
        if known is not None:
            inc, seq, digest = known
            if inc != incident_id:
                results.append(
                    Result(p.id, "rejected", reason="id already used by another incident")
                )
            elif digest != p.digest:
                results.append(Result(p.id, "rejected", reason="same id with different content"))
            else:
                results.append(Result(p.id, "duplicate", seq=seq))
            continue
        last_seq += 1
        inserts.append((last_seq, p))
        seen[p.id] = (incident_id, last_seq, p.digest)
        if p.kind in SUMMARY_KINDS:
            update_summary(summary, p)
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
        self, incident_id: str, team: str, by: str, when: int
    ) -> tuple[IncidentRow, bool]:
        """Create it if missing; (row, created)."""

    @abstractmethod
    def incidents(self, team: str) -> list[IncidentRow]: ...

    @abstractmethod
    def push(self, incident_id: str, items: list[Prepared]) -> list[Result]:
        """Store a batch in one transaction; one result per item, in order."""

    @abstractmethod
    def pull(
        self, incident_id: str, after: int, limit: int
    ) -> tuple[str, int, list[tuple[int, str]]]:
        """(epoch, last seq, [(seq, event json)]) after a seq, in seq order."""

    def start(self, wake: Callable[[str | None], None]) -> None:  # noqa: B027
        """Begin delivering cross-process wake-ups (PostgreSQL); `wake(None)` wakes all."""

    @abstractmethod
    def close(self) -> None: ...
