"""An incident imported on another machine is shared like one written there: joined to the
real server, every imported event is pushed (and a third file that joins gets them all),
while what the server sends back under those ids is the same content, never a clash."""

from __future__ import annotations

import json
from datetime import UTC

from cockpit.cli.main import main
from cockpit.core.clock import FakeClock
from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage
from cockpit.store import Store
from cockpit.store.outbox import SyncBook
from tests.conftest import T0
from tests.sync.helpers import token


def test_an_imported_incident_is_pushed_once_joined(tmp_path, capsys):
    server = ServerThread(SQLiteStorage(tmp_path / "server.sqlite3")).start()
    clock = FakeClock(T0)
    a = ["--db", str(tmp_path / "a.sqlite3"), "--author", "alice"]
    b = ["--db", str(tmp_path / "b.sqlite3"), "--author", "bob"]
    c = ["--db", str(tmp_path / "c.sqlite3"), "--author", "carol"]
    try:
        assert main([*a, "declare", "Checkout down"], clock=clock, tz=UTC) == 0
        assert main([*a, "note", "INC-1", "from a's machine", "--author", "bot"], clock=clock,
                    tz=UTC) == 0  # fmt: skip
        export = tmp_path / "inc.json"
        assert main([*a, "export", "INC-1", "--format", "json", "-o", str(export)], clock=clock,
                    tz=UTC) == 0  # fmt: skip
        assert main([*b, "import", str(export)], clock=clock, tz=UTC) == 0
        incident = json.loads(export.read_text())["incident"]
        with Store.open(tmp_path / "b.sqlite3") as s:
            assert SyncBook(s).pending(incident) == []  # not joined: nothing to send
        bob = token(server.storage, "bob")
        assert main([*b, "join", server.url, "INC-1", "--token", bob], clock=clock, tz=UTC) == 0
        rows = server.storage.pull(incident, 0, 100).rows
        texts = [json.loads(js)["body"].get("text") for _, js, _ in rows]
        assert "from a's machine" in texts and len(rows) == 2
        with Store.open(tmp_path / "b.sqlite3") as s:
            book = SyncBook(s)
            assert book.pending_count(incident) == 0 and book.set_aside(incident) == []
        carol = token(server.storage, "carol")
        assert main([*c, "join", server.url, incident, "--token", carol], clock=clock, tz=UTC) == 0
        capsys.readouterr()
        assert main([*c, "timeline", "INC-1", "--json"], clock=clock, tz=UTC) == 0
        shown = json.loads(capsys.readouterr().out)
        # the bot's note: recorded by alice where it was written, pushed by bob from his file
        (note,) = [e for e in shown if e["text"] == "from a's machine"]
        assert note["author"] == "bot" and note["recorded_by"] == "bob"
    finally:
        server.stop()
