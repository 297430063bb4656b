"""One plain entry appended without the event models: a script's `cockpit note` (a bot posting
deploy events pays a whole process per call; the models and pydantic were most of it).

It does what `Store.append` does for such an entry (one immediate transaction; the clock
value moved past the file's latest; who recorded it, when not its author), on the same
connection checks (`connection.connect`: the file is ours, migrated). It only ever goes ahead
when nothing could go wrong that the full path would have to explain: a file found damaged
before, an incident that is not there, a file that joined a server (its events are pushed
after the write), any SQLite error: then it raises `NotQuick` having written nothing, and the
command runs the full path, which says what is wrong as it always does.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from cockpit.core import hlc
from cockpit.core.ids import uuid7
from cockpit.store import damage, errors
from cockpit.store.connection import connect
from cockpit.store.times import stamp

_REF = re.compile(r"^(?:inc-?)?(\d{1,18})$", re.IGNORECASE)  # as Store.incident reads it


class NotQuick(Exception):
    """The quick append does not apply here; nothing was written."""


# (event id, incident id, stamped time, clock value) -> the event's JSON
MakeJson = Callable[[str, str, str], str]


def append_entry(path: Path, ref: str, *, kind: str, author: str, recorder: str,
                 now: datetime, make_json: MakeJson) -> str:  # fmt: skip
    """Append the entry to incident `ref` (`INC-3`, `3` or its id); returns its id."""
    if not path.is_file() or damage.remembered(path) is not None:
        raise NotQuick("no file, or a file found damaged")
    try:
        conn = connect(path, create=False)
    except errors.StoreError:
        raise NotQuick("the file does not open as it is") from None
    try:
        return _append(conn, ref, kind, author, recorder, now, make_json)
    except sqlite3.Error:
        raise NotQuick("SQLite refused") from None
    finally:
        conn.close()


def _append(conn: sqlite3.Connection, ref: str, kind: str, author: str, recorder: str,
            now: datetime, make_json: MakeJson) -> str:  # fmt: skip
    m = _REF.match(ref.strip())
    where, key = ("number", int(m[1])) if m else ("id", ref.strip())
    row = conn.execute(f"SELECT id FROM incidents WHERE {where} = ?", (key,)).fetchone()
    if row is None:
        raise NotQuick("no such incident")
    incident = row[0]
    if conn.execute("SELECT EXISTS (SELECT 1 FROM sync_links)").fetchone()[0]:
        raise NotQuick("a joined file: the full path pushes what it writes")
    event_id = uuid7(now)
    conn.execute("BEGIN IMMEDIATE")
    try:
        (latest,) = conn.execute("SELECT max(hlc) FROM events").fetchone()
        clock = hlc.next_after(None, now)
        if latest is not None and clock <= latest:
            clock = hlc.next_after(latest, now)
        by = recorder if recorder and recorder != author else None
        conn.execute(
            "INSERT INTO events (id, incident, kind, author, at, hlc, origin, json, recorded_by) "
            "VALUES (?, ?, ?, ?, ?, ?, 'local', ?, ?)",
            (event_id, incident, kind, author, stamp(now), clock,
             make_json(event_id, incident, clock), by),
        )  # fmt: skip
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return event_id
