"""`cockpit ask` through the real server on 127.0.0.1: with an `ask` token (kept per server URL
in the config, or COCKPIT_TOKEN) a stakeholder asks, waits for the answer and reads the
stakeholder view; a `read` token cannot ask. And `cockpit ask INC-n --wait` on a joined
incident gets an answer written on another terminal, through the server."""

from __future__ import annotations

import json
import socket
import threading

import httpx
import pytest

from cockpit import settings
from cockpit.cli.main import main
from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.server.auth import create_token
from tests.conftest import T0

INC = "0196e1a4-0000-7000-8000-00000000c0de"


def _token(server, person: str, permission: str) -> str:
    return create_token(server.storage, person=person, team="sre", incident=None, now=0,
                        expires_at=None, permission=permission)[1]  # fmt: skip


@pytest.fixture
def shared(server):
    """An incident on the server, made by alice with a write token."""
    write = _token(server, "alice", "write")
    clock = FakeClock(T0)
    http = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {write}"})
    assert http.put(f"/v1/incidents/{INC}", json={}).status_code == 201

    def push(body: dict) -> None:
        clock.advance(1)
        e = json.loads(new_event(INC, "alice", body, clock).model_dump_json())
        r = http.post(f"/v1/incidents/{INC}/events", json={"events": [e]})
        assert r.json()["results"][0]["status"] == "created", r.text

    push({"kind": "incident_declared", "title": "EU card payments fail", "severity": "SEV2"})
    push({"kind": "evidence", "text": "secret-token in the logs"})
    yield push
    http.close()


def _asked(server) -> list[dict]:
    rows = server.storage.of_kinds(INC, ["question_asked"])
    return [json.loads(js) for _, js, _ in rows]


def _answer_when_asked(server, push, how: dict) -> threading.Thread:
    """Another terminal: once the question reaches the server, settle it."""

    def go() -> None:
        ready = threading.Event()
        for _ in range(3000):
            asked = _asked(server)
            if asked:
                push({"kind": "question_settled", "target": asked[-1]["id"], **how})
                return
            ready.wait(0.01)

    t = threading.Thread(target=go, daemon=True)
    t.start()
    return t


def test_a_stakeholder_asks_waits_and_reads_the_answer(server, shared, tmp_path, capsys):
    settings.save_token(server.url, _token(server, "vp", "ask"))  # `cockpit join --token` did
    db = ["--db", str(tmp_path / "vp.sqlite3")]  # a stakeholder may have no file at all
    t = _answer_when_asked(server, shared, {"how": "answered", "text": "Yes, per the SLA"})
    code = main([*db, "ask", server.url, INC, "Will EU customers get a credit?",
                 "--from", "VP Sales", "--wait", "--timeout", "60"])  # fmt: skip
    t.join(10)
    out = capsys.readouterr()
    assert code == 0, out.err
    qid, answer = out.out.splitlines()
    assert answer.startswith("answered by alice at ") and answer.endswith(": Yes, per the SLA")
    [asked] = _asked(server)
    assert asked["id"].endswith(qid) and asked["author"] == "vp"
    assert asked["body"]["from"] == "VP Sales"
    assert main([*db, "ask", server.url, INC, "--view"]) == 0
    view = capsys.readouterr().out
    assert "EU card payments fail" in view and "Yes, per the SLA" in view
    assert "secret-token" not in view
    assert not (tmp_path / "vp.sqlite3").exists()  # nothing local was needed


def test_a_deferred_question_is_answered_by_the_next_update(server, shared, capsys,
                                                             monkeypatch):  # fmt: skip
    monkeypatch.setenv("COCKPIT_TOKEN", _token(server, "vp", "ask"))
    t = _answer_when_asked(server, shared, {"how": "deferred"})

    def then_update() -> None:
        t.join(30)
        shared({"kind": "status_update", "audience": "exec",
                "text": "Asked:\n- vp: Credit?\n  Answer: Credits: yes\nIC: ann"})  # fmt: skip

    u = threading.Thread(target=then_update, daemon=True)
    u.start()
    code = main(["ask", server.url, INC, "Credit?", "--wait", "--timeout", "60"])
    u.join(10)
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.out.splitlines()[1].endswith(": Credits: yes")


def test_a_read_token_cannot_ask_and_says_so(server, shared, capsys, monkeypatch):
    monkeypatch.setenv("COCKPIT_TOKEN", _token(server, "watcher", "read"))
    assert main(["ask", server.url, INC, "Can I?"]) == 1
    # (the server runs in this process: its log may write here too)
    [err] = [x for x in capsys.readouterr().err.splitlines() if x.startswith("cockpit:")]
    assert "may read, not ask the IC" in err and "the question was not asked" in err
    assert _asked(server) == []


def test_no_token_or_no_server(server, shared, capsys):
    assert main(["ask", server.url, INC, "Anyone?"]) == 2
    assert "no token for" in capsys.readouterr().err
    settings.save_token("http://127.0.0.1:9", "cpt_x")
    assert main(["ask", "http://127.0.0.1:9", INC, "Anyone?"]) == 1
    err = capsys.readouterr().err
    assert "cannot reach" in err and "the question was not asked" in err


def test_ask_wait_on_a_joined_incident_hears_the_answer_through_the_server(
    server, shared, tmp_path, capsys
):
    """The waiting terminal syncs while it waits: the answer is written on another one."""
    db = ["--db", str(tmp_path / "scribe.sqlite3")]
    assert main([*db, "join", server.url, INC, "--token", _token(server, "scribe", "write"),
                 "--name", "scribe"]) == 0  # fmt: skip
    capsys.readouterr()
    t = _answer_when_asked(server, shared, {"how": "answered", "text": "Yes"})
    code = main([*db, "ask", "INC-1", "Credit?", "--from", "VP Sales", "--wait",
                 "--timeout", "60"])  # fmt: skip
    t.join(10)
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.out.splitlines()[-1].endswith(": Yes")
    assert [a["author"] for a in _asked(server)] == ["scribe"]  # pushed while it waited
    assert not [x for x in threading.enumerate() if x.name in ("cockpit-ask-sync", "cockpit-sync")]


def test_join_with_an_ask_token_keeps_it_and_points_to_ask(server, shared, tmp_path, capsys):
    db = ["--db", str(tmp_path / "vp.sqlite3")]
    ask_token = _token(server, "vp", "ask")
    assert main([*db, "join", server.url, INC, "--token", ask_token]) == 1
    err = capsys.readouterr().err
    assert "may only ask" in err and f"cockpit ask {server.url} ID --view" in err
    assert settings.load().token_for(server.url) == ask_token  # kept for `cockpit ask`
    assert main([*db, "ask", server.url, INC, "Credit?"]) == 0


def test_an_unknown_incident_says_where_the_ids_are(server, shared, capsys, monkeypatch):
    monkeypatch.setenv("COCKPIT_TOKEN", _token(server, "vp", "ask"))
    assert main(["ask", server.url, "INC-3", "Credit?"]) == 1
    err = capsys.readouterr().err
    assert "no incident INC-3 here" in err and "the question was not asked" in err
    assert f"`cockpit join {server.url}` lists its incidents" in err


def test_the_wait_goes_on_while_the_server_restarts(tmp_path, capsys, monkeypatch):
    from cockpit.server.run import ServerThread
    from cockpit.server.storage.sqlite import SQLiteStorage

    storage = SQLiteStorage(tmp_path / "server.sqlite3")
    first = ServerThread(storage).start()
    monkeypatch.setenv("COCKPIT_TOKEN", _token(first, "vp", "ask"))
    write = _token(first, "alice", "write")
    clock = FakeClock(T0)

    def push(url: str, body: dict) -> None:
        clock.advance(1)
        e = json.loads(new_event(INC, "alice", body, clock).model_dump_json())
        httpx.post(f"{url}/v1/incidents/{INC}/events", json={"events": [e]},
                   headers={"Authorization": f"Bearer {write}"}).raise_for_status()  # fmt: skip

    httpx.put(f"{first.url}/v1/incidents/{INC}", json={},
              headers={"Authorization": f"Bearer {write}"}).raise_for_status()  # fmt: skip
    servers = [first]

    def restart_then_answer() -> None:
        ready = threading.Event()
        for _ in range(3000):
            if _asked(first):
                break
            ready.wait(0.01)
        first.stop(close_storage=False)  # the server goes away while the asker waits
        with socket.socket() as broken:  # and a port that hangs up is what it finds next
            broken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            broken.bind(("127.0.0.1", first.port))
            broken.listen()
            broken.settimeout(20)
            conn, _ = broken.accept()
            conn.close()
        again = ServerThread(storage, port=first.port).start()
        servers.append(again)
        push(again.url, {"kind": "question_settled", "target": _asked(again)[-1]["id"],
                         "how": "answered", "text": "Yes"})  # fmt: skip

    t = threading.Thread(target=restart_then_answer, daemon=True)
    t.start()
    try:
        code = main(["ask", first.url, INC, "Credit?", "--wait", "--timeout", "60"])
    finally:
        t.join(20)
        servers[-1].stop()
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.out.splitlines()[-1].endswith(": Yes")
    assert "still waiting (the question was asked)" in out.err
