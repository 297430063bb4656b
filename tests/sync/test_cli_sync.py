"""The CLI on a joined incident: join, a note pushed before the command exits, left pending
when the server is down, `cockpit sync --once`, a second file joining by id, leave."""

from __future__ import annotations

from datetime import UTC

from cockpit.cli.main import main
from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage
from cockpit.store import Store
from cockpit.store.outbox import SyncBook
from tests.sync.helpers import token


def _server_texts(storage, incident) -> list[str]:
    import json

    rows = storage.pull(incident, 0, 1000).rows
    return [json.loads(js)["body"].get("text", "") for _, js, _ in rows]


def test_cli_commands_on_a_joined_incident_sync(tmp_path, capsys, monkeypatch):
    db = tmp_path / "server.sqlite3"
    server = ServerThread(SQLiteStorage(db)).start()
    port, url = server.port, server.url
    alice, bob = token(server.storage, "alice"), token(server.storage, "bob")
    a = ["--db", str(tmp_path / "a.sqlite3"), "--author", "alice"]
    b = ["--db", str(tmp_path / "b.sqlite3"), "--author", "bob"]
    try:
        assert main([*a, "declare", "Checkout down"]) == 0
        assert main([*a, "join", url, "INC-1", "--token", "wrong"]) == 1
        assert "not known" in capsys.readouterr().err
        assert main([*a, "join", url, "INC-1", "--token", alice]) == 0
        out = capsys.readouterr().out
        assert "INC-1 is incident" in out and "sync: live" in out
        incident = Store.open(tmp_path / "a.sqlite3").incidents()[0].id
        assert main([*a, "note", "INC-1", "pushed before exit"]) == 0
        assert "pushed before exit" in _server_texts(server.storage, incident)

        server.stop()
        assert main([*a, "note", "INC-1", "written offline"]) == 0  # the note still succeeds
        err = capsys.readouterr().err
        assert "offline" in err and "1 pending" in err and "cockpit sync" in err
        assert main([*a, "sync", "--once", "--timeout", "2"]) == 1
        server = ServerThread(SQLiteStorage(db), port=port).start()
        assert main([*a, "sync", "--once"]) == 0
        assert "written offline" in _server_texts(server.storage, incident)

        monkeypatch.setenv("COCKPIT_TOKEN", bob)
        assert main([*b, "join", url]) == 0
        assert incident in capsys.readouterr().out  # the server's incidents, to pick one
        assert main([*b, "join", url, incident]) == 0
        assert "INC-1 is incident" in capsys.readouterr().out
        assert main([*b, "timeline", "INC-1"]) == 0
        shown = capsys.readouterr().out
        assert "pushed before exit" in shown and "written offline" in shown
        assert main([*b, "note", "INC-1", "bob was here"]) == 0
        assert main([*a, "sync", "INC-1", "--once"]) == 0
        with Store.open(tmp_path / "a.sqlite3") as s:
            assert "bob was here" in [e.body.describe(tz=UTC) for e in s.events(incident)]

        assert main([*b, "leave", "INC-1"]) == 0
        with Store.open(tmp_path / "b.sqlite3") as s:
            assert SyncBook(s).links() == [] and len(s.events(incident)) == 4
        assert main([*b, "sync", "--once"]) == 1
        assert "nothing joined" in capsys.readouterr().err
    finally:
        server.stop()
