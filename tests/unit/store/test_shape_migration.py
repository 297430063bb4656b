"""Schema _v6: what an older cockpit stored as unknown (a milestone synced from a newer one)
gets its kind, so the lists by kind find it; the `milestones` view shows the incident's shape."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from cockpit.store import Store
from cockpit.store.schema import APP, MIGRATIONS, SCHEMA_VERSION
from tests.conftest import make


def test_an_older_files_unknown_milestones_get_their_kind(db_path, clock):
    raw = sqlite3.connect(db_path, isolation_level=None)
    db = sqlite_utils.Database(raw)
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["meta"].insert_all([{"key": "app", "value": APP}, {"key": "schema_version", "value": "5"}])
    for m in MIGRATIONS[:5]:
        m(db)
    declared = make("inc", "alice", {"kind": "incident_declared", "title": "Old"}, clock)
    shape = make("inc", "bob", {"kind": "milestone", "name": "detected", "how": "customer"}, clock)
    garbage = '{"id": "x", "kind": "what"}'
    raw.execute("INSERT INTO incidents VALUES ('inc', 1, 'x')")
    for e, kind in ((declared, "incident_declared"), (shape, "unknown")):  # as an old one stored
        raw.execute("INSERT INTO events (id, incident, kind, author, at, hlc, json) VALUES "
                    "(?, 'inc', ?, ?, ?, ?, ?)", (e.id, kind, e.author, e.at.isoformat(), e.hlc,
                                                  e.model_dump_json()))  # fmt: skip
    raw.execute("INSERT INTO events (id, incident, kind, author, at, hlc, json) VALUES "
                "('x', 'inc', 'unknown', 'eve', 'x', 'x', ?)", (garbage,))  # fmt: skip
    raw.close()
    with Store.open(db_path) as s:
        (found,) = s.events_of_kinds(["milestone"])
        assert found.id == shape.id and found.body.how.value == "customer"
        kinds = dict(s.query("SELECT id, kind FROM events"))
    assert kinds["x"] == "unknown"  # what this release cannot read either stays as it was
    rows = list(sqlite_utils.Database(db_path).query("select kind, what from milestones"))
    assert {"kind": "milestone", "what": "detected, by customer"} in rows
    with sqlite3.connect(db_path) as check:
        (version,) = check.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    check.close()
    assert version == str(SCHEMA_VERSION)


def test_the_milestones_view_shows_the_shape(store, db_path, clock, incident):
    for author, body in [
        ("sam", {"kind": "milestone", "name": "impact_started", "component": "checkout",
                 "level": "outage", "text": "5xx on /v1/pay"}),
        ("sam", {"kind": "person_paged", "person": "maria"}),
        ("maria", {"kind": "page_acknowledged", "person": "maria"}),
    ]:  # fmt: skip
        store.append(make(incident, author, body, clock))
    rows = [(r["kind"], r["what"], r["why"])
            for r in sqlite_utils.Database(db_path).query("select * from milestones")]  # fmt: skip
    assert ("milestone", "impact_started (checkout), outage", "5xx on /v1/pay") in rows
    assert ("person_paged", "paged: maria", None) in rows
    assert ("page_acknowledged", "answered: maria", None) in rows
