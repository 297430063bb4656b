"""The service catalog, read off the UI thread, and read again when its files change.

A catalog may be a checkout of many repositories, each with its catalog-info.yaml: reading
it (YAML) can take a while, so it never holds up the first frame. While the screen runs,
`changed()` compares the folders' own entries and the files last read (names, sizes,
modification times; no reading) every few polls, and reads again only when they differ.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # read in the worker that loads it, after the first frame
    from cockpit.files import catalog as catalog_files

EVERY = 4  # polls between looks (the screen polls twice a second)


class CatalogWatch:
    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders = list(folders)
        self._files: tuple[Path, ...] = ()
        self._seen: tuple = ()
        self._polls = 0

    def load(self) -> catalog_files.Loaded:
        from cockpit.files import catalog as catalog_files

        loaded = catalog_files.load(self.folders)
        self._files = loaded.files
        self._seen = self._signature()
        return loaded

    def _signature(self) -> tuple:
        out: list[tuple] = []
        for p in (*self.folders, *self._files):
            try:
                if p.is_dir():
                    with os.scandir(p) as entries:
                        names = sorted(e.name for e in entries)
                    out.append((str(p), tuple(names)))
                else:
                    st = p.stat()
                    out.append((str(p), st.st_size, st.st_mtime_ns))
            except OSError:  # gone, or not readable: that is a change too
                out.append((str(p), None))
        return tuple(out)

    def changed(self) -> catalog_files.Loaded | None:
        """The catalog read again if any of its files changed since last asked (looked at
        once every EVERY calls)."""
        self._polls += 1
        if self._polls % EVERY:
            return None
        if self._signature() == self._seen:
            return None
        return self.load()
