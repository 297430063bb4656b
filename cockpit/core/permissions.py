"""What a sync token may do: the one list (../shared/SYNC.md, "Tokens and permissions").

The server enforces it (cockpit/server/auth.py); `cockpit serve token create --permission`
offers it; `cockpit join` explains it. No imports: the CLI's parser reads it on every command.
"""

from __future__ import annotations

#: least first; a token made before permissions existed has `write`
PERMISSIONS = ("read", "ask", "write", "admin")
DEFAULT = "write"
WRITERS = frozenset({"write", "admin"})
ASKERS = frozenset({"ask", "write", "admin"})  # may post a question to the IC's inbox
STAKEHOLDERS = frozenset({"ask"})  # see only the stakeholder view, never the events

MEANING = {
    "read": "list incidents, pull and follow them",
    "ask": "list incidents, read their stakeholder view (no evidence, no redacted text) and "
    "ask the IC questions; never pushes",
    "write": "push events and create incidents (responders)",
    "admin": "what write may, and manage tokens and incidents",
}


def may_write(permission: str) -> bool:
    return permission in WRITERS


def may_ask(permission: str) -> bool:
    return permission in ASKERS


def may_pull(permission: str) -> bool:
    """May read the incident's events themselves (an `ask` token reads only its stakeholder
    view: no evidence, no notes, no redacted text, which the events keep)."""
    return permission not in STAKEHOLDERS
