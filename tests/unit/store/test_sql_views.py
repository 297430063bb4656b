"""The file's read-only views (schema _v4), queried the way a team would: with sqlite-utils'
Python API and its command line, on a real file. They must say what the screen says: the
title, severity and phase in force (last writer wins), an entry's text as it reads now (its
newest edit), and never the text of a redacted entry."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from cockpit.core.state import fold
from cockpit.core.vocabulary import Phase, Severity
from cockpit.store import Store
from tests.conftest import make


@pytest.fixture
def history(store: Store, clock, incident) -> dict[str, str]:
    """A small incident with every case the views handle; returns some event ids."""
    ids = {}
    for key, author, body in [
        ("title", "alice", {"kind": "field_set", "field": "title", "value": "Checkout 5xx"}),
        ("sev", "alice", {"kind": "severity_set", "severity": "SEV1", "reason": "all regions"}),
        ("phase", "alice", {"kind": "phase_set", "phase": "mitigating"}),
        ("note", "sam", {"kind": "note", "text": "pool at 16/50"}),
        ("decision", "alice", {"kind": "decision", "text": "roll back 4812"}),
        ("typo", "sam", {"kind": "note", "text": "errrors down"}),
        ("secret", "kim", {"kind": "evidence", "text": "token=hunter2", "link": "https://x/1"}),
        ("update", "lee", {"kind": "status_update", "text": "Rolling back."}),
    ]:
        e = make(incident, author, body, clock)
        store.append(e)
        ids[key] = e.id
    for body in (
        {"kind": "entry_edited", "target": ids["typo"], "text": "errors down?"},
        {"kind": "entry_edited", "target": ids["typo"], "text": "errors down"},  # the newest
        {"kind": "entry_redacted", "target": ids["secret"], "reason": "a credential"},
    ):
        store.append(make(incident, "sam", body, clock))
    return ids


def test_incident_overview_says_what_the_screen_says(store, db_path, incident, history):
    (row,) = sqlite_utils.Database(db_path).query("select * from incident_overview")
    state = fold(store.events(incident))
    assert (row["title"], row["severity"], row["phase"]) == (
        state.title, state.severity.value, state.phase.value)  # fmt: skip
    assert (row["title"], row["severity"], row["phase"]) == ("Checkout 5xx", "SEV1", "mitigating")
    assert state.severity is Severity.SEV1 and state.phase is Phase.MITIGATING
    assert row["incident"] == "INC-1" and row["incident_id"] == incident
    assert row["service"] == "checkout" and row["declared_by"] == "alice"
    assert row["entries"] == 4


def test_a_redacted_title_or_service_is_hidden_in_the_overview(
    store, db_path, clock, incident, history
):
    """Redacting the title change shows the placeholder, as the screen does, not the older
    title; redacting the declaration hides the service it named."""
    declared = next(e for e in store.events(incident) if e.kind == "incident_declared")
    for target in (history["title"], declared.id):
        store.append(make(incident, "sam", {"kind": "entry_redacted", "target": target,
                                            "reason": "a secret"}, clock))  # fmt: skip
    (row,) = sqlite_utils.Database(db_path).query("select * from incident_overview")
    state = fold(store.events(incident))
    assert (row["title"], row["service"]) == (state.title, state.field("service"))
    assert (row["title"], row["service"]) == ("█ redacted", "█ redacted")


def test_entries_read_as_they_read_now_and_a_redacted_one_shows_no_text(db_path, history):
    db = sqlite_utils.Database(db_path)
    rows = list(db.query("select * from entries order by at"))
    assert [(r["author"], r["kind"], r["text"]) for r in rows] == [
        ("sam", "note", "pool at 16/50"),
        ("alice", "decision", "roll back 4812"),
        ("sam", "note", "errors down"),  # the newest edit
        ("kim", "evidence", None),  # redacted
    ]
    assert [(r["edited"], r["redacted"]) for r in rows] == [(0, 0), (0, 0), (1, 0), (0, 1)]
    assert rows[3]["link"] is None and rows[0]["link"] is None
    assert all(r["incident"] == "INC-1" and r["at"].endswith("Z") for r in rows)
    everything = json.dumps([dict(r) for v in ("entries", "milestones", "incident_overview")
                             for r in db.query(f"select * from {v}")])  # fmt: skip
    assert "hunter2" not in everything


def test_milestones_list_the_turning_points(db_path, history):
    rows = sqlite_utils.Database(db_path).query(
        "select kind, what, why from milestones order by at"
    )
    assert [tuple(r.values()) for r in rows] == [
        ("incident_declared", "Checkout API errors", None),
        ("severity_set", "SEV1", "all regions"),
        ("phase_set", "mitigating", None),
        ("status_update", "Rolling back.", None),
    ]


def test_the_views_are_read_only(db_path, history):
    db = sqlite_utils.Database(db_path)
    assert {"incident_overview", "entries", "milestones"} <= set(db.view_names())
    with pytest.raises(Exception, match="view"):
        db.execute("delete from entries")


def test_the_readme_example_runs_on_the_command_line(db_path, history):
    cli = Path(sys.executable).parent / "sqlite-utils"
    out = subprocess.run(
        [str(cli), "query", str(db_path), "select at, author, kind, text from entries "
         "where incident = 'INC-1' and kind = 'decision' order by at"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    (row,) = json.loads(out.stdout)
    assert row["author"] == "alice" and row["text"] == "roll back 4812"
