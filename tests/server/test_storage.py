"""The server's storage, the same on SQLite and on a real PostgreSQL: who pushed each event kept
beside it, a newer cockpit's events stored as sent, the incident list folded by the core (never
a last-writer-wins of its own), and a database written by the previous version migrated."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.events import Event
from cockpit.core.state import IncidentState
from cockpit.server.ingest import check
from cockpit.server.storage.sqlite import SQLiteStorage
from tests.conftest import T0

INC = "inc-storage"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def storage(request, tmp_path):
    if request.param == "sqlite":
        s = SQLiteStorage(tmp_path / "server.sqlite3")
    else:
        from cockpit.server.storage.postgres import PostgresStorage

        s = PostgresStorage(request.getfixturevalue("pg_url"))
    s.put_incident(INC, "sre", "alice", 0)
    yield s
    s.close()


def _event(clock: FakeClock, author: str, body: dict, **kw):
    clock.advance(1)
    return new_event(INC, author, body, clock, **kw)


def test_who_pushed_is_kept_beside_each_event_and_unknown_ones_as_sent(storage):
    clock = FakeClock(T0)
    mine = _event(clock, "alice", {"kind": "note", "text": "mine"})
    bots = _event(clock, "deploy-bot", {"kind": "note", "text": "deployed"})
    future = json.loads(_event(clock, "alice", {"kind": "note", "text": "x"}).model_dump_json())
    future["body"] = {"kind": "forecast", "what": "impact started", "level": 2}
    raw = [json.loads(e.model_dump_json()) for e in (mine, bots)] + [future]
    res = storage.push(INC, [check(r, INC, "alice", T0) for r in raw])
    assert [r.status for r in res] == ["created"] * 3
    epoch, last, rows, after_id = storage.pull(INC, 0, 10)
    assert last == 3 and after_id is None
    assert [(json.loads(js)["author"], by) for _, js, by in rows] == [
        ("alice", "alice"), ("deploy-bot", "alice"), ("alice", "alice"),
    ]  # fmt: skip
    assert json.loads(rows[2][1])["body"] == future["body"]  # stored as sent
    assert storage.pull(INC, 2, 10).after_id == bots.id
    # the same event again, its clock capped or not, is a duplicate; other content is refused
    again = check(dict(raw[0], hlc="000000000000009.000000"), INC, "bob", T0)
    changed = check(dict(raw[1], body={"kind": "note", "text": "changed"}), INC, "bob", T0)
    assert [(r.status, r.seq, r.reason) for r in storage.push(INC, [again, changed])] == [
        ("duplicate", 1, None), ("rejected", None, "same id with different content"),
    ]  # fmt: skip


def test_the_incident_list_is_the_cores_fold(storage):
    clock = FakeClock(T0)
    declared = _event(clock, "alice", {"kind": "incident_declared", "title": "Checkout down",
                                       "severity": "SEV3"})  # fmt: skip
    # Two severities set without seeing each other, with the same clock value: the core
    # settles it by id (the greater wins), whatever order they arrive in.
    a = _event(clock, "alice", {"kind": "severity_set", "severity": "SEV2"})
    other = json.loads(a.model_dump_json())
    other.update(id=a.id[:-1] + ("0" if a.id[-1] != "0" else "1"),
                 body={"kind": "severity_set", "severity": "SEV1"})  # fmt: skip
    b = Event.model_validate(other)
    low, high = sorted((a, b), key=lambda e: e.id)
    title = _event(clock, "bob", {"kind": "field_set", "field": "title", "value": "Checkout API"})
    phase = _event(clock, "bob", {"kind": "phase_set", "phase": "mitigating"})
    for e in (declared, low, title, high, phase):  # one push each: the order they arrived
        storage.push(INC, [check(json.loads(e.model_dump_json()), INC, "alice", T0)])
    state = IncidentState(INC)
    state.apply_all([declared, low, high, title, phase])
    (row,) = storage.incidents("sre")
    view = row.view()
    assert (view["title"], view["severity"], view["phase"]) == (
        state.title, state.severity.value, state.phase.value,
    ) == ("Checkout API", high.body.severity.value, "mitigating")  # fmt: skip


OLD_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tokens (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, person TEXT NOT NULL,
    team TEXT NOT NULL, incident TEXT, created_at INTEGER NOT NULL, expires_at INTEGER,
    revoked_at INTEGER);
CREATE TABLE incidents (id TEXT PRIMARY KEY, team TEXT NOT NULL, created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL, last_seq INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL DEFAULT '{}');
CREATE INDEX incidents_team ON incidents (team);
CREATE TABLE events (id TEXT PRIMARY KEY, incident TEXT NOT NULL REFERENCES incidents (id),
    seq INTEGER NOT NULL, digest TEXT NOT NULL, json TEXT NOT NULL, UNIQUE (incident, seq));
"""


class _OldSQLite:
    def __init__(self, tmp_path) -> None:
        self.db = tmp_path / "old.sqlite3"

    def write(self, statements: list[tuple[str, tuple]]) -> None:
        with closing(sqlite3.connect(self.db)) as c, c:
            c.executescript(OLD_SCHEMA)
            for sql, params in statements:
                c.execute(sql, params)

    def open(self):
        return SQLiteStorage(self.db)

    def read(self, sql: str) -> list[tuple]:
        with closing(sqlite3.connect(self.db)) as c:
            return c.execute(sql).fetchall()


class _OldPostgres:
    def __init__(self, url: str) -> None:
        self.url = url

    def write(self, statements: list[tuple[str, tuple]]) -> None:
        import psycopg

        with psycopg.connect(self.url) as c:
            for stmt in OLD_SCHEMA.split(";"):
                if stmt.strip():
                    c.execute(stmt)
            for sql, params in statements:
                c.execute(sql.replace("?", "%s"), params)

    def open(self):
        from cockpit.server.storage.postgres import PostgresStorage

        return PostgresStorage(self.url)

    def read(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url) as c:
            return c.execute(sql).fetchall()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_database_of_the_previous_version_is_migrated(tmp_path, request, backend):
    old = _OldSQLite(tmp_path) if backend == "sqlite" else _OldPostgres(
        request.getfixturevalue("pg_url"))  # fmt: skip
    clock = FakeClock(T0)
    declared = _event(clock, "alice", {"kind": "incident_declared", "title": "Old one"})
    sev = _event(clock, "alice", {"kind": "severity_set", "severity": "SEV2"})
    old_summary = {"title": ["", "Old one"], "severity": [sev.hlc, "SEV2"]}
    rows = [("INSERT INTO meta VALUES ('epoch', 'e-old')", ()),
            ("INSERT INTO incidents VALUES (?, 'sre', 'alice', 0, 2, ?)",
             (INC, json.dumps(old_summary)))]  # fmt: skip
    for seq, e in enumerate((declared, sev), 1):
        # the old server stored events without `v` (and hashed them whole)
        js = json.dumps({k: v for k, v in json.loads(e.model_dump_json()).items() if k != "v"})
        rows.append(("INSERT INTO events VALUES (?, ?, ?, 'old-digest', ?)", (e.id, INC, seq, js)))
    old.write(rows)
    storage = old.open()
    try:
        assert storage.epoch() == "e-old"  # clients keep their cursors
        (row,) = storage.incidents("sre")
        assert (row.view()["title"], row.view()["severity"]) == ("Old one", "SEV2")
        _, last, pulled, _ = storage.pull(INC, 0, 10)
        assert last == 2 and [by for _, _, by in pulled] == [None, None]
        # an old event pushed again (after an epoch change, say) is the same event
        res = storage.push(INC, [check(json.loads(sev.model_dump_json()), INC, "alice", T0)])
        assert (res[0].status, res[0].seq) == ("duplicate", 2)
        more = _event(clock, "alice", {"kind": "phase_set", "phase": "resolved"})
        storage.push(INC, [check(json.loads(more.model_dump_json()), INC, "alice", T0)])
        assert storage.incidents("sre")[0].view()["phase"] == "resolved"
    finally:
        storage.close()
    kinds = dict(old.read("SELECT id, kind FROM events"))
    (version,) = old.read("SELECT value FROM meta WHERE key = 'schema'")[0]
    assert kinds == {declared.id: "incident_declared", sev.id: "severity_set",
                     more.id: "phase_set"} and version == "3"  # fmt: skip
    old.open().close()  # opening it again changes nothing
