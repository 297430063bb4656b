"""Bearer tokens: random, stored only as a SHA-256 hash, scoped to a team or one incident."""

from __future__ import annotations

from dataclasses import dataclass

from cockpit.server.problems import Problem
from cockpit.server.storage.base import Storage, TokenRow, hash_token, new_token_secret

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="cockpit"'}


@dataclass(frozen=True, slots=True)
class Principal:
    token_id: str
    person: str
    team: str
    incident: str | None
    expires_at: int | None

    def may_use(self, incident_id: str) -> bool:
        return self.incident is None or self.incident == incident_id


def create_token(
    storage: Storage,
    *,
    person: str,
    team: str,
    incident: str | None,
    now: int,
    expires_at: int | None,
) -> tuple[TokenRow, str]:
    tid, token = new_token_secret()
    row = TokenRow(tid, person, team, incident, now, expires_at, None)
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
    return Principal(row.id, row.person, row.team, row.incident, row.expires_at)
