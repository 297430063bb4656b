"""The file keeps what this cockpit does not understand (an unknown entry, read whole on every
path, the screen's included), and who recorded an event when that is not its author: this
terminal's configured name, kept beside the event and never in its JSON."""

from __future__ import annotations

import json

from cockpit.core.events import Event
from cockpit.core.light import LightEntry
from cockpit.store import Store, screen_load
from cockpit.store.outbox import Pulled, SyncBook
from tests.conftest import make


def _future(incident, clock, body) -> Event:
    e = make(incident, "zoe", {"kind": "note", "text": "placeholder"}, clock)
    return Event.model_validate(json.loads(e.model_dump_json()) | {"body": body})


def test_an_unknown_entry_is_stored_whole_and_read_on_every_path(store, incident, clock):
    book = SyncBook(store, clock)
    book.join(incident, "http://server.test")
    milestone = _future(incident, clock, {"kind": "forecast", "what": "impact started"})
    tagged = _future(incident, clock, {"kind": "note", "text": "with tags", "tags": ["db"]})
    note = make(incident, "zoe", {"kind": "note", "text": "plain"}, clock)
    items = [Pulled(i, e, "zoe") for i, e in enumerate((milestone, tagged, note), 1)]
    applied = book.apply_pulled(incident, items, "ep", 3)
    assert [e.id for e in applied.new] == [milestone.id, tagged.id, note.id]
    kinds = dict(store.query("SELECT id, kind FROM events WHERE incident = ?", (incident,)))
    assert kinds[milestone.id] == kinds[tagged.id] == "unknown" and kinds[note.id] == "note"
    for e in (milestone, tagged):
        back = store.event(e.id)
        assert back.unknown and back.model_dump_json() == e.model_dump_json()
    first = screen_load.first_screen(store, incident)
    by_id = {i.id: i for i in first.items}
    assert by_id[milestone.id].unknown and by_id[tagged.id].unknown  # read whole, not as light
    assert isinstance(by_id[note.id], LightEntry)
    assert store.state(incident).snapshot()["count"] == 4


def test_an_entry_written_under_another_author_shows_who_recorded_it(db_path, clock):
    with Store.open(db_path, create=True, recorder="alice") as store:
        declared = make("inc-1", "alice", {"kind": "incident_declared", "title": "t"}, clock)
        store.declare(declared)
        bot = store.append(make("inc-1", "deploy-bot", {"kind": "note", "text": "42"}, clock))
        own = store.append(make("inc-1", "alice", {"kind": "note", "text": "mine"}, clock))
        assert (bot.recorded_by, own.recorded_by) == ("alice", "")
        assert "alice" not in bot.model_dump_json()  # beside the event, not in it
    with Store.open(db_path) as again:  # read back by every path
        assert again.event(bot.id).recorded_by == "alice"
        assert again.event(own.id).recorded_by == ""
        assert {e.id: e.recorded_by for e in again.events("inc-1")}[bot.id] == "alice"
        light = {i.id: i for i in screen_load.first_screen(again, "inc-1").items}
        assert light[bot.id].recorded_by == "alice"
        assert light[bot.id].to_event().recorded_by == "alice"
        items, _ = screen_load.items_after(again, "inc-1", 0)
        assert {i.id: i.recorded_by for i in items}[bot.id] == "alice"


def test_the_sql_views_show_who_recorded_an_entry_beside_its_author(db_path, clock):
    import sqlite_utils

    with Store.open(db_path, create=True, recorder="alice") as store:
        store.declare(make("inc-1", "alice", {"kind": "incident_declared", "title": "t"}, clock))
        store.append(make("inc-1", "deploy-bot", {"kind": "note", "text": "42 done"}, clock))
        store.append(make("inc-1", "deploy-bot", {"kind": "severity_set", "severity": "SEV2"},
                          clock))  # fmt: skip
        store.append(make("inc-1", "alice", {"kind": "note", "text": "mine"}, clock))
    db = sqlite_utils.Database(db_path)
    entries = {
        r["text"]: (r["author"], r["recorded_by"]) for r in db.query("select * from entries")
    }
    assert entries == {"42 done": ("deploy-bot", "alice"), "mine": ("alice", None)}
    milestones = [(r["kind"], r["author"], r["recorded_by"])
                  for r in db.query("select * from milestones")]  # fmt: skip
    assert ("severity_set", "deploy-bot", "alice") in milestones
    assert ("incident_declared", "alice", None) in milestones
