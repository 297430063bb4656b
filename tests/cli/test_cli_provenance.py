"""Who wrote it, who recorded it (SYNC.md): an entry written from this terminal under another
author (a bot's or a scribe's `--author`) shows "deploy-bot via alice" in every CLI view, as a
field of its own in JSON, before any server has seen it; a state change recorded on someone's
behalf takes effect like any other and says who recorded it."""

from __future__ import annotations

import json
from datetime import UTC

from cockpit.cli.timeline_cmds import follow
from cockpit.store import Store


def test_every_cli_view_shows_who_recorded_an_entry_for_someone_else(cli, inc, db_path,
                                                                     monkeypatch):  # fmt: skip
    monkeypatch.setenv("COCKPIT_NAME", "alice")  # this terminal's configured name
    bot = cli.ok("note", inc, "deploy 42 finished", "--author", "deploy-bot")
    cli.ok("severity", inc, "SEV1", "--reason", "all EU", "--author", "deploy-bot")
    mine = cli.ok("note", inc, "by alice herself")

    lines = cli.ok("timeline", inc).splitlines()
    (row,) = [ln for ln in lines if bot in ln]
    assert "deploy-bot via alice" in row and row.endswith("deploy 42 finished")
    (own,) = [ln for ln in lines if mine in ln]
    assert " via " not in own and "alice" in own

    rows = {r["short"]: r for r in cli.timeline()}
    assert rows[bot]["author"] == "deploy-bot" and rows[bot]["recorded_by"] == "alice"
    assert "recorded_by" not in rows[mine]  # only when it is not the author

    shown = cli.ok("show", inc).splitlines()
    (sev,) = [ln for ln in shown if ln.startswith("Severity")]
    assert sev.startswith("Severity  SEV1") and sev.endswith("(by deploy-bot via alice)")

    out: list[str] = []
    with Store.open(db_path) as reader:
        follow(reader, reader.incident(inc).id, out.append, backlog=3, tz=UTC,
               stop=lambda: True)  # fmt: skip
    assert sum("deploy-bot via alice" in ln for ln in out) == 2
    with Store.open(db_path) as reader:
        follow(reader, reader.incident(inc).id, out.append, backlog=3, as_json=True, tz=UTC,
               stop=lambda: True)  # fmt: skip
    assert [json.loads(x).get("recorded_by") for x in out[-3:]] == ["alice", "alice", None]
