"""The v1 API, in process: auth, incidents, push results, pull cursors, long-poll."""

from __future__ import annotations

import asyncio

import pytest

from tests.server.conftest import INC

PROBLEM = "application/problem+json"


async def test_health_needs_no_token(api):
    r = await api.client.get("/v1/health")
    assert r.status_code == 200 and r.json()["status"] == "ok" and r.json()["epoch"]


@pytest.mark.parametrize("case", ["missing", "unknown", "expired", "revoked", "not-bearer"])
async def test_refused_tokens_get_a_problem_that_says_why(api, case):
    headers = {
        "missing": {},
        "unknown": {"Authorization": "Bearer cpt_dead_beef"},
        "expired": api.token(expires_at=int(api.clock.now().timestamp()) - 1),
        "revoked": api.token(),
        "not-bearer": {"Authorization": "Basic YWxpY2U6c2VjcmV0"},
    }[case]
    if case == "revoked":
        api.storage.revoke_token(headers["Authorization"].split("_")[1], 0)
    r = await api.client.get("/v1/whoami", headers=headers)
    assert r.status_code == 401
    assert r.headers["content-type"] == PROBLEM and r.headers["www-authenticate"].startswith(
        "Bearer"
    )
    kind = {"not-bearer": "missing"}.get(case, case)
    assert r.json()["type"].endswith(f"token-{kind}") and r.json()["detail"]


async def test_whoami_says_who_the_token_is(api):
    r = await api.client.get("/v1/whoami", headers=api.token("bob", "payments", incident=INC))
    assert r.json() | {"token_id": None, "expires_at": None} == {
        "person": "bob", "team": "payments", "reach": f"incident {INC}", "incident": INC,
        "permission": "write", "expires_at": None, "token_id": None,
    }  # fmt: skip


async def test_put_creates_once_and_scopes_by_team(api):
    alice = api.token()
    r1 = await api.client.put(f"/v1/incidents/{INC}", headers=alice, json={})
    r2 = await api.client.put(f"/v1/incidents/{INC}", headers=alice, json={})
    assert (r1.status_code, r2.status_code) == (201, 200)
    other_team = await api.client.put(f"/v1/incidents/{INC}", headers=api.token("eve", "other"))
    assert other_team.status_code == 403 and "another team" in other_team.json()["detail"]
    scoped = api.token(incident="some-other-id")
    assert (await api.client.put(f"/v1/incidents/{INC}", headers=scoped)).status_code == 403
    listed = (await api.client.get("/v1/incidents", headers=alice)).json()["incidents"]
    assert [i["id"] for i in listed] == [INC]
    assert (await api.client.get("/v1/incidents", headers=api.token("eve", "other"))).json() == {
        "incidents": []
    }


async def test_push_answers_each_event(api):
    alice = api.token()
    await api.client.put(f"/v1/incidents/{INC}", headers=alice)
    e1, e2 = api.event(), api.event()
    forged = api.event(author="bob")
    changed = dict(e1, body={"kind": "note", "text": "changed"})
    elsewhere = api.event(incident="another-incident")
    broken = dict(api.event(), body={"kind": "severity_set", "severity": "SEV9"})
    huge = api.event(body={"kind": "note", "text": "x" * 200_000})
    huge["body"]["link"] = "y" * 150_000
    batch = [e1, e2, e1, forged, changed, elsewhere, broken, "not an object", huge]
    r = await api.client.post(f"/v1/incidents/{INC}/events", headers=alice, json={"events": batch})
    assert r.status_code == 200
    res = r.json()["results"]
    assert [x["status"] for x in res] == ["created", "created", "duplicate", "created"] + [
        "rejected"
    ] * 5
    assert [res[0]["seq"], res[1]["seq"], res[2]["seq"], res[3]["seq"]] == [1, 2, 1, 3]
    reasons = [x["reason"] for x in res[4:]]
    assert reasons[0] == "same id with different content"
    assert reasons[1].startswith("schema") and "another-incident" in reasons[1]
    assert reasons[2].startswith("schema: body.severity_set.severity")
    assert reasons[3].startswith("schema")
    assert reasons[4].startswith("too large")
    # An event written by bob and pushed by alice is kept as recorded on his behalf: who
    # pushed each event comes with it, beside its content.
    pulled = (await api.client.get(f"/v1/incidents/{INC}/events", headers=alice)).json()
    assert [(x["event"]["author"], x["pushed_by"]) for x in pulled["events"]] == [
        ("alice", "alice"), ("alice", "alice"), ("bob", "alice"),
    ]  # fmt: skip
    assert all("pushed_by" not in x["event"] for x in pulled["events"])
    again = await api.client.post(f"/v1/incidents/{INC}/events", headers=alice,
                                  json={"events": [e2, e1]})  # fmt: skip
    assert [(x["status"], x["seq"]) for x in again.json()["results"]] == [
        ("duplicate", 2), ("duplicate", 1)
    ]  # fmt: skip


async def test_push_limits_and_unknown_incident(api):
    alice = api.token()
    r = await api.client.post(f"/v1/incidents/{INC}/events", headers=alice, json={"events": []})
    assert r.status_code == 404 and r.json()["type"].endswith("unknown-incident")
    await api.client.put(f"/v1/incidents/{INC}", headers=alice)
    many = [api.event() for _ in range(501)]
    r = await api.client.post(f"/v1/incidents/{INC}/events", headers=alice, json={"events": many})
    assert r.status_code == 413 and r.json()["max_events"] == 500
    big = [api.event(body={"kind": "note", "text": "x" * 250_000}) for _ in range(5)]
    r = await api.client.post(f"/v1/incidents/{INC}/events", headers=alice, json={"events": big})
    assert r.status_code == 413 and r.headers["content-type"] == PROBLEM
    r = await api.client.post(f"/v1/incidents/{INC}/events", headers=alice, content=b"{nope")
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM


async def test_a_clock_far_ahead_is_capped_and_the_author_kept(api):
    alice = api.token()
    await api.client.put(f"/v1/incidents/{INC}", headers=alice)
    e = api.event()
    e["hlc"] = "999999999999999.000000"
    (res,) = (await api.client.post(f"/v1/incidents/{INC}/events", headers=alice,
                                    json={"events": [e]})).json()["results"]  # fmt: skip
    assert res["status"] == "created" and res["hlc"] < e["hlc"]
    pulled = (await api.client.get(f"/v1/incidents/{INC}/events", headers=alice)).json()
    assert pulled["events"][0]["event"]["hlc"] == res["hlc"]
    assert pulled["events"][0]["event"]["author"] == "alice"


async def test_pull_after_a_cursor_in_seq_order(api):
    alice = api.token()
    await api.client.put(f"/v1/incidents/{INC}", headers=alice)
    events = [api.event() for _ in range(7)]
    await api.client.post(f"/v1/incidents/{INC}/events", headers=alice, json={"events": events})
    url = f"/v1/incidents/{INC}/events"
    page = (await api.client.get(url, headers=alice, params={"limit": 3})).json()
    assert [x["seq"] for x in page["events"]] == [1, 2, 3]
    assert page["cursor"] == f"{page['epoch']}:3" and page["last_seq"] == 7
    assert page["after_id"] is None  # nothing at seq 0
    rest = (await api.client.get(url, headers=alice, params={"after": page["cursor"]})).json()
    assert [x["event"]["id"] for x in rest["events"]] == [e["id"] for e in events[3:]]
    assert rest["cursor"] == f"{page['epoch']}:7"
    assert rest["after_id"] == events[2]["id"]  # what the server holds at the cursor's seq
    old = await api.client.get(url, headers=alice, params={"after": "stale-epoch:3"})
    assert old.status_code == 409 and old.json()["epoch"] == page["epoch"]
    ahead = await api.client.get(url, headers=alice, params={"after": f"{page['epoch']}:99"})
    assert ahead.status_code == 409  # the server lost events it once had: start over
    bad = await api.client.get(url, headers=alice, params={"after": "nonsense"})
    assert bad.status_code == 400 and bad.json()["type"].endswith("bad-cursor")
    assert (await api.client.get(url, headers=alice, params={"wait": 26})).status_code == 422
    listed = (await api.client.get("/v1/incidents", headers=alice)).json()["incidents"]
    assert listed[0]["last_seq"] == 7


async def test_a_parked_pull_is_woken_by_a_push(api):
    alice, bob = api.token(), api.token("bob")
    await api.client.put(f"/v1/incidents/{INC}", headers=alice)
    url = f"/v1/incidents/{INC}/events"
    parked = asyncio.create_task(api.client.get(url, headers=bob, params={"wait": 20}))
    await _until_parked(api, 1)
    e = api.event()
    await api.client.post(url, headers=alice, json={"events": [e]})
    page = (await parked).json()
    assert [x["event"]["id"] for x in page["events"]] == [e["id"]]
    empty = await api.client.get(url, headers=bob, params={"after": page["cursor"], "wait": 0.05})
    assert empty.json()["events"] == [] and empty.json()["cursor"] == page["cursor"]


async def _until_parked(api, n: int) -> None:
    """Let the loop run until `n` pulls wait in the server (the condition, not a delay)."""
    waker = api.client._transport.app.state.waker
    loop = asyncio.get_running_loop()
    end = loop.time() + 10
    while waker.parked() < n:
        assert loop.time() < end, "the pull never parked"
        tick = loop.create_future()
        loop.call_later(0.002, tick.set_result, None)
        await tick


async def test_listing_shows_title_severity_phase(api):
    alice = api.token()
    await api.client.put(f"/v1/incidents/{INC}", headers=alice)
    events = [
        api.event(body={"kind": "incident_declared", "title": "Checkout down"}),
        api.event(body={"kind": "severity_set", "severity": "SEV2"}),
        api.event(body={"kind": "phase_set", "phase": "mitigating"}),
        api.event(body={"kind": "field_set", "field": "title", "value": "Checkout API errors"}),
    ]
    await api.client.post(f"/v1/incidents/{INC}/events", headers=alice, json={"events": events})
    (item,) = (await api.client.get("/v1/incidents", headers=alice)).json()["incidents"]
    assert (item["title"], item["severity"], item["phase"]) == (
        "Checkout API errors", "SEV2", "mitigating",
    )  # fmt: skip
    redact = api.event(body={"kind": "entry_redacted", "target": events[3]["id"],
                             "reason": "a secret in the title"})  # fmt: skip
    await api.client.post(f"/v1/incidents/{INC}/events", headers=alice, json={"events": [redact]})
    (item,) = (await api.client.get("/v1/incidents", headers=alice)).json()["incidents"]
    assert item["title"] == "█ redacted"  # the list never shows what was redacted


async def test_unknown_paths_and_methods_are_problems_too(api):
    r = await api.client.get("/nope")
    assert r.status_code == 404 and r.headers["content-type"] == PROBLEM
    r = await api.client.delete(f"/v1/incidents/{INC}", headers=api.token())
    assert r.status_code == 405 and r.headers["content-type"] == PROBLEM
