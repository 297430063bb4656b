"""Every bad file gets a one-line message that says what to do, no traceback, and the file is
left exactly as it was."""

import os
import sqlite3
from pathlib import Path

import pytest

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.store import Store, connection
from tests.conftest import T0


def one_line(r, code, *words):
    assert r.code == code, r.err
    assert r.out == ""
    assert r.err.startswith("cockpit: ") and r.err.count("\n") == 1, r.err
    for w in words:
        assert w in r.err


@pytest.mark.parametrize("argv", [["note", "INC-1", "x"], ["list"], ["show", "1"],
                                  ["timeline", "1", "--json"], ["severity", "1", "SEV1", "--reason", "r"]])  # fmt: skip
def test_missing_file(cli, db_path, argv):
    one_line(cli(*argv), 1, "no cockpit database at", "cockpit declare", "--db")
    assert not db_path.exists()


def test_a_folder(cli, db_path):
    db_path.mkdir()
    one_line(cli("list"), 1, "is a folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(cli, db_path, inc):
    db_path.chmod(0)
    try:
        one_line(cli("list"), 1, "permission denied")
    finally:
        db_path.chmod(0o644)


@pytest.mark.parametrize("argv", [["note", "INC-1", "x"], ["declare", "X"]])
def test_garbage_file(cli, db_path, argv):
    data = bytes(range(256)) * 64
    db_path.write_bytes(data)
    one_line(cli(*argv), 1, "not a cockpit database")
    assert db_path.read_bytes() == data


@pytest.mark.parametrize("argv", [["note", "INC-1", "x"], ["declare", "X"]])
def test_another_programs_database_is_not_touched(cli, db_path, argv):
    with sqlite3.connect(db_path) as other:
        other.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)")
        other.execute("INSERT INTO accounts (name) VALUES ('x')")
    other.close()
    before = db_path.read_bytes()
    one_line(cli(*argv), 1, "not a cockpit one", "--db")
    assert db_path.read_bytes() == before  # not even switched to WAL


def test_an_empty_file_is_not_turned_into_a_cockpit_file_by_a_read(cli, db_path):
    db_path.write_bytes(b"")
    one_line(cli("note", "INC-1", "x"), 1, "is empty", "cockpit declare")
    assert db_path.read_bytes() == b""


def test_a_newer_cockpit_file(cli, db_path, inc):
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    raw.close()
    before = db_path.read_bytes()
    one_line(cli("note", inc, "x"), 1, "newer cockpit", "schema 999", "upgrade")
    one_line(cli("declare", "Y"), 1, "newer cockpit")
    assert db_path.read_bytes() == before


def test_a_locked_file(cli, db_path, inc, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)  # wait 50 ms, not 5 s
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        one_line(cli("note", inc, "x"), 1, "is locked by another program", "try again")
        one_line(cli("severity", inc, "SEV2", "--reason", "r"), 1, "locked")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store.open(db_path) as s:
        assert [e.kind for e in s.events(s.incident(inc).id)] == ["incident_declared"]
    cli.ok("note", inc, "x")  # and it works once the lock is gone


def test_bad_flag_is_a_usage_error(cli):
    r = cli("note")
    assert r.code == 2 and r.err.count("\n") == 1
    r = cli("frobnicate")
    assert r.code == 2


def test_a_file_under_a_file_or_an_impossible_folder(cli, tmp_path):
    good = tmp_path / "good.db"
    cli.db = good
    cli.ok("declare", "X")
    for argv in (["list"], ["declare", "Y"], ["note", "INC-1", "x"]):
        cli.db = good / "sub" / "x.db"
        one_line(cli(*argv), 1, f"{good} is a file, not a folder", "--db")
    cli.db = Path("/proc/nope/x.db")  # /proc takes no new folders, even for root
    one_line(cli("declare", "Y"), 1, "cannot make the folder /proc/nope", "--db")
    one_line(cli("list"), 1, "no cockpit database at /proc/nope/x.db")


@pytest.mark.parametrize("value", ["abc", "", "-3", "99999999999999999999", None])
def test_a_schema_version_that_is_not_a_number(cli, db_path, inc, value):
    with sqlite3.connect(db_path) as raw:
        if value is None:
            raw.execute("DELETE FROM meta WHERE key = 'schema_version'")
        else:
            raw.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (value,))
    raw.close()
    for argv in (["list"], ["note", inc, "x"], ["declare", "Y"]):
        r = cli(*argv)
        one_line(r, 1, "is a damaged cockpit file", "schema version", "restore a backup")
        assert "invalid literal" not in r.err


@pytest.mark.parametrize("ref", ["INC-99999999999999999999999", "9223372036854775808",
                                 "INC-9223372036854775807", "9" * 5000],
                         ids=["23 digits", "2**63", "2**63-1", "5000 digits"])  # fmt: skip
def test_an_incident_number_beyond_any_integer_is_no_such_incident(cli, inc, ref):
    one_line(cli("show", ref), 1, "no incident", "cockpit list")
    one_line(cli("note", ref, "x"), 1, "no incident", "cockpit list")


def damage_a_page(path: Path, n: int) -> None:
    """Overwrite the page that holds the middle one of `n` notes (a page of the events
    table) with garbage, as a failing disk would, and check that SQLite sees it."""
    data = bytearray(path.read_bytes())
    at = data.index(f'"{n // 2} xxx'.encode())
    page = at // 4096
    data[page * 4096 : (page + 1) * 4096] = bytes(range(256)) * 16
    path.write_bytes(bytes(data))
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA quick_check").fetchall() != [("ok",)]
    except sqlite3.DatabaseError as exc:  # the check itself may stumble on the page
        assert "malformed" in str(exc)
    finally:
        raw.close()


def fill(db_path: Path, incident: str, n: int = 400) -> None:
    with Store.open(db_path) as s:
        ref = s.incident(incident)
        clock = FakeClock(T0)
        for i in range(n):
            clock.advance(1)
            s.append(
                new_event(ref.id, "alice", {"kind": "note", "text": f"{i} " + "x" * 300}, clock)
            )


def test_a_damaged_file_is_written_to_no_more(cli, db_path, inc):
    fill(db_path, inc, 400)
    damage_a_page(db_path, 400)
    one_line(cli("timeline", inc), 1, "is damaged")  # a read finds the damage...
    before = db_path.read_bytes()
    for argv in (["note", inc, "after the damage"], ["severity", inc, "SEV1", "--reason", "r"],
                 ["declare", "Another"]):  # fmt: skip
        one_line(cli(*argv), 1, "is damaged", "nothing more is written", "restore a backup",
                 "--db")  # fmt: skip
    assert db_path.read_bytes() == before  # ...and every later writer keeps off it
    one_line(cli("show", inc), 1, "is damaged")


def test_a_damaged_file_restored_from_a_backup_is_written_to_again(cli, db_path, inc):
    fill(db_path, inc, 200)
    backup = db_path.read_bytes()
    damage_a_page(db_path, 200)
    one_line(cli("list"), 1, "is damaged")
    one_line(cli("note", inc, "refused"), 1, "is damaged")
    db_path.write_bytes(backup)  # the backup is put back in its place
    cli.ok("note", inc, "after the restore")
    assert "after the restore" in [e["text"] for e in cli.timeline(inc)]
    assert [p.name for p in db_path.parent.iterdir() if "damaged" in p.name] == []
