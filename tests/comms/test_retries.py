"""Issue 14: a receiver that is down, slow or answers 500 leaves the update queued and retried
(the schedule on a fake clock), nothing lost or sent twice; a delivery error never records
the webhook URL or its token."""

from __future__ import annotations

import random
import threading
from datetime import UTC

from cockpit.comms import retry
from cockpit.comms.sender import Sender
from tests.comms.conftest import deliveries, post, settings
from tests.comms.receivers import Answer, closed_port

TOKEN_PATH = "/hook/T0001/B0002/s3cr3tT0k3nXYZ"


def statuses(store, incident):
    return [(d.destination, d.status, d.attempt) for d in deliveries(store, incident)]


def test_a_500_leaves_it_queued_then_it_goes_once_the_wait_is_over(
    store, incident, clock, receiver
):
    receiver.answer(500, 502)
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    post(store, incident, clock, "update", "hook")
    sender = Sender(store, s, clock, "alice", rng=random.Random(7))
    wait1 = sender.step()
    assert wait1 is not None and retry.FIRST / 2 <= wait1 <= retry.FIRST
    assert statuses(store, incident) == [("hook", "retrying", 1)]
    assert "HTTP 500" in deliveries(store, incident)[0].detail
    assert len(sender.pending()) == 1  # still in the outbox

    clock.advance(wait1 / 2)  # not yet due: nothing is sent
    sender.step()
    assert len(receiver.requests) == 1

    clock.advance(wait1)  # due: the second attempt, answered 502: a new reason, recorded
    wait2 = sender.step()
    assert len(receiver.requests) == 2
    assert wait2 is not None and retry.FIRST <= wait2 <= 2 * retry.FIRST  # doubled
    assert statuses(store, incident)[-1] == ("hook", "retrying", 2)

    clock.advance(wait2)  # the receiver is back
    assert sender.step() is None
    sender.close()
    assert statuses(store, incident)[-1] == ("hook", "sent", 3)
    keys = {r.headers["Idempotency-Key"] for r in receiver.requests}
    assert len(keys) == 1  # every attempt under one key: the receiver keeps one
    assert sender.pending() == []


def test_the_same_failure_is_recorded_once_not_at_every_attempt(store, incident, clock):
    s = settings(chat={"type": "slack", "url": f"http://127.0.0.1:{closed_port()}{TOKEN_PATH}"})
    post(store, incident, clock, "update", "chat")
    sender = Sender(store, s, clock, "alice", rng=random.Random(3))
    waits = []
    for _ in range(6):
        wait = sender.step()
        assert wait is not None
        waits.append(wait)
        clock.advance(wait)
    sender.close()
    assert statuses(store, incident) == [("chat", "retrying", 1)]
    (d,) = deliveries(store, incident)
    assert d.detail == "connection refused"
    assert d.describe(tz=UTC) == "chat failed: connection refused, retrying"
    assert waits == sorted(waits) or all(w <= retry.CAP for w in waits)
    assert waits[-1] > waits[0] * 4  # backing off


def test_a_slow_receiver_times_out_and_the_update_waits(store, incident, clock, receiver):
    release = threading.Event()
    receiver.answer(Answer(hold=release))
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k", "timeout": 0.3})
    post(store, incident, clock, "update", "hook")
    sender = Sender(store, s, clock, "alice")
    try:
        wait = sender.step()
    finally:
        release.set()
    assert wait is not None
    (d,) = deliveries(store, incident)
    assert (d.status, d.detail) == ("retrying", "no answer within 0.3 s")
    clock.advance(wait)
    assert sender.step() is None
    sender.close()
    assert statuses(store, incident)[-1] == ("hook", "sent", 2)


def test_retry_after_is_waited_as_the_receiver_asks(store, incident, clock, receiver):
    receiver.answer(Answer(status=429, headers={"Retry-After": "120"}))
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    post(store, incident, clock, "update", "hook")
    sender = Sender(store, s, clock, "alice")
    assert sender.step() == 120
    clock.advance(119)
    sender.step()
    assert len(receiver.requests) == 1
    clock.advance(1)
    assert sender.step() is None
    sender.close()


def test_a_refusal_for_good_is_not_retried(store, incident, clock, receiver):
    receiver.answer(Answer(status=404, body=b"no_service"))
    s = settings(chat={"type": "slack", "url": receiver.url()})
    post(store, incident, clock, "update", "chat")
    sender = Sender(store, s, clock, "alice")
    assert sender.step() is None
    clock.advance(hours=1)
    sender.step()
    sender.close()
    assert len(receiver.requests) == 1
    (d,) = deliveries(store, incident)
    assert (d.status, d.detail) == ("failed", "HTTP 404: no_service")
    assert d.describe(tz=UTC).startswith("NOT sent to chat: HTTP 404: no_service")


def test_it_gives_up_after_give_up_after_and_says_so(store, incident, clock):
    url = f"http://127.0.0.1:{closed_port()}/x"
    s = settings(chat={"type": "slack", "url": url, "give_up_after": 10})
    post(store, incident, clock, "update", "chat")
    sender = Sender(store, s, clock, "alice", rng=random.Random(1))
    attempts = 0
    while (wait := sender.step()) is not None:
        attempts += 1
        clock.advance(wait)
    sender.close()
    last = deliveries(store, incident)[-1]
    assert last.status == "given_up" and last.attempt == attempts >= 4
    assert "gave up" in last.describe(tz=UTC) and "connection refused" in last.describe(tz=UTC)
    assert Sender(store, s, clock, "alice").pending() == []


def test_a_new_sender_goes_on_from_the_recorded_attempt(store, incident, clock, receiver):
    receiver.answer(500)
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    post(store, incident, clock, "update", "hook")
    first = Sender(store, s, clock, "alice", rng=random.Random(1))
    first.step()
    first.close()
    second = Sender(store, s, clock, "alice", rng=random.Random(1))  # a restart
    second.step()
    assert len(receiver.requests) == 1  # not due yet: the log says attempt 1 failed just now
    clock.advance(retry.FIRST)
    assert second.step() is None
    second.close()
    assert statuses(store, incident) == [("hook", "retrying", 1), ("hook", "sent", 2)]


def test_no_error_records_the_webhook_url_or_its_token(store, incident, clock, receiver):
    """The receiver answers with the URL in its body, and the connection errors name it: no
    delivery detail keeps the token, its path or the URL."""
    down = f"https://127.0.0.1:{closed_port()}{TOKEN_PATH}?sig=SIGNATURE123456"
    echo = receiver.url(TOKEN_PATH)
    receiver.answer(Answer(status=400, body=f"bad hook {echo} (token s3cr3tT0k3nXYZ)".encode()))
    s = settings(
        down={"type": "teams", "url": down},
        echo={"type": "slack", "url": echo},
        mail={"type": "email", "smtp_host": "127.0.0.1", "smtp_port": closed_port(),
              "from": "ic@example.com", "to": ["vp@example.com"], "smtp_user": "ic",
              "smtp_password": "pa55w0rd-secret"},
    )  # fmt: skip
    post(store, incident, clock, "update", "down", "echo", "mail")
    sender = Sender(store, s, clock, "alice")
    sender.step()
    sender.close()
    found = deliveries(store, incident)
    assert {d.destination for d in found} == {"down", "echo", "mail"}
    log = "".join(e.model_dump_json() for e in store.events(incident))
    for secret in ("s3cr3tT0k3nXYZ", "SIGNATURE123456", "T0001/B0002", "pa55w0rd", echo, down):
        assert secret not in log
    echoed = next(d for d in found if d.destination == "echo")
    assert echoed.status == "failed" and "HTTP 400" in echoed.detail
    assert echoed.detail == "HTTP 400: bad hook [secret] (token [secret])"
    refused = next(d for d in found if d.destination == "down")  # the URL from httpx's error
    assert refused.status == "retrying" and refused.detail == "connection refused"
