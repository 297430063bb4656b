"""The entry bar's draft (and the update composer's, in a slot of its own), kept in the file
so that nothing typed is lost to a crash.

A change starts a short timer unless one is running; when it fires, a thread writes the bar's
kind and text as they are then to the store's drafts table (an empty bar deletes the draft).
So a steady typist's draft is at most ~0.4 s old, and a key press costs no timer of its own. Opening the incident again
reads it back. Leaving the screen writes it at once.
"""

from __future__ import annotations

import json
import threading
from contextlib import suppress
from datetime import tzinfo
from typing import Any

from cockpit.core.entry_input import anchor_relative
from cockpit.store.errors import StoreError

SLOT = "entry"
DEBOUNCE_SECONDS = 0.4


def encode(kind: str, text: str) -> str:
    return json.dumps({"kind": kind, "text": text}) if text.strip() else ""


def decode(stored: str) -> tuple[str, str]:
    """(kind, text) from what `encode` wrote; a plain string reads as a note."""
    if not stored:
        return "note", ""
    try:
        data = json.loads(stored)
        return str(data.get("kind") or "note"), str(data.get("text") or "")
    except (ValueError, AttributeError):
        return "note", stored


class DraftKeeper:
    """Owned by a screen (`host`): uses its timers and thread workers."""

    def __init__(self, host: Any, store: Any, incident_id: str, clock: Any,
                 slot: str = SLOT) -> None:  # fmt: skip
        self.host, self.store, self.incident_id, self.clock = host, store, incident_id, clock
        self.slot = slot
        self._timer: Any = None
        self._pending: str | None = None  # encoded, not yet written
        self.written = 0  # drafts written (tests wait on it)
        self._seq = 0  # order of changes: an older draft never overwrites a newer one
        self._stored_seq = 0
        self._lock = threading.Lock()

    def changed(self, kind: str, text: str) -> None:
        self._pending = encode(kind, text)
        if self._timer is None:
            self._timer = self.host.set_timer(DEBOUNCE_SECONDS, self._write_soon)

    def _write_soon(self) -> None:
        self._timer = None
        if self._pending is None:
            return
        value, self._pending = self._pending, None
        self._seq += 1
        seq = self._seq
        self.host.run_worker(lambda: self._write(value, seq), thread=True, group="draft")

    def _write(self, value: str, seq: int) -> None:
        try:
            with self._lock:
                if seq < self._stored_seq:
                    return
                self.store.save_draft(self.incident_id, self.slot, value, self.clock.now())
                self._stored_seq = seq
                self.written += 1
        except StoreError as exc:
            self.host.app.call_from_thread(
                self.host.notify, f"draft not kept: {exc}", severity="warning"
            )

    def flush(self) -> None:
        """Write what is pending now, on this thread (leaving the screen)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._pending is not None:
            value, self._pending = self._pending, None
            self._seq += 1
            with self._lock, suppress(StoreError):  # closing; the text was on screen until now
                self.store.save_draft(self.incident_id, self.slot, value, self.clock.now())
                self._stored_seq = self._seq

    def read(self, tz: tzinfo | None = None) -> tuple[str, str]:
        """The kept draft (call from a thread). With the user's zone, a leading relative time
        (`-3m ...`) comes back as the clock time it meant when it was typed."""
        stored, written = self.store.draft_written(self.incident_id, self.slot)
        kind, text = decode(stored)
        if tz is not None and written is not None and text:
            text = anchor_relative(text, written, self.clock.now(), tz)
        return kind, text


class NoDrafts:
    """A follower's: nothing is typed there, nothing kept, and the draft another terminal
    keeps in the file (the IC's unsent text) is never read, let alone shown."""

    written = 0

    def changed(self, kind: str, text: str) -> None:
        pass

    def flush(self) -> None:
        pass

    def read(self, tz: tzinfo | None = None) -> tuple[str, str]:
        return "note", ""
