"""Writing exports to files: whole or not at all, named so that they are found again.

`write_postmortem` is what the screen's W does: the Markdown draft and the JSON export of one
incident, side by side in a folder, named for the incident (`INC-3-2026-11-23-checkout-api-
high-error-rate.md` and `.json`); writing them again (a later draft) replaces them.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import datetime, tzinfo
from pathlib import Path

from cockpit.core.cadence import Cadences
from cockpit.core.state import fold
from cockpit.export.json import document, dumps
from cockpit.export.markdown import postmortem, slug
from cockpit.store.store import Store


def write_atomic(path: Path, text: str) -> Path:
    """Write `text` to `path` through a temporary file beside it, renamed over it: a reader
    never sees half of it, and a failure leaves what was there. Returns the full path."""
    path = path.expanduser()
    if path.is_dir():
        raise IsADirectoryError(21, "a folder, not a file; give a file name", str(path))
    folder = path.parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path.resolve()


def base_name(label: str, title: str, declared: datetime | None, tz: tzinfo) -> str:
    """`INC-3-2026-11-23-checkout-api-high-error-rate`: the file name without its suffix."""
    day = f"-{declared.astimezone(tz):%Y-%m-%d}" if declared else ""
    return f"{label}{day}-{slug(title)}"


def write_postmortem(store: Store, incident_id: str, label: str, folder: Path, tz: tzinfo,
                     now: datetime, cadences: Cadences | None = None) -> tuple[Path, Path]:  # fmt: skip
    """Write the draft (.md) and the export (.json) of one incident into `folder` (made if
    missing); returns their paths. `cadences`: the team's, for the late updates."""
    events = store.events(incident_id)
    state = fold(events, incident_id)
    draft = postmortem(events, label=label, tz=tz, now=now, cadences=cadences)
    doc = document(events)  # its title, never a redacted one, names the files
    folder = folder.expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    name = base_name(label, doc.title, state.declared_at, tz)
    exported = dumps(doc)
    md = write_atomic(folder / f"{name}.md", draft)
    return md, write_atomic(folder / f"{name}.json", exported)
