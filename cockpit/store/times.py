"""How the file writes a time: one definition, for the store and its light quick append."""

from __future__ import annotations

from datetime import UTC, datetime


def stamp(when: datetime) -> str:
    """A UTC time as fixed-width text, so that text order is time order."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
