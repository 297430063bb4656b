"""The team's update templates, read once the app has started (so the first `u` has them) and
again whenever their folder changed since (one scandir: cockpit.files.folder.FolderWatch).
Asked from worker threads: reading files never happens on the screen's thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from cockpit.files.folder import FolderWatch

if TYPE_CHECKING:  # read in a worker, after the first frame
    from cockpit.files import templates as template_files


class TemplateWatch:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._watch: FolderWatch | None = None
        self._loaded: template_files.Loaded | None = None
        self._unshown: list[str] = []  # notices of a reading nobody has shown yet
        self._lock = threading.Lock()

    def last(self) -> template_files.Loaded:
        """What was read last, without reading (before the first reading: none of the
        team's, the built-in ones only)."""
        from cockpit.files import templates as template_files

        return self._loaded or template_files.Loaded()

    def current(self, take_notices: bool = True) -> tuple[template_files.Loaded, list[str]]:
        """The templates now, read again if the folder changed; and the notices of a reading
        not shown yet (`take_notices`: they are yours to show)."""
        with self._lock:
            if self._watch is None:
                self._watch = FolderWatch(self.folder)
                self._read()
            elif self._loaded is None or self._watch.changed():
                self._read()
            assert self._loaded is not None
            notices = self._unshown
            if take_notices:
                self._unshown = []
            return self._loaded, list(notices) if take_notices else []

    def _read(self) -> None:
        from cockpit.files import templates as template_files

        self._loaded = template_files.load(self.folder)
        self._unshown = list(self._loaded.notices)
