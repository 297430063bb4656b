"""The file itself: creation and migrations, refusing files that are not ours, locks, drafts."""

import sqlite3

import pytest
import sqlite_utils

from cockpit.store import Store, errors
from cockpit.store.schema import APP, MIGRATIONS, SCHEMA_VERSION
from tests.conftest import make


def meta(path):
    with sqlite3.connect(path) as raw:
        rows = dict(raw.execute("SELECT key, value FROM meta"))
    raw.close()
    return rows


def test_a_new_file_gets_every_migration_and_wal(db_path):
    with Store.open(db_path, create=True) as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert {"incidents", "events", "drafts", "meta"} <= set(s.db.table_names())
    assert meta(db_path) == {"app": APP, "schema_version": str(SCHEMA_VERSION)}


def test_opening_without_create_does_not_make_a_file(db_path):
    with pytest.raises(errors.NoDatabase, match="cockpit declare"):
        Store.open(db_path)
    assert not db_path.exists()


def test_create_makes_the_folder(tmp_path):
    path = tmp_path / "a" / "b" / "c.sqlite3"
    Store.open(path, create=True).close()
    assert path.exists()


@pytest.mark.parametrize("start", range(1, SCHEMA_VERSION))
def test_migrates_an_older_file_and_keeps_its_events(db_path, clock, start):
    raw = sqlite3.connect(db_path, isolation_level=None)
    db = sqlite_utils.Database(raw)
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["meta"].insert_all([{"key": "app", "value": APP},
                           {"key": "schema_version", "value": str(start)}])  # fmt: skip
    for m in MIGRATIONS[:start]:
        m(db)
    raw.close()
    from cockpit.core.compose import new_event

    e = new_event("inc", "alice", {"kind": "incident_declared", "title": "Old"}, clock)
    with sqlite3.connect(db_path) as raw:
        raw.execute("INSERT INTO incidents VALUES ('inc', 1, 'x')")
        raw.execute("INSERT INTO events (id, incident, kind, author, at, hlc, json) VALUES "
                    "(?, 'inc', ?, 'alice', 'x', ?, ?)",
                    (e.id, e.kind, e.hlc, e.model_dump_json()))  # fmt: skip
    raw.close()
    with Store.open(db_path) as s:
        assert s.state("inc").title == "Old"
    assert meta(db_path)["schema_version"] == str(SCHEMA_VERSION)


def test_refuses_a_newer_file_and_leaves_it_alone(db_path):
    Store.open(db_path, create=True).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                    (str(SCHEMA_VERSION + 1),))  # fmt: skip
    raw.close()
    before = db_path.read_bytes()
    with pytest.raises(errors.NewerDatabase, match="upgrade cockpit"):
        Store.open(db_path)
    assert db_path.read_bytes() == before


def test_refuses_another_apps_database_without_touching_it(db_path):
    with sqlite3.connect(db_path) as raw:
        raw.execute("CREATE TABLE t (x)")
    raw.close()
    before = db_path.read_bytes()
    for create in (False, True):
        with pytest.raises(errors.NotCockpitDatabase, match="not a cockpit one"):
            Store.open(db_path, create=create)
    assert db_path.read_bytes() == before


def test_refuses_a_meta_table_from_another_app(db_path):
    with sqlite3.connect(db_path) as raw:
        raw.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        raw.execute("INSERT INTO meta VALUES ('app', 'something-else')")
    raw.close()
    with pytest.raises(errors.NotCockpitDatabase):
        Store.open(db_path)


def test_refuses_a_garbage_file(db_path):
    db_path.write_bytes(b"this is not sqlite at all " * 100)
    with pytest.raises(errors.NotCockpitDatabase, match="not an SQLite file"):
        Store.open(db_path, create=True)


def test_a_write_lock_held_elsewhere_is_a_clear_error_and_saves_nothing(store, incident, clock,
                                                                        db_path):  # fmt: skip
    waiting = Store.open(db_path, busy_timeout_ms=50)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(errors.DatabaseLocked, match="locked by another program for more "
                                                        "than 0.05 s"):  # fmt: skip
            waiting.append(make(incident, "bob", {"kind": "note", "text": "x"}, clock))
        assert len(waiting.events(incident)) == 1  # reads still work under a writer's lock
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    e = waiting.append(make(incident, "bob", {"kind": "note", "text": "y"}, clock))
    assert [x.id for x in store.events(incident)][-1] == e.id
    assert store.count(incident) == 2
    waiting.close()


def test_drafts_survive_reopening_and_clear_when_empty(store, incident, clock, db_path):
    store.save_draft(incident, "note", "half a thought", clock.now())
    store.save_draft(incident, "update", "SBAR: ", clock.now())
    with Store.open(db_path) as other:
        assert other.draft(incident, "note") == "half a thought"
    store.save_draft(incident, "note", "half a thought, finished", clock.now())
    assert store.draft(incident, "note") == "half a thought, finished"
    store.save_draft(incident, "note", "", clock.now())
    assert store.draft(incident, "note") == ""
    assert store.draft(incident, "update") == "SBAR: "
    assert store.draft("other", "note") == ""
