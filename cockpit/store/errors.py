"""What can go wrong with the local file, each with a one-line message that says what to do."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the cockpit file that the user can fix; str() is the one-line message."""


class NoDatabase(StoreError):
    pass


class NotCockpitDatabase(StoreError):
    pass


class NewerDatabase(StoreError):
    pass


class DatabaseLocked(StoreError):
    pass


class DatabaseCorrupt(StoreError):
    pass


class DatabaseUnreadable(StoreError):
    pass


class UnknownIncident(StoreError):
    pass


class ReadOnly(StoreError):
    """A write asked of a follower's file (`cockpit watch`, `cockpit web`): never done."""
