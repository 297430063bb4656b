"""The user's checklist files, picked up while the screen runs.

A runbook checklist dropped into the config folder's checklists/ while an incident is open
must show without a restart. The screen's poll (a worker thread, twice a second) asks
`changed()`: one scandir of a folder of a few files, comparing names, sizes and modification
times (a file edited in place leaves the folder's own mtime as it was, so the folder's alone
is not enough). Only when something differs are the files read again.
"""

from __future__ import annotations

import os
from pathlib import Path

from cockpit import checklist_files


class ChecklistWatch:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._seen = self._signature()  # as loaded when the app started

    def _signature(self) -> tuple:
        try:
            with os.scandir(self.folder) as entries:
                return tuple(sorted(
                    (e.name, e.stat().st_size, e.stat().st_mtime_ns)
                    for e in entries if e.name.endswith(".toml")
                ))  # fmt: skip
        except OSError:  # no folder (yet), or not readable: nothing of the user's
            return ()

    def changed(self) -> checklist_files.Loaded | None:
        """The files read again if any was added, changed or removed since last asked."""
        now = self._signature()
        if now == self._seen:
            return None
        self._seen = now
        return checklist_files.load(self.folder)
