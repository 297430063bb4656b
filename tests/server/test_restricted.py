"""Restricted incidents on the server (SYNC.md, "Tokens and permissions": restricted incidents
only for the people named on them; `ask` sees no restricted incidents): to anyone else every
route answers as if the incident were not there, in the same words as for one that is not."""

from __future__ import annotations

import json

import pytest

from cockpit.server.ingest import check
from tests.server.conftest import INC
from tests.waiting import until

NOTE = {"kind": "note", "text": "the attacker's IP is 203.0.113.9"}


async def _restricted(api, *names: str) -> dict:
    """Alice creates INC restricted to `names` and pushes a note to it; her token."""
    alice = api.token("alice")
    r = await api.client.put(f"/v1/incidents/{INC}", headers=alice,
                             json={"title": "x", "restricted_to": list(names)})  # fmt: skip
    assert r.status_code == 201 and r.json()["restricted_to"] == list(names)
    r = await api.client.post(f"/v1/incidents/{INC}/events", headers=alice,
                              json={"events": [api.event("alice", NOTE)]})  # fmt: skip
    assert r.json()["results"][0]["status"] == "created"
    return alice


async def _sees(api, headers: dict) -> bool:
    """Whether every route that reaches the incident answers this token (else all say 404)."""
    c = api.client
    listed = INC in [i["id"] for i in (await c.get("/v1/incidents", headers=headers)).json()[
        "incidents"]]  # fmt: skip
    answers = [
        await c.get(f"/v1/incidents/{INC}/events", headers=headers),
        await c.get(f"/v1/incidents/{INC}/stakeholder", headers=headers),
        await c.post(f"/v1/incidents/{INC}/questions", headers=headers, json={"text": "ETA?"}),
    ]
    statuses = [r.status_code for r in answers]
    if not listed:
        assert statuses == [404, 404, 404], statuses
        for r in answers:  # the words of an incident that is not there at all
            assert r.json()["type"].endswith("unknown-incident")
            assert "or you may not see it" in r.json()["detail"]
    return listed


async def test_only_the_people_named_and_admins_see_a_restricted_incident(api):
    await _restricted(api, "alice", "Bob")
    assert await _sees(api, api.token("bob"))  # named (in other capitals)
    assert await _sees(api, api.token("root", permission="admin"))
    for person, permission in [("carol", "write"), ("carol", "read"), ("carol", "ask"),
                               ("bob", "ask")]:  # fmt: skip
        # `ask` never sees a restricted incident, even named: its view shows none
        assert not await _sees(api, api.token(person, permission=permission)), (person, permission)
    carol = api.token("carol")
    r = await api.client.post(f"/v1/incidents/{INC}/events", headers=carol,
                              json={"events": [api.event("carol")]})  # fmt: skip
    assert r.status_code == 404 and "or you may not see it" in r.json()["detail"]
    # creating it again: its id is taken, and nothing more is said
    r = await api.client.put(f"/v1/incidents/{INC}", headers=carol, json={"title": "mine"})
    assert r.status_code == 404 and "or you may not see it" in r.json()["detail"]
    missing = await api.client.get("/v1/incidents/nothing-here/events", headers=carol)
    hidden = await api.client.get(f"/v1/incidents/{INC}/events", headers=carol)
    assert hidden.json()["detail"] == missing.json()["detail"].replace("nothing-here", INC)


async def test_lifting_it_shows_it_and_the_timeline_says_who(api):
    alice = await _restricted(api, "alice")
    carol = api.token("carol")
    assert not await _sees(api, carol)
    url = f"/v1/incidents/{INC}/restriction"
    # carol may not lift what she cannot see; alice may not shut herself out
    assert (await api.client.put(url, headers=carol, json={"restricted_to": []})).status_code == 404
    r = await api.client.put(url, headers=alice, json={"restricted_to": ["dave"]})
    assert r.status_code == 422 and r.json()["type"].endswith("restriction-excludes-you")
    reader = api.token("alice", permission="read")
    assert (
        await api.client.put(url, headers=reader, json={"restricted_to": []})
    ).status_code == 403
    r = await api.client.put(url, headers=alice, json={"restricted_to": []})
    assert r.status_code == 200 and r.json()["restricted_to"] is None
    assert await _sees(api, carol)
    page = (await api.client.get(f"/v1/incidents/{INC}/events", headers=carol)).json()
    lifted = [p for p in page["events"] if p["event"]["body"]["kind"] == "incident_restricted"]
    assert [(p["event"]["author"], p["event"]["body"]["to"]) for p in lifted] == [("alice", [])]
    # an admin restricts it to others; the same again writes nothing more
    admin = api.token("root", permission="admin")
    for _ in range(2):
        r = await api.client.put(url, headers=admin, json={"restricted_to": ["bob", "dave"]})
        assert r.status_code == 200 and r.json()["restricted_to"] == ["bob", "dave"]
    assert not await _sees(api, carol) and not await _sees(api, alice)
    assert len(api.storage.of_kinds(INC, ["incident_restricted"])) == 2


async def test_a_pushed_restriction_event_restricts_and_the_latest_wins(api):
    """The restriction of a terminal reaches the server as its event (`cockpit restrict`)."""
    alice = api.token("alice")
    await api.client.put(f"/v1/incidents/{INC}", headers=alice, json={"title": "x"})
    carol = api.token("carol")
    assert await _sees(api, carol)
    first = api.event("alice", {"kind": "incident_restricted", "to": ["alice"]})
    later = api.event("alice", {"kind": "incident_restricted", "to": ["alice", "carol"]})
    for e in (later, first):  # arriving in the other order: the later still wins
        r = await api.client.post(f"/v1/incidents/{INC}/events", headers=alice,
                                  json={"events": [e]})  # fmt: skip
        assert r.json()["results"][0]["status"] == "created"
    assert api.storage.incident(INC).restricted_to == ("alice", "carol")
    assert await _sees(api, carol) and not await _sees(api, api.token("bob"))


async def test_a_parked_pull_of_someone_shut_out_ends_in_404(api):
    """A long-poll parked before the restriction never hands over what comes after it."""
    import asyncio

    alice = api.token("alice")
    await api.client.put(f"/v1/incidents/{INC}", headers=alice, json={"title": "x"})
    carol = api.token("carol")
    pull = asyncio.create_task(
        api.client.get(
            f"/v1/incidents/{INC}/events", headers=carol, params={"after": "0", "wait": 5}
        )  # fmt: skip
    )
    await until(lambda: api.app.state.waker.parked() > 0, "the pull to park", timeout=5)
    restrict = api.event("alice", {"kind": "incident_restricted", "to": ["alice"]})
    r = await api.client.post(f"/v1/incidents/{INC}/events", headers=alice,
                              json={"events": [restrict]})  # fmt: skip
    assert r.status_code == 200
    assert (await pull).status_code == 404


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_database_of_version_2_gets_the_restriction_column(tmp_path, request, backend):
    """A v2 server stored restriction events of a newer client as unknown kinds: once migrated,
    the incidents they name are restricted."""
    from cockpit.core.clock import FakeClock
    from cockpit.core.compose import new_event
    from tests.conftest import T0

    if backend == "sqlite":
        from cockpit.server.storage.sqlite import SQLiteStorage

        def open_():
            return SQLiteStorage(tmp_path / "s.sqlite3")
    else:
        from cockpit.server.storage.postgres import PostgresStorage

        url = request.getfixturevalue("pg_url")

        def open_():
            return PostgresStorage(url)

    s = open_()
    s.put_incident(INC, "sre", "alice", 0)
    e = new_event(INC, "alice", {"kind": "incident_restricted", "to": ["alice"]}, FakeClock(T0))
    s.push(INC, [check(json.loads(e.model_dump_json()), INC, "alice", T0)])
    with s._tx() as tx:  # noqa: SLF001 - back to how a v2 server left it
        tx.execute("ALTER TABLE incidents DROP COLUMN restricted_to")
        tx.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    s.close()
    s = open_()
    try:
        assert s.incident(INC).restricted_to == ("alice",)
    finally:
        s.close()


@pytest.mark.postgres
async def test_on_postgresql_too(pg_url):
    import httpx

    from cockpit.core.clock import FakeClock
    from cockpit.server.app import create_app
    from cockpit.server.storage.postgres import PostgresStorage
    from tests.conftest import T0
    from tests.server.conftest import Api

    storage = PostgresStorage(pg_url)
    app = create_app(storage, FakeClock(T0))
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://test") as client:  # fmt: skip
            api = Api(storage, FakeClock(T0), client)  # type: ignore[arg-type]
            alice = await _restricted(api, "alice")
            assert await _sees(api, alice)
            assert not await _sees(api, api.token("carol"))
            r = await client.put(f"/v1/incidents/{INC}/restriction", headers=alice,
                                 json={"restricted_to": []})  # fmt: skip
            assert r.status_code == 200 and await _sees(api, api.token("carol"))
    finally:
        storage.close()
