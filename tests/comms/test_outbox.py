"""Issue 14: exactly one terminal sends an update, the one where it was posted; delivery
results are events, so every other terminal sees them and none sends again."""

from __future__ import annotations

from cockpit.comms.sender import Sender
from cockpit.core.compose import new_event
from cockpit.store import Store
from cockpit.store.update_outbox import UpdateOutbox
from tests.comms.conftest import deliveries, post, settings


def test_an_update_pulled_from_elsewhere_is_never_sent_here(store, incident, clock, receiver):
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    body = {"kind": "status_update", "audience": "exec", "text": "posted by bob's terminal",
            "destinations": ["hook"]}  # fmt: skip
    store.append_many([new_event(incident, "bob", body, clock)], origin="remote")
    assert UpdateOutbox(store).jobs() == []
    sender = Sender(store, s, clock, "alice")
    assert sender.step() is None
    sender.close()
    assert receiver.requests == []


def test_an_update_with_no_destination_is_not_in_the_outbox(store, incident, clock):
    post(store, incident, clock, "said on the call only")
    assert UpdateOutbox(store).jobs() == []


def test_a_delivery_recorded_anywhere_settles_it(store, incident, clock, receiver, tmp_path):
    """The posting terminal's file gets the `sent` back through sync (origin remote): final."""
    u = post(store, incident, clock, "update", "hook", "mail")
    sent = {"kind": "delivery", "update": u.id, "destination": "hook", "status": "sent"}
    store.append_many([new_event(incident, "alice", sent, clock)], origin="remote")
    (job,) = UpdateOutbox(store).jobs()
    assert job.destination == "mail"


def test_asked_again_after_a_failure_it_goes_again(store, incident, clock, receiver):
    receiver.answer(404)
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    u = post(store, incident, clock, "update", "hook")
    sender = Sender(store, s, clock, "alice")
    sender.step()
    assert UpdateOutbox(store).jobs() == []  # failed for good
    again = {"kind": "delivery", "update": u.id, "destination": "hook", "status": "retrying",
             "attempt": 0, "detail": "asked again by bob"}  # fmt: skip
    clock.advance(hours=2)  # long after: the give-up clock starts again from the asking
    store.append_many([new_event(incident, "bob", again, clock)], origin="remote")
    assert sender.step() is None
    sender.close()
    assert [(d.status, d.attempt) for d in deliveries(store, incident)] == [
        ("failed", 1),
        ("retrying", 0),
        ("sent", 1),
    ]
    assert len(receiver.requests) == 2


def test_two_senders_on_one_file_send_once(db_path, store, incident, clock, receiver):
    """The screen and a command both see the outbox; the file's send lock lets one send."""
    from cockpit.comms.lock import SendLock

    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    post(store, incident, clock, "update", "hook")
    screen_lock, command_lock = SendLock(db_path), SendLock(db_path)
    assert screen_lock.acquire()
    assert not command_lock.acquire()
    assert command_lock.holder().isdigit()
    screen_lock.release()
    assert command_lock.acquire()
    command_lock.release()
    with Store.open(db_path) as other:
        from cockpit.comms.once import deliver_after_command

        with SendLock(db_path) as held:
            assert held.acquire()
            assert deliver_after_command(other, s, clock, "alice") == ""  # the holder sends
        assert receiver.requests == []
        assert deliver_after_command(other, s, clock, "alice") == "sent to hook"
    assert len(receiver.requests) == 1
