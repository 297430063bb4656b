"""Opening the file: pragmas, schema checks and migrations, and sqlite errors made readable."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from cockpit.store import damage, errors, location
from cockpit.store.schema import APP, MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000


@contextlib.contextmanager
def readable_errors(path: Path, busy_timeout_ms: int | None = None) -> Iterator[None]:
    """Turn sqlite3 errors into StoreErrors whose message says what to do."""
    try:
        yield
    except errors.StoreError:
        raise
    except sqlite3.DatabaseError as exc:
        raise translate(exc, path, busy_timeout_ms) from exc


def translate(
    exc: sqlite3.Error, path: Path, busy_timeout_ms: int | None = None
) -> errors.StoreError:
    msg = str(exc).lower()
    if "locked" in msg or "busy" in msg:
        waited = (BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms) / 1000
        return errors.DatabaseLocked(
            f"{path} is locked by another program for more than {waited:g} s; "
            "close it (or wait) and try again"
        )
    if "not a database" in msg or "file is encrypted" in msg:
        return errors.NotCockpitDatabase(
            f"{path} is not a cockpit database (not an SQLite file); pass --db with the right file"
        )
    if "malformed" in msg or "corrupt" in msg:
        return damage.refusal(path, str(exc))
    if "unable to open" in msg or "readonly" in msg or "read-only" in msg:
        return errors.DatabaseUnreadable(
            f"cannot write {path} ({exc}); check the file's and its folder's permissions or pass --db"
        )
    if "disk i/o" in msg or "full" in msg:
        return errors.DatabaseUnreadable(
            f"cannot write {path} ({exc}); check the disk and try again"
        )
    return errors.StoreError(f"{path}: {exc}; check the file or pass --db with another one")


def connect(path: Path, *, create: bool, busy_timeout_ms: int | None = None,
            read_only: bool = False) -> sqlite3.Connection:  # fmt: skip
    """Open, check and migrate the file. A file that is not ours (another app's database, a
    newer cockpit's) is refused before anything is written to it, not even the journal mode.
    `read_only` (a follower): SQLite itself refuses every write on this connection, and the
    file is taken as it is (an older schema is not migrated: that would be a write)."""
    timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
    if read_only:
        return _connect_read_only(path, timeout_ms)
    if str(path) != ":memory:":
        try:
            _check_path(path, create)
        except OSError as exc:  # a folder on the way that cannot be searched, say
            raise errors.DatabaseUnreadable(
                f"cannot use {path} ({exc.strerror or exc}); check the folders' permissions "
                "or pass --db with another path"
            ) from None
    with readable_errors(path, timeout_ms):
        conn = sqlite3.connect(
            str(path), timeout=timeout_ms / 1000, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
            version = _check_kind(conn, path)
            if version == 0 and not create and str(path) != ":memory:":
                raise errors.NotCockpitDatabase(
                    f"{path} is empty, not a cockpit database yet; start one with "
                    "`cockpit declare TITLE`, or pass --db with your cockpit file"
                )
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode: a commit survives the process being killed; only a power cut
            # can lose the last transactions. FULL would add an fsync to every note.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            _check_and_migrate(conn, path)
        except BaseException:
            conn.close()
            raise
    return conn


def _connect_read_only(path: Path, timeout_ms: int) -> sqlite3.Connection:
    try:
        _check_path(path, create=False)
    except OSError as exc:
        raise errors.DatabaseUnreadable(f"cannot use {path} ({exc.strerror or exc})") from None
    with readable_errors(path, timeout_ms):
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=timeout_ms / 1000, isolation_level=None,
                               check_same_thread=False)  # fmt: skip
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
            if _check_kind(conn, path) != SCHEMA_VERSION:
                raise errors.NotCockpitDatabase(
                    f"{path} was written by an older cockpit (or is empty): open it once with "
                    "`cockpit` (which brings it up to date), then watch it"
                )
        except BaseException:
            conn.close()
            raise
    return conn


def _check_path(path: Path, create: bool) -> None:
    """Refuse, with what to do, a path that cannot hold the file; make its folder if asked."""
    if path.exists():
        if path.is_dir():
            raise errors.DatabaseUnreadable(
                f"{path} is a folder, not a file; pass --db with a file path"
            )
        if not os.access(path, os.R_OK):
            raise errors.DatabaseUnreadable(
                f"cannot read {path}: permission denied; check its permissions or pass --db"
            )
        return
    blocker = location.file_in_the_way(path)
    if blocker is not None:
        raise errors.DatabaseUnreadable(
            f"{blocker} is a file, not a folder, so there can be no {path}; "
            "pass --db with a path in a folder"
        )
    if not create:
        raise errors.NoDatabase(
            f"no cockpit database at {path}; declare an incident with "
            "`cockpit declare TITLE`, or point --db / COCKPIT_DB at your file"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise errors.DatabaseUnreadable(
            f"cannot make the folder {path.parent} for {path.name} ({exc.strerror or exc}); "
            "pass --db with a path in a folder you can write"
        ) from None


def _check_kind(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version (0: empty); refuses a foreign or newer file. Reads only."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "meta" not in tables:
        raise errors.NotCockpitDatabase(
            f"{path} is an SQLite database but not a cockpit one; pass --db with the right file"
        )
    version = 0
    if "meta" in tables:
        rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if rows.get("app") != APP:
            raise errors.NotCockpitDatabase(
                f"{path} is an SQLite database but not a cockpit one; pass --db with the right file"
            )
        version = _version(rows.get("schema_version"), path)
    if version > SCHEMA_VERSION:
        raise errors.NewerDatabase(
            f"{path} was written by a newer cockpit (schema {version}; this one knows "
            f"{SCHEMA_VERSION}): upgrade cockpit (pip install -U cockpit)"
        )
    return version


def _version(value: object, path: Path) -> int:
    """The schema version written in the file's meta table; a damaged file says so."""
    text = "" if value is None else str(value).strip()
    if not text.isdigit() or len(text) > 9:
        what = "it has no schema version"
        if value is not None:
            what = f"its schema version {text[:40]!r} is not a version number"
        raise errors.DatabaseCorrupt(
            f"{path} is a damaged cockpit file: {what}; restore a backup, or pass --db "
            "with another file"
        )
    return int(text)


def _check_and_migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = _check_kind(conn, path)
    if version == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        import sqlite_utils  # only when migrating: start-up does not pay for it

        db = sqlite_utils.Database(conn)
        # Another process may have migrated while we waited for the write lock.
        if "meta" in db.table_names():
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            version = _version(meta.get("schema_version"), path)
        else:
            db.table("meta").create({"key": str, "value": str}, pk="key")
            db.execute("INSERT INTO meta (key, value) VALUES ('app', ?)", [APP])
            db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '0')")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target - 1](db)
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(target)])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
