"""Issue 14's check, against the real server on 127.0.0.1: an `ask` token can ask and read the
stakeholder view but cannot write anything else or see evidence; a `read` token cannot ask.
The view holds the incident's title, severity, phase, impact, the updates meant for
stakeholders and the asker's own questions with their answers, and nothing else."""

from __future__ import annotations

import json
import threading
import uuid

import httpx
import pytest

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.server.auth import create_token
from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage
from tests.conftest import T0

INC = "0196e1a4-0000-7000-8000-00000000c0de"
OTHER = "0196e1a4-0000-7000-8000-0000000000ff"
PROBLEM = "application/problem+json"
SECRETS = ("hunter2", "secret-token", "blame the vendor", "restart db-7", "pool exhausted")


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Live:
    def __init__(self, server: ServerThread, tokens: dict[str, str]) -> None:
        self.server, self.tokens, self.clock = server, tokens, FakeClock(T0)
        self.http = httpx.Client(base_url=server.url, timeout=20)
        self.url = f"/v1/incidents/{INC}"

    def push(self, body: dict, author: str = "alice-person", incident: str = INC) -> dict:
        self.clock.advance(1)
        e = json.loads(new_event(incident, author, body, self.clock).model_dump_json())
        r = self.http.post(f"/v1/incidents/{incident}/events", headers=_auth(self.tokens["write"]),
                           json={"events": [e]})  # fmt: skip
        assert [x["status"] for x in r.json()["results"]] == ["created"], r.text
        return e

    def ask(self, token: str, text: str, **extra) -> httpx.Response:
        return self.http.post(f"{self.url}/questions", headers=_auth(self.tokens[token]),
                              json={"text": text, **extra})  # fmt: skip

    def view(self, token: str, **params) -> httpx.Response:
        return self.http.get(f"{self.url}/stakeholder", headers=_auth(self.tokens[token]),
                             params=params)  # fmt: skip


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def live(tmp_path, request):
    if request.param == "postgres":
        from cockpit.server.storage.postgres import PostgresStorage

        storage = PostgresStorage(request.getfixturevalue("pg_url"))
    else:
        storage = SQLiteStorage(tmp_path / "server.sqlite3")
    people = {"read": "read", "ask": "ask", "cfo": "ask", "write": "write", "limited": "ask"}
    tokens = {
        name: create_token(storage, person=f"{name}-person", team="sre", now=0, expires_at=None,
                           incident=OTHER if name == "limited" else None, permission=perm)[1]
        for name, perm in people.items()
    }  # fmt: skip
    server = ServerThread(storage).start()
    lv = Live(server, tokens)
    assert lv.http.put(lv.url, headers=_auth(tokens["write"]), json={}).status_code == 201
    lv.push({"kind": "incident_declared", "title": "EU card payments fail", "severity": "SEV2",
             "impact": "EU customers cannot pay by card"})  # fmt: skip
    lv.push({"kind": "note", "text": "db-7 password is hunter2"})
    lv.push({"kind": "evidence", "text": "ERROR auth secret-token rejected"})
    lv.push({"kind": "decision", "text": "internal: blame the vendor"})
    lv.push({"kind": "hypothesis", "text": "pool exhausted"})
    lv.push({"kind": "status_update", "text": "restart db-7 at 14:10", "audience": "responders"})
    lv.push({"kind": "status_update", "text": "restart db-7 first", "audience": "internal"})
    lv.push({"kind": "status_update", "text": "Card payments fail in the EU; next update 14:30",
             "audience": "exec", "next_in_minutes": 30})  # fmt: skip
    oops = lv.push({"kind": "status_update", "text": "token secret-token", "audience": "exec"})
    lv.push({"kind": "entry_redacted", "target": oops["id"], "reason": "a secret"})
    try:
        yield lv
    finally:
        lv.http.close()
        server.stop()


def test_an_ask_token_asks_and_the_server_records_it_on_the_askers_behalf(live):
    r = live.ask("ask", "Will EU customers get a credit?", **{"from": "VP Sales"})
    assert r.status_code == 201, r.text
    asked = r.json()
    assert asked["question"]["status"] == "open" and asked["question"]["from"] == "VP Sales"
    page = live.http.get(f"{live.url}/events", headers=_auth(live.tokens["read"])).json()
    [item] = [x for x in page["events"] if x["event"]["id"] == asked["id"]]
    assert item["seq"] == asked["seq"] and item["pushed_by"] == "ask-person"
    assert item["event"]["author"] == "ask-person"  # who recorded it: the token's person
    assert item["event"]["body"] == {"kind": "question_asked", "from": "VP Sales",
                                     "text": "Will EU customers get a credit?"}  # fmt: skip
    # without `from`, the token's person asks
    mine = live.ask("ask", "ETA?").json()
    assert mine["question"]["from"] == "ask-person"


def test_the_stakeholder_view_has_the_facts_and_the_askers_own_questions_only(live):
    q = live.ask("ask", "Will EU customers get a credit?", **{"from": "VP Sales"}).json()
    live.ask("cfo", "What does it cost us?")
    live.push({"kind": "question_settled", "target": q["id"], "how": "answered",
               "text": "Yes, per the SLA"})  # fmt: skip
    r = live.view("ask")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    view = r.json()
    for secret in SECRETS:
        assert secret not in r.text, secret
    assert "What does it cost us?" not in r.text  # another asker's question
    assert (view["title"], view["severity"], view["phase"], view["impact"]) == (
        "EU card payments fail", "SEV2", "declared", "EU customers cannot pay by card")  # fmt: skip
    assert [u["text"] for u in view["updates"]] == [
        "Card payments fail in the EU; next update 14:30"]  # fmt: skip
    [mine] = view["questions"]
    assert (mine["id"], mine["status"], mine["answer"], mine["settled_by"]) == (
        q["id"], "answered", "Yes, per the SLA", "alice-person")  # fmt: skip
    assert view["incident"] == INC and view["seq"] > 0 and view["next_update_at"]


def test_an_ask_token_cannot_push_create_or_pull_the_events(live):
    e = json.loads(new_event(INC, "ask-person", {"kind": "note", "text": "x"},
                             live.clock).model_dump_json())  # fmt: skip
    pushed = live.http.post(f"{live.url}/events", headers=_auth(live.tokens["ask"]),
                            json={"events": [e]})  # fmt: skip
    assert pushed.status_code == 403 and pushed.json()["type"].endswith("permission-read-only")
    made = live.http.put(f"/v1/incidents/{OTHER}", headers=_auth(live.tokens["ask"]), json={})
    assert made.status_code == 403
    for after in ("0", "x:1"):
        pulled = live.http.get(f"{live.url}/events", headers=_auth(live.tokens["ask"]),
                               params={"after": after, "wait": 1})  # fmt: skip
        assert pulled.status_code == 403 and pulled.headers["content-type"] == PROBLEM
        assert "hunter2" not in pulled.text
    # a question body cannot smuggle an event in: only text, from and id are taken
    r = live.ask("ask", "hi", kind="note", body={"kind": "evidence"})
    assert r.status_code == 422 and r.headers["content-type"] == PROBLEM
    page = live.http.get(f"{live.url}/events", headers=_auth(live.tokens["read"])).json()
    assert {x["pushed_by"] for x in page["events"]} == {"write-person"}


def test_a_read_token_cannot_ask_but_reads_the_view(live):
    r = live.ask("read", "Can I ask?")
    assert r.status_code == 403 and r.headers["content-type"] == PROBLEM
    assert r.json()["type"].endswith("permission-no-ask") and "ask token" in r.json()["detail"]
    view = live.view("read").json()
    assert view["questions"] == [] and view["title"] == "EU card payments fail"


def test_reach_unknown_incidents_and_bad_questions(live):
    r = live.ask("limited", "Other incident?")
    assert r.status_code == 403 and r.json()["type"].endswith("forbidden-incident")
    assert live.view("limited").status_code == 403
    missing = live.http.get(f"/v1/incidents/{OTHER}/stakeholder", headers=_auth(live.tokens["ask"]))
    assert missing.status_code == 404
    for body in ({"text": "   "}, {"text": "x" * 4001}, {"text": "ok", "from": " "},
                 {"text": "ok", "id": "not-a-uuid"}):  # fmt: skip
        r = live.http.post(f"{live.url}/questions", headers=_auth(live.tokens["ask"]), json=body)
        assert r.status_code == 422 and r.headers["content-type"] == PROBLEM, body


def test_a_retry_with_the_same_id_never_asks_twice(live):
    qid = str(uuid.uuid4())
    first = live.ask("ask", "Credit?", id=qid)
    again = live.ask("ask", "Credit?", id=qid)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["seq"] == again.json()["seq"] and again.json()["id"] == qid
    assert len(live.view("ask").json()["questions"]) == 1
    other = live.ask("ask", "Something else", id=qid)
    assert other.status_code == 409 and other.json()["type"].endswith("question-id-taken")
    taken = live.ask("cfo", "Credit?", id=qid)  # another person, the same id
    assert taken.status_code == 409


def test_the_view_long_polls_until_the_answer_not_a_note(live):
    q = live.ask("ask", "Credit?").json()
    seq = live.view("ask").json()["seq"]
    got: dict = {}

    def parked() -> None:
        got["r"] = httpx.get(f"{live.server.url}{live.url}/stakeholder", timeout=25,
                             params={"since": seq, "wait": 20}, headers=_auth(live.tokens["ask"]))  # fmt: skip

    t = threading.Thread(target=parked)
    t.start()
    _until_parked(live)
    live.push({"kind": "note", "text": "a note wakes nobody's view"})
    _until_parked(live)  # woken, the view had not changed: parked again
    assert "r" not in got
    live.push({"kind": "question_settled", "target": q["id"], "how": "answered", "text": "Yes"})
    t.join(20)
    view = got["r"].json()
    assert view["seq"] > seq and view["questions"][0]["answer"] == "Yes"


def _until_parked(live: Live) -> None:
    wait = threading.Event()
    for _ in range(2000):
        if live.http.get("/v1/health").json()["parked"] >= 1:
            return
        wait.wait(0.005)
    raise AssertionError("the view's long-poll never parked")
