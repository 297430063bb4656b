"""What a sync token may do: the one list (../shared/SYNC.md, "Tokens and permissions").

The server enforces it (cockpit/server/auth.py); `cockpit serve token create --permission`
offers it; `cockpit join` explains it. No imports: the CLI's parser reads it on every command.
"""

from __future__ import annotations

#: least first; a token made before permissions existed has `write`
PERMISSIONS = ("read", "ask", "write", "admin")
DEFAULT = "write"
WRITERS = frozenset({"write", "admin"})

MEANING = {
    "read": "list incidents, pull and follow them",
    "ask": "what read may (later: the stakeholder view and questions to the IC); never pushes",
    "write": "push events and create incidents (responders)",
    "admin": "what write may, and manage tokens and incidents",
}


def may_write(permission: str) -> bool:
    return permission in WRITERS
