"""The local sync bookkeeping: the outbox is every local event of a joined incident not yet
answered; answers, resets, pulled events and clock values the server capped."""

from __future__ import annotations

from cockpit.store.outbox import SyncBook
from tests.conftest import make

URL = "http://server.test"


def test_outbox_follows_the_file_and_the_answers(store, incident, clock):
    book = SyncBook(store, clock)
    assert book.links() == [] and book.pending_count(incident) == 0
    link = book.join(incident, URL + "/")
    assert link.url == URL and link.after == "0"
    notes = [store.append(make(incident, "alice", {"kind": "note", "text": f"n{k}"}, clock))
             for k in range(3)]  # fmt: skip
    pulled = make(incident, "bob", {"kind": "note", "text": "from bob"}, clock)
    assert [e.id for e in book.apply_pulled(incident, [pulled], "ep", 7)] == [pulled.id]
    assert book.link(incident).after == "ep:7"
    pending = book.pending(incident)
    assert len(pending) == 4 and pulled.id not in {e.id for e in pending}  # only local events
    book.mark(incident, [(pending[0].id, "created", 1, ""), (notes[0].id, "duplicate", 2, ""),
                         (notes[1].id, "rejected", None, "author mismatch")])  # fmt: skip
    assert [e.id for e in book.pending(incident)] == [notes[2].id]
    assert book.rejected(incident) == {notes[1].id: "author mismatch"}
    book.reset(incident)  # a new epoch: everything but the rejected is offered again
    assert book.link(incident).after == "0"
    assert {e.id for e in book.pending(incident)} == {pending[0].id, notes[0].id, notes[2].id}
    assert book.rejected(incident) == {notes[1].id: "author mismatch"}


def test_a_capped_clock_replaces_the_local_one(store, incident, clock):
    book = SyncBook(store, clock)
    book.join(incident, URL)
    e = store.append(make(incident, "alice", {"kind": "severity_set", "severity": "SEV2"}, clock))
    capped = e.model_copy(update={"hlc": "000000000000001.000000"})
    assert book.apply_pulled(incident, [capped], "ep", 2) == []
    assert store.event(e.id).hlc == capped.hlc


def test_joining_again_lifts_a_pause_and_another_url_starts_over(store, incident, clock):
    book = SyncBook(store, clock)
    book.join(incident, URL)
    book.set_paused(incident, "forbidden")
    book.set_cursor(incident, "ep", 5)
    assert book.join(incident, URL).paused == "" and book.link(incident).cursor == 5
    moved = book.join(incident, "http://other.test")
    assert (moved.url, moved.cursor, moved.epoch) == ("http://other.test", 0, "")
    assert book.leave(incident) and book.link(incident) is None
