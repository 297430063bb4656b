"""The local SQLite file (via sqlite-utils): schema, migrations, append, read, drafts."""

from cockpit.store.errors import StoreError
from cockpit.store.store import IncidentRef, Store

__all__ = ["IncidentRef", "Store", "StoreError"]
