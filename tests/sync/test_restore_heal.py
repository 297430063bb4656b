"""A server restored from a backup WITHOUT `cockpit serve new-epoch` loses nothing silently.

The backup is a real copy of the server's database file; the server is the real one, stopped
and started again on the same port. Alice's entries pushed after the backup are gone from the
restored server, and Bob's new entries take their sequence numbers: comparing the highest seq
tells nothing. Each client checks what the server holds at the seqs it acknowledged (and at
its cursor), pushes again what is missing, and says so on the status line."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import UTC
from pathlib import Path

from cockpit.cli.main import main
from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage
from cockpit.store import Store
from tests.sync.helpers import Terminal, token, until


def server_ids(db: Path, incident: str) -> list[tuple[int, str]]:
    with closing(sqlite3.connect(db)) as c:  # closed: an open reader would keep the WAL
        return c.execute(
            "SELECT seq, id FROM events WHERE incident = ? ORDER BY seq", (incident,)
        ).fetchall()


class Server:
    """The real server over one SQLite file, stopped and started on one port."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.thread = ServerThread(SQLiteStorage(db)).start()
        self.port, self.url = self.thread.port, self.thread.url

    @property
    def storage(self):
        return self.thread.storage

    def stop(self) -> None:
        self.thread.stop()  # closes the database: its WAL is checkpointed into the file

    def start(self) -> None:
        self.thread = ServerThread(SQLiteStorage(self.db), port=self.port).start()

    def backup(self, to: Path) -> None:
        self.stop()
        shutil.copyfile(self.db, to)  # a plain file copy, as an operator's backup job does
        self.start()

    def restore(self, backup: Path) -> None:
        self.stop()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(backup, self.db)  # no `cockpit serve new-epoch`: the silent case
        self.start()


def cli(path: Path, name: str, *argv: str, capsys=None) -> tuple[int, str]:
    code = main(["--db", str(path), "--author", name, *argv])
    out = capsys.readouterr() if capsys else None
    return code, (out.out + out.err) if out else ""


def test_entries_the_restored_server_lost_are_sent_again(tmp_path, capsys, monkeypatch):
    """The case as reported: alice's notes pushed by `cockpit note` after the backup."""
    server = Server(tmp_path / "server.sqlite3")
    tokens = {p: token(server.storage, p) for p in ("alice", "bob")}
    a, b = tmp_path / "alice.sqlite3", tmp_path / "bob.sqlite3"
    try:
        monkeypatch.setenv("COCKPIT_TOKEN", tokens["alice"])
        assert cli(a, "alice", "declare", "Checkout API errors")[0] == 0
        assert cli(a, "alice", "join", server.url, "INC-1")[0] == 0
        incident = Store.open(a).incidents()[0].id
        monkeypatch.setenv("COCKPIT_TOKEN", tokens["bob"])
        assert cli(b, "bob", "join", server.url, incident)[0] == 0
        server.backup(tmp_path / "backup.sqlite3")

        monkeypatch.setenv("COCKPIT_TOKEN", tokens["alice"])
        for k in range(20):
            assert cli(a, "alice", "note", "INC-1", f"alice {k}")[0] == 0  # pushed on exit
        assert len(server_ids(server.db, incident)) == 21
        server.restore(tmp_path / "backup.sqlite3")
        assert len(server_ids(server.db, incident)) == 1  # alice's 20 are gone

        monkeypatch.setenv("COCKPIT_TOKEN", tokens["bob"])
        for k in range(30):
            assert cli(b, "bob", "note", "INC-1", f"bob {k}")[0] == 0
        assert len(server_ids(server.db, incident)) == 31  # past where alice's were

        monkeypatch.setenv("COCKPIT_TOKEN", tokens["alice"])
        capsys.readouterr()
        code, said = cli(a, "alice", "sync", "--once", capsys=capsys)
        assert code == 0 and "server lost 20 entries; sent them again" in said, said
        monkeypatch.setenv("COCKPIT_TOKEN", tokens["bob"])
        assert cli(b, "bob", "sync", "--once")[0] == 0

        rows = server_ids(server.db, incident)
        assert [s for s, _ in rows] == list(range(1, 52))  # nothing lost, nothing doubled
        with Store.open(a) as sa, Store.open(b) as sb:
            ids_a = {e.id for e in sa.events(incident)}
            ids_b = {e.id for e in sb.events(incident)}
            assert ids_a == ids_b == {i for _, i in rows}
            texts = [e.body.describe(tz=UTC) for e in sb.events(incident)]
            assert sum(t.startswith("alice ") for t in texts) == 20
    finally:
        server.stop()


async def test_a_running_terminal_notices_the_history_changed_under_its_cursor(tmp_path):
    """Alice's screen had pulled her own entries (its cursor is past them); Bob wrote past
    that seq on the restored server before she came back."""
    server = Server(tmp_path / "server.sqlite3")
    alice = Terminal(tmp_path, "alice", token(server.storage, "alice"))
    bob = Terminal(tmp_path, "bob", token(server.storage, "bob"))
    incident = alice.declare()
    for t in (alice, bob):
        t.join(incident, server.url)
    try:
        await alice.start()
        await until(lambda: len(server_ids(server.db, incident)) == 1, "the declaration")
        server.backup(tmp_path / "backup.sqlite3")
        for k in range(20):
            alice.note(incident, f"alice {k}")
        await until(lambda: len(server_ids(server.db, incident)) == 21, "alice's 20 pushed")
        from cockpit.store.outbox import SyncBook

        await until(lambda: SyncBook(alice.store).link(incident).cursor == 21, "alice pulled")
        await alice.stop()
        server.restore(tmp_path / "backup.sqlite3")

        await bob.start()
        for k in range(30):
            bob.note(incident, f"bob {k}")
        await until(lambda: len(server_ids(server.db, incident)) == 31, "bob's 30 pushed")

        await alice.start()
        await until(lambda: len(server_ids(server.db, incident)) == 51, "alice's 20 again")
        # The line says "sending them again" while any is still on its way, then "sent": wait
        # for the settled line (asserting it at once raced the push's status under load).
        said = "server lost 20 entries; sent them again"
        await until(lambda: said in alice.engine.status(incident).line(), "said on the line")
        assert alice.engine.status(incident).resent == 20
        await until(lambda: len(alice.ids(incident)) == len(bob.ids(incident)) == 51, "all")
        assert alice.ids(incident) == bob.ids(incident) == {i for _, i in server_ids(server.db,
                                                                                     incident)}  # fmt: skip
        assert [s for s, _ in server_ids(server.db, incident)] == list(range(1, 52))
        assert alice.pending(incident) == bob.pending(incident) == 0
    finally:
        await alice.stop()
        await bob.stop()
        server.stop()
