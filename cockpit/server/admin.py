"""What `cockpit serve token ...` and `cockpit serve new-epoch` do, without the argparse."""

from __future__ import annotations

from datetime import UTC, datetime

from cockpit.core.display import safe
from cockpit.core.timeparse import BadTime, parse_expiry
from cockpit.server.auth import create_token
from cockpit.server.storage import open_storage
from cockpit.server.storage.base import TokenRow, new_epoch


def _when(ts: int | None) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC") if ts else "never"


def describe(row: TokenRow, now: int) -> str:
    """One line per token: id, person, permission, reach and whether it still works."""
    reach = f"team {row.team}" + (f", incident {row.incident}" if row.incident else "")
    if row.revoked_at:
        state = f"revoked {_when(row.revoked_at)}"
    elif row.expires_at and row.expires_at <= now:
        state = f"expired {_when(row.expires_at)}"
    else:
        state = f"expires {_when(row.expires_at)}"
    return f"{row.id}  {safe(row.person):<16} {row.permission:<6} {safe(reach):<32} {state}"


def token_create(
    database: str,
    person: str,
    team: str,
    incident: str | None,
    expires: str | None,
    now: int,
    permission: str = "write",
) -> tuple[TokenRow, str]:
    try:
        ttl = parse_expiry(expires)  # the core's one reading of times and durations
    except BadTime as exc:  # ValueError: the CLI's one line
        raise ValueError(f"--expires: {exc}, or 'never'") from None
    storage = open_storage(database)
    try:
        return create_token(
            storage, person=person, team=team, incident=incident, now=now,
            expires_at=now + int(ttl.total_seconds()) if ttl else None, permission=permission,
        )  # fmt: skip
    finally:
        storage.close()


def token_list(database: str) -> list[TokenRow]:
    storage = open_storage(database)
    try:
        return storage.tokens()
    finally:
        storage.close()


def token_revoke(database: str, token_id: str, now: int) -> bool:
    storage = open_storage(database)
    try:
        token_id = token_id.strip()
        if token_id.startswith("cpt_"):  # the whole token was pasted
            token_id = token_id.split("_")[1]
        return storage.revoke_token(token_id, now)
    finally:
        storage.close()


def rotate_epoch(database: str) -> str:
    storage = open_storage(database)
    try:
        value = new_epoch()
        storage.set_epoch(value)
        return value
    finally:
        storage.close()
