"""Entries the server refused are never invisible: `cockpit timeline` marks each with its reason,
`cockpit sync` lists them (one line each: short id, kind, first words, reason, shown safely),
and `cockpit sync --resend ID|all` sends a copy as a new event (the stored one never changes)
and marks the old one as sent again, so it is not listed again."""

from __future__ import annotations

import json

import httpx

from cockpit.cli.main import main
from cockpit.core.clock import SystemClock
from cockpit.core.compose import new_event
from cockpit.core.ids import short
from cockpit.store import Store
from cockpit.store.outbox import SyncBook
from tests.sync.helpers import token


def _server_texts(storage, incident) -> list[str]:
    rows = storage.pull(incident, 0, 1000).rows
    return [json.loads(js)["body"].get("text", "") for _, js, _ in rows]


def test_refused_entries_are_marked_listed_and_sent_again(server, tmp_path, capsys):
    alice = token(server.storage, "alice")
    bob = token(server.storage, "bob")
    a = ["--db", str(tmp_path / "a.sqlite3"), "--author", "alice"]
    assert main([*a, "declare", "Checkout down"]) == 0
    assert main([*a, "join", server.url, "INC-1", "--token", alice]) == 0
    capsys.readouterr()
    with Store.open(tmp_path / "a.sqlite3") as s:
        incident = s.incidents()[0].id
        clock = SystemClock()
        # an id the server already holds with other content (a teammate's event, say): the
        # push is refused; a note with a control sequence in it, and a big one, likewise
        taken = new_event(incident, "alice", {"kind": "note", "text": "mine \x1b]0;pwned\x07 ok"},
                          clock)  # fmt: skip
        big = new_event(incident, "alice", {"kind": "evidence", "text": "é" * 200_000}, clock)
    theirs = json.loads(taken.model_dump_json())
    theirs["author"], theirs["body"]["text"] = "bob", "bob got this id first"
    r = httpx.post(f"{server.url}/v1/incidents/{incident}/events", json={"events": [theirs]},
                   headers={"Authorization": f"Bearer {bob}"})  # fmt: skip
    assert r.json()["results"][0]["status"] == "created"
    with Store.open(tmp_path / "a.sqlite3") as s:
        s.append(taken)
        s.append(big)
    assert main([*a, "sync", "--once"]) == 0
    out = capsys.readouterr()
    assert "2 rejected — cockpit sync lists them" in out.out

    # the timeline marks both, with the reason and what to do
    assert main([*a, "timeline", "INC-1"]) == 0
    shown = capsys.readouterr().out
    assert f"✗ not shared: the server refused it: same id with different content; once that is " \
           f"fixed, `cockpit sync --resend {short(taken.id)}` sends a copy" in shown  # fmt: skip
    assert "✗ not shared: the server refused it: too large" in shown
    assert main([*a, "timeline", "INC-1", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[taken.id]["refused"] == "same id with different content"
    assert rows[taken.id]["sent_again"] is False and "refused" not in rows[incident_row(rows)]

    # `cockpit sync` lists them, one line each, safely
    assert main([*a, "sync", "--once"]) == 0
    listed = capsys.readouterr().out.splitlines()
    head = next(i for i, x in enumerate(listed) if "entries the server refused" in x)
    assert "--resend ID" in listed[head]
    one, two = listed[head + 1], listed[head + 2]
    assert one.startswith(f"{short(taken.id)}  note") and "mine ␛]0;pwned␇ ok" in one
    assert one.endswith("— refused: same id with different content")
    assert two.startswith(f"{short(big.id)}  evidence") and "— refused: too large" in two
    assert "\x1b" not in "\n".join(listed)

    # sending the first one again: a copy with a new id reaches the server; the old one stays,
    # unchanged, marked as sent again, and is not listed any more
    assert main([*a, "sync", "--resend", short(taken.id)]) == 0
    out = capsys.readouterr().out
    with Store.open(tmp_path / "a.sqlite3") as s:
        copy = [e for e in s.events(incident) if e.kind == "note" and e.id != taken.id]
        assert len(copy) == 1 and s.event(taken.id) == taken
        (copy,) = copy
        left = SyncBook(s).refused(incident)
        marks = SyncBook(s).marks(incident)
    assert f"{short(taken.id)} sent again as {short(copy.id)} (by alice)" in out
    assert (copy.body, copy.at, copy.author) == (taken.body, taken.at, "alice")
    assert "mine \x1b]0;pwned\x07 ok" in _server_texts(server.storage, incident)
    assert [r.event.id for r in left] == [big.id]
    assert marks[taken.id] == (f"same id with different content (sent again as {short(copy.id)})",
                               True)  # fmt: skip
    assert f"{short(taken.id)}  note" not in out  # listed no more
    assert main([*a, "timeline", "INC-1"]) == 0
    assert "↻ not shared: the server refused it (same id" in capsys.readouterr().out

    # nothing left to match, a bad id, then all
    assert main([*a, "sync", "--resend", "ffffffff"]) == 1
    assert "no refused entry 'ffffffff'" in capsys.readouterr().err
    assert main([*a, "sync", "--resend", "all"]) == 0
    out = capsys.readouterr().out
    assert f"{short(big.id)} sent again as" in out and "1 entry the server refused" in out
    with Store.open(tmp_path / "a.sqlite3") as s:
        assert [r.event.id for r in SyncBook(s).refused(incident)] != [big.id]  # the copy, now
        assert len(SyncBook(s).refused(incident)) == 1  # still too large: refused again, listed
        assert SyncBook(s).pending_count(incident) == 0


def incident_row(rows: dict) -> str:
    return next(k for k, r in rows.items() if r["kind"] == "incident_declared")


def test_sending_again_together_keeps_references_between_copies(tmp_path, clock):
    with Store.open(tmp_path / "f.sqlite3", create=True) as s:
        declared = new_event("inc-x", "root", {"kind": "incident_declared", "title": "t"}, clock)
        s.declare(declared)
        clock.advance(1)
        note = s.append(new_event("inc-x", "root", {"kind": "note", "text": "typo"}, clock))
        clock.advance(1)
        edit = s.append(new_event("inc-x", "root", {"kind": "entry_edited", "target": note.id,
                                                     "text": "fixed"}, clock))  # fmt: skip
        book = SyncBook(s, clock)
        book.join("inc-x", "http://127.0.0.1:9")
        book.mark("inc-x", [(e.id, "rejected", None, "author mismatch") for e in (note, edit)])
        done = book.resend(book.refused("inc-x"), "alice")
        (_, note2), (_, edit2) = done
        assert edit2.body.target == note2.id and note2.id != note.id
        assert {e.author for _, e in done} == {"alice"}
        assert book.refused("inc-x") == []
        assert s.state("inc-x").snapshot()  # folds
