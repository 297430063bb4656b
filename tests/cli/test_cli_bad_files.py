"""Every bad file gets a one-line message that says what to do, no traceback, and the file is
left exactly as it was."""

import os
import sqlite3

import pytest

from cockpit.store import Store, connection


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
