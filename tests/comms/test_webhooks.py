"""Issue 14, "Sending it where people read": real HTTP receivers on 127.0.0.1 get the update
(body, signature, idempotency key); chat and Teams receivers get it escaped."""

from __future__ import annotations

import json
import random

import pytest

from cockpit.comms import signing
from cockpit.comms.mentions import ZWSP
from cockpit.comms.sender import Sender
from cockpit.core.compose import new_event
from tests.comms.conftest import deliveries, post, settings

HOSTILE = "Failover done <!channel> <!here> <@U123> @all @channel\r\nBcc: x@evil\x1b[2J\x07 ok"


def send_all(store, s, clock, **kw):
    sender = Sender(store, s, clock, "alice", rng=random.Random(1), **kw)
    try:
        wait = sender.step()
    finally:
        sender.close()
    return sender, wait


def test_the_signed_webhook_carries_the_update_its_key_and_a_signature(
    store, incident, clock, receiver
):
    store.append(new_event(incident, "alice", {"kind": "severity_set", "severity": "SEV1"}, clock))
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k3y-for-hmac"})
    u = post(store, incident, clock, "EU checkout is failing; rollback under way", "hook")
    _, wait = send_all(store, s, clock)
    assert wait is None  # nothing left
    (req,) = receiver.wait_for(1)
    body = json.loads(req.body)
    assert (
        body["text"] == "INC-1 · update for executives\nEU checkout is failing; rollback under way"
    )
    assert body["update_id"] == u.id and body["audience"] == "exec"
    assert body["incident"] == {"id": incident, "label": "INC-1", "title": "Checkout API errors",
                                "severity": "SEV1"}  # fmt: skip
    assert req.headers["Idempotency-Key"] == f"{u.id}/hook" == body["idempotency_key"]
    # the signature covers the timestamp and the exact body; it is the sender's clock's time
    t = signing.verify(req.headers["Cockpit-Signature"], req.body, "k3y-for-hmac",
                       now=clock.now().timestamp())  # fmt: skip
    assert t == int(clock.now().timestamp())
    with pytest.raises(signing.BadSignature):  # another body, or another key: refused
        signing.verify(req.headers["Cockpit-Signature"], req.body + b" ", "k3y-for-hmac",
                       now=clock.now().timestamp())  # fmt: skip
    with pytest.raises(signing.BadSignature):
        signing.verify(req.headers["Cockpit-Signature"], req.body, "other", now=t)
    with pytest.raises(signing.BadSignature, match="replay"):  # the same request, much later
        signing.verify(req.headers["Cockpit-Signature"], req.body, "k3y-for-hmac", now=t + 301)
    assert [(d.destination, d.status, d.attempt) for d in deliveries(store, incident)] == [
        ("hook", "sent", 1)
    ]


def test_a_sent_update_is_never_sent_again(store, incident, clock, receiver):
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    post(store, incident, clock, "one", "hook")
    sender = Sender(store, s, clock, "alice")
    for _ in range(3):
        sender.step()
        clock.advance(minutes=10)
    sender.close()
    send_all(store, s, clock)  # a new sender (another process) reads the same log
    assert len(receiver.requests) == 1
    assert len(deliveries(store, incident)) == 1


@pytest.mark.parametrize("kind", ["slack", "mattermost", "rocketchat"])
def test_chat_webhooks_get_text_with_no_mention_markup_or_control(
    kind, store, incident, clock, receiver
):
    s = settings(chat={"type": kind, "url": receiver.url("/hooks/xyzzy-token")})
    post(store, incident, clock, HOSTILE, "chat")
    send_all(store, s, clock)
    (req,) = receiver.wait_for(1)
    text = json.loads(req.body)["text"]
    for raw in ("<!channel>", "<!here>", "<@U123>", "@all", "@channel", "\r", "\x1b", "\x07"):
        assert raw not in text
    assert "&lt;!channel&gt;" in text and f"@{ZWSP}all" in text  # still reads as typed
    assert "␛[2J" in text and "␇" in text  # controls visible, inert
    assert text.startswith("**INC-1" if kind == "mattermost" else "*INC-1")  # bold, their way


def test_a_chat_destination_that_asks_for_a_mention_gets_that_one_only(
    store, incident, clock, receiver
):
    s = settings(chat={"type": "slack", "url": receiver.url(), "notify": "here"},
                 mm={"type": "mattermost", "url": receiver.url("/mm"), "notify": "channel"})  # fmt: skip
    post(store, incident, clock, "@channel please look <!everyone>", "chat", "mm")
    send_all(store, s, clock)
    texts = {r.path: json.loads(r.body)["text"] for r in receiver.wait_for(2)}
    slack = texts["/hook/T0001/B0002/s3cr3tT0k3nXYZ"]
    assert slack.startswith("<!here> ") and slack.count("<!") == 1
    assert texts["/mm"].startswith("@channel ") and texts["/mm"].count("@channel") == 1


def test_teams_gets_an_adaptive_card_for_a_workflows_webhook(store, incident, clock, receiver):
    s = settings(teams={"type": "teams", "url": receiver.url("/workflows/abc?sig=S3CRET")})
    post(
        store, incident, clock, "Line one <at>Bob</at> @channel\n\nLine three\x1b]0;x\x07", "teams"
    )
    send_all(store, s, clock)
    (req,) = receiver.wait_for(1)
    msg = json.loads(req.body)
    assert msg["type"] == "message"
    (att,) = msg["attachments"]
    assert att["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = att["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert "msteams" not in card  # no entities: the card mentions nobody
    texts = [b["text"] for b in card["body"]]
    assert texts[0] == "**INC-1 · update for executives**"
    assert texts[1].startswith("Line one <" + ZWSP + "at>Bob")
    assert f"@{ZWSP}channel" in texts[1]
    assert texts[2] == "Line three␛]0;x␇" and card["body"][2]["spacing"] == "Medium"
    assert not any(c in req.body.decode() for c in "\x1b\x07\r")


def test_a_customer_update_carries_no_internal_title(store, incident, clock, receiver):
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"},
                 chat={"type": "slack", "url": receiver.url("/status")})  # fmt: skip
    post(store, incident, clock, "We found the cause.", "hook", "chat", audience="customers",
         stage="identified")  # fmt: skip
    send_all(store, s, clock)
    bodies = [r.body.decode() for r in receiver.wait_for(2)]
    assert all("Checkout API errors" not in b for b in bodies)
    hook = json.loads(next(b for b in bodies if '"idempotency_key"' in b))
    assert (hook["audience"], hook["stage"], hook["incident"]["title"]) == (
        "customers",
        "identified",
        "",
    )
    assert hook["text"].splitlines()[0] == "Identified"  # the stage leads, as the composer shows
    assert all("alice" not in json.loads(b).get("text", "") for b in bodies)


def test_its_authors_edit_before_sending_is_sent_and_a_redacted_one_never_goes(
    store, incident, clock, receiver
):
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    first = post(store, incident, clock, "tpyo", "hook")
    store.append(new_event(incident, "alice", {"kind": "entry_edited", "target": first.id,
                                               "text": "typo fixed"}, clock))  # fmt: skip
    second = post(store, incident, clock, "the DB password is hunter2", "hook")
    store.append(new_event(incident, "alice", {"kind": "entry_redacted", "target": second.id},
                           clock))  # fmt: skip
    send_all(store, s, clock)
    (req,) = receiver.wait_for(1)
    assert json.loads(req.body)["text"].splitlines()[-1] == "typo fixed"
    last = {d.update: d for d in deliveries(store, incident)}
    assert last[second.id].status == "failed" and "redacted" in last[second.id].detail
    assert "hunter2" not in last[second.id].detail


def test_a_replay_inside_the_window_verifies_and_seen_keys_drops_it(store, incident, clock,
                                                                    receiver):  # fmt: skip
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    post(store, incident, clock, "first", "hook")
    post(store, incident, clock, "second", "hook")
    send_all(store, s, clock)
    one, two = receiver.wait_for(2)
    t = signing.verify(one.headers["Cockpit-Signature"], one.body, "k", now=clock.now().timestamp())
    seen = signing.SeenKeys()
    assert seen.first(one.headers["Idempotency-Key"], t)
    # the same request copied off the wire a minute later: the signature still holds...
    assert signing.verify(one.headers["Cockpit-Signature"], one.body, "k", now=t + 60) == t
    assert not seen.first(one.headers["Idempotency-Key"], t + 60)  # ...the key does not
    assert seen.first(two.headers["Idempotency-Key"], t + 60)  # another update: taken
    assert not seen.first(two.headers["Idempotency-Key"], t + signing.KEEP)  # a late retry
    assert seen.first(one.headers["Idempotency-Key"], t + signing.KEEP + 1)  # forgotten at last
    assert seen.first("other/hook", t + 60 + signing.KEEP) and len(seen) == 2  # two forgotten
