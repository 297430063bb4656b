"""The local sync bookkeeping: the outbox is every local event of a joined incident not yet
answered; answers, resets, pulled events and clock values the server capped."""

from __future__ import annotations

from cockpit.store.outbox import Pulled, SyncBook
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
    applied = book.apply_pulled(incident, [Pulled(7, pulled, "bob")], "ep", 7)
    assert [e.id for e in applied.new] == [pulled.id]
    assert book.link(incident).after == "ep:7"
    pending = book.pending(incident)
    assert len(pending) == 4 and pulled.id not in {e.id for e in pending}  # only local events
    book.mark(incident, [(pending[0].id, "created", 1, ""), (notes[0].id, "duplicate", 2, ""),
                         (notes[1].id, "rejected", None, "not permitted")])  # fmt: skip
    assert [e.id for e in book.pending(incident)] == [notes[2].id]
    assert book.rejected(incident) == {notes[1].id: "not permitted"}
    book.reset(incident)  # a new epoch: everything but the rejected is offered again
    assert book.link(incident).after == "0"
    assert {e.id for e in book.pending(incident)} == {pending[0].id, notes[0].id, notes[2].id}
    assert book.rejected(incident) == {notes[1].id: "not permitted"}
    # the restored server lacked one of them: it is counted as lost and sent again
    assert book.mark(incident, [(pending[0].id, "duplicate", 1, ""),
                                (notes[0].id, "created", 9, "")]) == 1  # fmt: skip


def test_a_capped_clock_replaces_the_local_one(store, incident, clock):
    book = SyncBook(store, clock)
    book.join(incident, URL)
    e = store.append(make(incident, "alice", {"kind": "severity_set", "severity": "SEV2"}, clock))
    capped = e.model_copy(update={"hlc": "000000000000001.000000"})
    applied = book.apply_pulled(incident, [Pulled(2, capped, "alice")], "ep", 2)
    assert applied.new == [] and applied.capped == [e.id] and applied.set_aside == 0
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


def _copy(e, **change):
    """Another copy of an event: same id, something changed."""
    import json

    from cockpit.core.events import Event

    data = json.loads(e.model_dump_json())
    for key, value in change.items():
        if key == "text":
            data["body"]["text"] = value
        else:
            data[key] = value
    return Event.model_validate(data)


def test_a_stored_event_is_never_replaced_only_our_clock_capped(store, incident, clock):
    book = SyncBook(store, clock)
    book.join(incident, URL)
    ours = store.append(make(incident, "alice", {"kind": "note", "text": "original"}, clock))
    theirs = make(incident, "bob", {"kind": "note", "text": "bob's"}, clock)
    book.apply_pulled(incident, [Pulled(1, theirs, "bob")], "ep", 1)
    earlier = "000000000000001.000000"
    copies = {
        "different content": _copy(ours, text="forged"),
        "later clock on ours": _copy(ours, hlc="999999999999999.000000"),
        "a cap on someone else's": _copy(theirs, hlc=earlier),
    }
    for seq, (why, copy) in enumerate(copies.items(), 2):
        applied = book.apply_pulled(incident, [Pulled(seq, copy, "mallory")], "ep", seq)
        assert applied.set_aside == 1 and applied.refused == {copy.id} and not applied.new, why
    assert store.event(ours.id) == ours and store.event(theirs.id).hlc == theirs.hlc
    # the same copy pulled again (after a reset, say) is kept once
    assert book.apply_pulled(incident, [Pulled(2, copies["different content"], "m")], "ep", 2)
    assert book.set_aside_count(incident) == 3
    kept = book.set_aside(incident)
    assert [k.pushed_by for k in kept] == ["mallory"] * 3
    assert "forged" in kept[0].json and kept[0].reason.startswith("a different event")
    assert store.event(ours.id).body.text == "original"


def test_an_id_of_another_incident_is_refused(store, incident, clock):
    from cockpit.core.compose import new_event

    private = new_event("private-inc", "alice", {"kind": "incident_declared", "title": "p"},
                        clock)  # fmt: skip
    store.declare(private)
    secret = store.append(make("private-inc", "alice", {"kind": "note", "text": "secret"}, clock))
    book = SyncBook(store, clock)
    book.join(incident, URL)
    forged = _copy(secret, incident=incident, text="into your timeline")
    applied = book.apply_pulled(incident, [Pulled(1, forged, "mallory")], "ep", 1)
    assert applied.set_aside == 1 and not applied.new
    assert store.event(secret.id) == secret and secret.id not in {
        e.id for e in store.events(incident)
    }
    assert book.set_aside(incident)[0].reason == "id already used here by incident private-inc"


def test_what_the_server_no_longer_holds_is_offered_again(store, incident, clock):
    book = SyncBook(store, clock)
    book.join(incident, URL)
    notes = [store.append(make(incident, "alice", {"kind": "note", "text": f"n{k}"}, clock))
             for k in range(4)]  # fmt: skip
    declared = book.pending(incident)[0]
    book.mark(incident, [(declared.id, "created", 1, "")]
              + [(n.id, "created", k, "") for k, n in enumerate(notes, 2)])  # fmt: skip
    assert book.pending_count(incident) == 0 and book.acked_upto(incident) == 5
    # The server was restored to seq 1, and bob's events took seqs 2 and 3 since: a page
    # shows them where ours were. Ours at 4 and 5 are above the server's last seq.
    bobs = [make(incident, "bob", {"kind": "note", "text": f"b{k}"}, clock) for k in range(2)]
    page = [Pulled(1, declared, "alice"), Pulled(2, bobs[0], "bob"), Pulled(3, bobs[1], "bob")]
    applied = book.apply_pulled(incident, page, "ep", 3, last_seq=3, acked_upto=5)
    assert applied.lost == 4 and book.lost_count(incident) == 4
    assert {e.id for e in book.pending(incident)} == {n.id for n in notes}
    # pushed again: the server keeps them; that many were lost and are sent again
    assert book.mark(incident, [(n.id, "created", k, "") for k, n in enumerate(notes, 4)]) == 4
    assert book.pending_count(incident) == 0 and book.lost_count(incident) == 0
    # one of ours pulled at a new seq is only renumbered, not lost
    again = book.apply_pulled(incident, [Pulled(9, notes[0], "alice")], "ep", 9, after=8)
    assert again.lost == 0 and book.lost_count(incident) == 0
    seqs = dict(
        store.query("SELECT event_id, seq FROM sync_pushed WHERE incident = ?", (incident,))
    )
    assert seqs[notes[0].id] == 9
