"""Bearer tokens (../shared/SYNC.md, "Tokens and permissions"): random, stored only as a SHA-256
hash, one person's, with an expiry, revocable. Its reach is its team's incidents or one
incident; its permission (cockpit/core/permissions.py) says what it may do there: `read` and
`ask` never push nor create incidents, `write` and `admin` do; `ask` reads only an incident's
stakeholder view (never its events) and, with `write` and `admin`, asks the IC questions.

A restricted incident (cockpit/core/restriction.py) is seen only by the people named on it and
by admins, never by an `ask` token: to anyone else every route answers as if it did not exist
(404, absent from the list), so that even its existence stays with those named (`may_see`).
"""

from __future__ import annotations

from dataclasses import dataclass

from cockpit.core import restriction
from cockpit.core.permissions import PERMISSIONS, may_ask, may_pull, may_write
from cockpit.server.problems import Problem
from cockpit.server.storage.base import (
    IncidentRow,
    Storage,
    TokenRow,
    hash_token,
    new_token_secret,
)

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="cockpit"'}


@dataclass(frozen=True, slots=True)
class Principal:
    token_id: str
    person: str
    team: str
    incident: str | None
    expires_at: int | None
    permission: str = "write"

    def may_use(self, incident_id: str) -> bool:
        return self.incident is None or self.incident == incident_id

    def may_see(self, row: IncidentRow) -> bool:
        """Whether this token's person may know the incident exists (its restriction)."""
        return restriction.may_see(self.permission, self.person, row.restricted_to)

    @property
    def reach(self) -> str:
        """Where the token reaches, as people say it: `team sre` or `incident ID`."""
        return f"incident {self.incident}" if self.incident else f"team {self.team}"

    @property
    def may_write(self) -> bool:
        return may_write(self.permission)

    def require_write(self, what: str) -> None:
        """403 with what to do, for a token that may only read (or ask)."""
        if not self.may_write:
            raise Problem(
                403, "permission-read-only",
                f"this token is {self.person}'s with permission {self.permission!r}: it may "
                f"read, not {what}; ask your server's admin for a write token "
                "(`cockpit serve token create --permission write`)",
                permission=self.permission,
            )  # fmt: skip

    def require_pull(self, incident_id: str) -> None:
        """403 for a token that may read only the stakeholder view (`ask`)."""
        if not may_pull(self.permission):
            raise Problem(
                403, "permission-stakeholder-view",
                f"this token is {self.person}'s with permission {self.permission!r}: it reads "
                f"the stakeholder view (GET /v1/incidents/{incident_id}/stakeholder) and asks "
                "questions, not the incident's events; ask your server's admin for a read token",
                permission=self.permission,
            )  # fmt: skip

    def require_ask(self) -> None:
        """403 for a token that may not put questions to the IC (`read`)."""
        if not may_ask(self.permission):
            raise Problem(
                403, "permission-no-ask",
                f"this token is {self.person}'s with permission {self.permission!r}: it may "
                "read, not ask the IC; ask your server's admin for an ask token "
                "(`cockpit serve token create --permission ask`)",
                permission=self.permission,
            )  # fmt: skip


def not_here(incident_id: str, then: str = "") -> Problem:
    """The one 404 for an incident this token cannot reach: missing, or restricted to others
    (the same words for both, so that a restricted incident's existence does not leak)."""
    return Problem(404, "unknown-incident",
                   f"no incident {incident_id} here (or you may not see it){then}")  # fmt: skip


def create_token(
    storage: Storage,
    *,
    person: str,
    team: str,
    incident: str | None,
    now: int,
    expires_at: int | None,
    permission: str = "write",
) -> tuple[TokenRow, str]:
    if permission not in PERMISSIONS:
        raise ValueError(f"permission {permission!r}: use one of {', '.join(PERMISSIONS)}")
    tid, token = new_token_secret()
    row = TokenRow(tid, person, team, incident, now, expires_at, None, permission)
    storage.add_token(row, hash_token(token))
    return row, token


def authenticate(storage: Storage, header: str | None, now: int) -> Principal:
    if not header or not header.lower().startswith("bearer "):
        raise Problem(
            401, "token-missing",
            "no bearer token; ask your server's admin for one (`cockpit serve token create`) and "
            "set COCKPIT_TOKEN",
            headers=CHALLENGE,
        )  # fmt: skip
    token = header[7:].strip()
    row = storage.token_by_hash(hash_token(token)) if token else None
    if row is None:
        raise Problem(401, "token-unknown", "this token is not known here; ask for a new one",
                      headers=CHALLENGE)  # fmt: skip
    if row.revoked_at is not None:
        raise Problem(401, "token-revoked", "this token was revoked; ask for a new one",
                      headers=CHALLENGE)  # fmt: skip
    if row.expires_at is not None and row.expires_at <= now:
        raise Problem(401, "token-expired", "this token has expired; ask for a new one",
                      headers=CHALLENGE)  # fmt: skip
    # A permission this server does not know (written by a newer one) grants the least.
    permission = row.permission if row.permission in PERMISSIONS else "read"
    return Principal(row.id, row.person, row.team, row.incident, row.expires_at, permission)
