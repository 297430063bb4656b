"""An update goes out as its author posted it, or as that author edited it in this file before
it was first tried there. Nobody else's edit (synced, imported, or typed here under another
name), and no edit after the first attempt, is ever sent under the author's name; the `sent`
delivery says which text went when the timeline shows another."""

from __future__ import annotations

import json
import random
from datetime import UTC

from cockpit.comms.sender import Sender
from cockpit.core.compose import new_event
from tests.comms.conftest import deliveries, post, settings

PHISH = "Reset your password at https://evil.example/login"


def edit(store, incident, clock, target, text, author="alice", origin="local"):
    clock.advance(1)
    e = new_event(incident, author, {"kind": "entry_edited", "target": target.id, "text": text},
                  clock)  # fmt: skip
    if origin == "local":
        return store.append(e)
    return store.append_many([e], origin=origin)[0]


def sent_texts(receiver, n):
    return [json.loads(r.body)["text"].splitlines()[-1] for r in receiver.wait_for(n)]


def test_an_edit_from_elsewhere_never_rewrites_a_retrying_update(store, incident, clock,
                                                                 receiver):  # fmt: skip
    receiver.answer(503)
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    u = post(store, incident, clock, "Rolled back; errors falling", "hook")
    sender = Sender(store, s, clock, "alice", rng=random.Random(1))
    wait = sender.step()
    assert wait is not None  # the first attempt failed: retrying
    edit(store, incident, clock, u, PHISH, author="eve", origin="remote")  # synced
    edit(store, incident, clock, u, PHISH + "?imported", author="eve", origin="import")
    edit(store, incident, clock, u, "too late", author="alice")  # after the first attempt
    clock.advance(wait)
    assert sender.step() is None
    sender.close()
    assert sent_texts(receiver, 2) == ["Rolled back; errors falling"] * 2
    last = deliveries(store, incident)[-1]
    assert (last.status, last.detail) == ("sent", "the text as posted; a later edit was not sent")
    assert last.describe(tz=UTC) == "sent to hook (the text as posted; a later edit was not sent)"


def test_a_new_sender_goes_on_with_the_text_as_posted_too(store, incident, clock, receiver):
    receiver.answer(503)
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    u = post(store, incident, clock, "Rolled back", "hook")
    first = Sender(store, s, clock, "alice", rng=random.Random(1))
    wait = first.step()
    first.close()
    edit(store, incident, clock, u, "Rolled back, see " + PHISH, author="alice")
    clock.advance(wait)
    again = Sender(store, s, clock, "alice", rng=random.Random(1))  # a restart
    assert again.step() is None
    again.close()
    assert sent_texts(receiver, 2) == ["Rolled back"] * 2


def test_only_its_authors_edit_made_here_before_sending_is_sent(store, incident, clock,
                                                               receiver):  # fmt: skip
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    mine = post(store, incident, clock, "tpyo", "hook")
    edit(store, incident, clock, mine, "typo fixed")
    theirs = post(store, incident, clock, "as posted", "hook")
    edit(store, incident, clock, theirs, PHISH, author="eve")  # eve, on this terminal
    synced = post(store, incident, clock, "mine, synced", "hook")
    edit(store, incident, clock, synced, PHISH, author="alice", origin="remote")
    both = post(store, incident, clock, "first", "hook")
    edit(store, incident, clock, both, "second")
    edit(store, incident, clock, both, PHISH, author="eve", origin="remote")
    sender = Sender(store, s, clock, "alice", rng=random.Random(1))
    assert sender.step() is None
    sender.close()
    assert sent_texts(receiver, 4) == ["typo fixed", "as posted", "mine, synced", "second"]
    detail = {d.update: d.detail for d in deliveries(store, incident)}
    assert detail[mine.id] == ""  # the update as it reads: nothing to say
    assert detail[theirs.id] == "the text as posted; a later edit was not sent"
    assert detail[both.id] == (
        "the text as its author edited it before sending; a later edit was not sent"
    )
