"""The team's update templates, read when the composer first opens and again whenever the
folder changed since (one scandir: cockpit.files.folder.FolderWatch). Asked from a worker
thread: reading files never happens on the screen's thread."""

from __future__ import annotations

import threading
from pathlib import Path

from cockpit.files import templates as template_files
from cockpit.files.folder import FolderWatch


class TemplateWatch:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._watch: FolderWatch | None = None
        self._loaded: template_files.Loaded | None = None
        self._lock = threading.Lock()

    def current(self) -> tuple[template_files.Loaded, list[str]]:
        """The templates now, and the notices of a new reading (none when nothing changed)."""
        with self._lock:
            if self._watch is None:
                self._watch = FolderWatch(self.folder)
            elif self._loaded is not None and not self._watch.changed():
                return self._loaded, []
            self._loaded = template_files.load(self.folder)
            return self._loaded, list(self._loaded.notices)
