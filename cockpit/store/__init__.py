"""The local SQLite file (via sqlite-utils): schema, migrations, append, read, drafts.

`Store` and `IncidentRef` are imported from cockpit.store.store when first asked for, so that
the store's light modules (connection, damage, location) load without the event models and
pydantic (a script's `cockpit note`: cockpit/cli/quick_note.py)."""

from typing import TYPE_CHECKING, Any

from cockpit.store.errors import StoreError

if TYPE_CHECKING:
    from cockpit.store.store import IncidentRef, Store

__all__ = ["IncidentRef", "Store", "StoreError"]


def __getattr__(name: str) -> Any:
    if name in ("Store", "IncidentRef"):
        from cockpit.store import store

        return getattr(store, name)
    raise AttributeError(f"module 'cockpit.store' has no attribute {name!r}")
