"""The user's checklist files, picked up while the screen runs.

A runbook checklist dropped into the config folder's checklists/ while an incident is open
must show without a restart. The screen's poll (a worker thread, twice a second) asks
`changed()`: one scandir of a folder of a few files (cockpit.files.folder.FolderWatch). Only
when something differs are the files read again.
"""

from __future__ import annotations

from pathlib import Path

from cockpit.files import checklists as checklist_files
from cockpit.files.folder import FolderWatch


class ChecklistWatch:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._watch = FolderWatch(folder)

    def changed(self) -> checklist_files.Loaded | None:
        """The files read again if any was added, changed or removed since last asked."""
        return checklist_files.load(self.folder) if self._watch.changed() else None
