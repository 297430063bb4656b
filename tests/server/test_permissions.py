"""The one token model, enforced by the real server on 127.0.0.1: a `read` token lists, pulls and
long-polls but cannot push or create an incident (403, a problem that says why), nor can an
`ask` token, which lists but reads only the stakeholder view (tests/server/test_stakeholder.py);
`write` and `admin` push. `whoami` says the permission and the reach. Databases made by an older
server get the permission column in place, their tokens keeping `write`."""

from __future__ import annotations

import json
import sqlite3
import threading

import httpx
import pytest

from cockpit.cli.main import main
from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.server.auth import authenticate, create_token
from cockpit.server.run import ServerThread
from cockpit.server.storage.base import hash_token
from cockpit.server.storage.sqlite import SQLiteStorage
from tests.conftest import T0

INC = "0196e1a4-0000-7000-8000-00000000c0de"
PROBLEM = "application/problem+json"


def _event(author: str, text: str, clock: FakeClock) -> dict:
    clock.advance(1)
    return json.loads(
        new_event(INC, author, {"kind": "note", "text": text}, clock).model_dump_json()
    )


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def live(tmp_path):
    storage = SQLiteStorage(tmp_path / "server.sqlite3")
    tokens = {
        p: create_token(storage, person=f"{p}-person", team="sre", incident=None, now=0,
                        expires_at=None, permission=p)[1]
        for p in ("read", "ask", "write", "admin")
    }  # fmt: skip
    server = ServerThread(storage).start()
    try:
        yield server, tokens
    finally:
        server.stop()


def test_read_and_ask_tokens_cannot_push_or_put_and_read_pulls_and_long_polls(live):
    server, tokens = live
    clock = FakeClock(T0)
    url = f"{server.url}/v1/incidents/{INC}"
    with httpx.Client(timeout=20) as http:
        for p in ("read", "ask"):
            r = http.put(url, headers=_auth(tokens[p]), json={"title": "x"})
            assert r.status_code == 403 and r.headers["content-type"] == PROBLEM
            assert r.json()["type"].endswith("permission-read-only")
            assert "not create incidents" in r.json()["detail"]
        assert http.put(url, headers=_auth(tokens["write"]), json={}).status_code == 201

        for p in ("read", "ask"):
            r = http.post(f"{url}/events", headers=_auth(tokens[p]),
                          json={"events": [_event(f"{p}-person", "mine", clock)]})  # fmt: skip
            assert r.status_code == 403 and r.headers["content-type"] == PROBLEM
            body = r.json()
            assert body["type"].endswith("permission-read-only") and body["permission"] == p
            assert f"permission {p!r}" in body["detail"] and "write token" in body["detail"]
        for p in ("write", "admin"):
            r = http.post(f"{url}/events", headers=_auth(tokens[p]),
                          json={"events": [_event(f"{p}-person", f"by {p}", clock)]})  # fmt: skip
            assert [x["status"] for x in r.json()["results"]] == ["created"]

        for p in ("read", "ask"):
            listed = http.get(f"{server.url}/v1/incidents", headers=_auth(tokens[p])).json()
            assert [i["id"] for i in listed["incidents"]] == [INC]
        page = http.get(f"{url}/events", headers=_auth(tokens["read"])).json()
        assert [x["event"]["body"]["text"] for x in page["events"]] == ["by write", "by admin"]
        # `ask` reads the stakeholder view only: the events keep evidence and redacted text
        r = http.get(f"{url}/events", headers=_auth(tokens["ask"]))
        assert r.status_code == 403 and r.json()["type"].endswith("permission-stakeholder-view")
        assert "/stakeholder" in r.json()["detail"]

        # a long-poll with a read token parks, and a writer's push answers it
        cursor = page["cursor"]
        got: dict = {}

        def parked() -> None:
            got["r"] = httpx.get(f"{url}/events", params={"after": cursor, "wait": 20},
                                 headers=_auth(tokens["read"]), timeout=25)  # fmt: skip

        t = threading.Thread(target=parked)
        t.start()
        deadline = threading.Event()
        for _ in range(1000):
            if http.get(f"{server.url}/v1/health").json()["parked"] >= 1:
                break
            deadline.wait(0.01)
        else:
            raise AssertionError("the read token's pull never parked")
        http.post(f"{url}/events", headers=_auth(tokens["write"]),
                  json={"events": [_event("write-person", "woken", clock)]})  # fmt: skip
        t.join(20)
        assert [x["event"]["body"]["text"] for x in got["r"].json()["events"]] == ["woken"]


def test_whoami_says_the_permission_and_reach_never_scope(live):
    server, tokens = live
    me = httpx.get(f"{server.url}/v1/whoami", headers=_auth(tokens["read"])).json()
    assert (me["person"], me["team"], me["permission"], me["reach"], me["incident"]) == (
        "read-person", "sre", "read", "team sre", None,
    )  # fmt: skip
    assert "scope" not in me


def test_an_older_servers_database_is_upgraded_in_place(tmp_path):
    db = tmp_path / "old.sqlite3"
    with sqlite3.connect(db) as c:  # the tokens table as the first release made it
        c.execute(
            "CREATE TABLE tokens (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, person TEXT "
            "NOT NULL, team TEXT NOT NULL, incident TEXT, created_at INTEGER NOT NULL, "
            "expires_at INTEGER, revoked_at INTEGER)"
        )
        c.execute("INSERT INTO tokens VALUES ('old1', ?, 'alice', 'sre', NULL, 0, NULL, NULL)",
                  (hash_token("cpt_old1_secret"),))  # fmt: skip
    storage = SQLiteStorage(db)
    try:
        who = authenticate(storage, "Bearer cpt_old1_secret", 0)
        assert (who.person, who.permission, who.may_write) == ("alice", "write", True)
        _, tok = create_token(storage, person="bob", team="sre", incident=None, now=0,
                              expires_at=None, permission="read")  # fmt: skip
        assert authenticate(storage, f"Bearer {tok}", 0).permission == "read"
    finally:
        storage.close()
    SQLiteStorage(db).close()  # opening it again changes nothing


def test_an_unknown_permission_grants_the_least(tmp_path):
    storage = SQLiteStorage(tmp_path / "s.sqlite3")
    try:
        _, tok = create_token(storage, person="a", team="t", incident=None, now=0, expires_at=None)
        storage.conn.execute("UPDATE tokens SET permission = 'superuser'")  # a newer server's
        assert authenticate(storage, f"Bearer {tok}", 0).permission == "read"
        with pytest.raises(ValueError, match="read, ask, write, admin"):
            create_token(storage, person="a", team="t", incident=None, now=0, expires_at=None,
                         permission="owner")  # fmt: skip
    finally:
        storage.close()


def test_token_create_takes_a_permission_and_list_shows_it(tmp_path, capsys):
    db = str(tmp_path / "server.sqlite3")
    base = ["serve", "token", "create", "--database", db, "--team", "sre"]
    assert main([*base, "--person", "stakeholder", "--permission", "read"]) == 0
    assert "(read, team sre)" in capsys.readouterr().err
    assert main([*base, "--person", "alice"]) == 0  # the default: write
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        main([*base, "--person", "x", "--permission", "root"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["serve", "token", "list", "--database", db]) == 0
    lines = sorted(capsys.readouterr().out.splitlines(), key=lambda x: "alice" in x)
    assert len(lines) == 2
    assert "stakeholder" in lines[0] and " read " in lines[0] and "team sre" in lines[0]
    assert "alice" in lines[1] and " write " in lines[1]
    assert "scope" not in " ".join(lines)


@pytest.mark.postgres
def test_an_older_servers_postgres_database_is_upgraded_in_place(pg_url):
    import psycopg

    from cockpit.server.storage.postgres import PostgresStorage

    with psycopg.connect(pg_url, autocommit=True) as c:  # as the first release made it
        c.execute(
            "CREATE TABLE tokens (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, person TEXT "
            "NOT NULL, team TEXT NOT NULL, incident TEXT, created_at BIGINT NOT NULL, "
            "expires_at BIGINT, revoked_at BIGINT)"
        )
        c.execute("INSERT INTO tokens VALUES ('old1', %s, 'alice', 'sre', NULL, 0, NULL, NULL)",
                  (hash_token("cpt_old1_secret"),))  # fmt: skip
    for _ in range(2):  # and a second start changes nothing
        storage = PostgresStorage(pg_url)
        try:
            who = authenticate(storage, "Bearer cpt_old1_secret", 0)
            assert (who.person, who.permission) == ("alice", "write")
            _, tok = create_token(storage, person="bob", team="sre", incident=None, now=0,
                                  expires_at=None, permission="ask")  # fmt: skip
            assert authenticate(storage, f"Bearer {tok}", 0).permission == "ask"
            assert {r.permission for r in storage.tokens()} == {"write", "ask"}
        finally:
            storage.close()


async def test_the_client_tells_a_read_only_refusal_from_a_paused_incident(live):
    """The server's 403 for a read token is its own error in the client (a read-only link keeps
    pulling: tests/sync/test_followers.py), not the 403 that pauses an incident."""
    from cockpit.core.events import Event
    from cockpit.sync import api as A

    server, tokens = live
    reader = A.Api(server.url, tokens["read"])
    try:
        with pytest.raises(A.ReadOnlyToken, match="permission 'read'"):
            await reader.put_incident(INC, "x")
        writer = A.Api(server.url, tokens["write"])
        await writer.put_incident(INC, "x")
        await writer.close()
        event = Event.model_validate(_event("read-person", "mine", FakeClock(T0)))
        with pytest.raises(A.ReadOnlyToken):
            await reader.push(INC, [event])
        page = await reader.pull(INC, "0")  # and it still pulls
        assert page.items == []
    finally:
        await reader.close()
