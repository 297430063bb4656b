"""A damaged file, once found, is written to no more.

SQLite finds a damaged page only when something reads it: `cockpit timeline` does, but a
`note` (which reads one index and appends at the end) may not, and would go on writing into
a file that is losing entries. Checking the whole file on every append would cost far more
than the append itself, so the damage found by any read is remembered instead, in a small
mark beside the file (`FILE-damaged`, like SQLite's own `-wal` and `-shm`; nothing is written
into the damaged file itself). Every later writer, in any process, sees the mark when it opens
the file and refuses to write.

The mark only makes a writer look: a file with a mark is checked once (`PRAGMA
integrity_check`) before the first write; a file found whole again (a backup restored in its
place, say) loses its mark and is written to as usual. So the full check is paid only by a
file that was found damaged, once.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from cockpit.store import errors

SUFFIX = "-damaged"


def mark_path(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def remembered(path: Path) -> str | None:
    """What a reader found wrong with the file, if a reader found it damaged; else None."""
    if str(path) == ":memory:":
        return None
    mark = mark_path(path)
    try:
        return mark.read_text(encoding="utf-8", errors="replace").strip() or "damaged"
    except FileNotFoundError:
        return None
    except OSError:  # a mark that cannot be read is still a mark
        return "damaged"


def remember(path: Path, detail: str) -> None:
    """Leave the mark (best effort: a read-only folder keeps it in this process only)."""
    if str(path) == ":memory:":
        return
    with contextlib.suppress(OSError):
        mark = mark_path(path)
        tmp = mark.with_name(f"{mark.name}.{os.getpid()}")
        tmp.write_text(detail + "\n", encoding="utf-8")
        os.replace(tmp, mark)


def forget(path: Path) -> None:
    with contextlib.suppress(OSError):
        mark_path(path).unlink(missing_ok=True)


def intact(conn: sqlite3.Connection) -> bool:
    """The whole file checked (pages and indexes); only for a file that carries the mark."""
    try:
        rows = conn.execute("PRAGMA integrity_check(1)").fetchall()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)]


def refusal(path: Path, detail: str) -> errors.DatabaseCorrupt:
    """The one line a refused write gives: what is wrong and what to do."""
    return errors.DatabaseCorrupt(
        f"{path} is damaged ({detail}), so nothing more is written to it: restore a backup, "
        f"or copy what it still holds to a new file (`sqlite3 {path} .recover | sqlite3 "
        "NEW.sqlite3`) and use --db NEW.sqlite3"
    )
