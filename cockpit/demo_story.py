"""What the demo incident's people write, in order: a scribe's running log of a real-looking
payments outage (an alert, a wrong first guess, a rollback that does nothing, a regional
failover that works), and the readings people post while they watch, whose numbers follow
the story (errors climb, hold through the rollback, fall after the failover).

`NARRATIVE` is written out once; `reading` makes as many further entries as asked, each a
metric or a count at its minute, so a demo (or a benchmark) of any size reads like one
incident instead of a few sentences over and over. `{began}` is the first 5xx's clock time.
"""

from __future__ import annotations

import random

NARRATIVE: list[tuple[float, str, str, str]] = [
    # (minute, author, kind, text)
    (0.8, "sam", "note", "Paged by the checkout-api 5xx alert (first errors at {began}); maria is IC"),
    (1.2, "sam", "note", "Bridge open in #inc-checkout; call link pinned in the channel"),
    (2.2, "dev", "evidence", "Grafana checkout-api: 5xx on /v1/pay went from 0.3% to 12% in four minutes"),
    (3.5, "priya", "note", "Errors only on /v1/pay; /v1/cart and /v1/browse are clean"),
    (4.2, "sam", "note", "Support: first tickets about cards declined with 'try again later'"),
    (6.5, "kim", "question", "Anything deployed in the last hour? Checking the deploy log"),
    (7.5, "kim", "evidence", "deploy log: 4812 payments-client 3.14.0 -> 3.15.0, fully out 20 minutes before the first 5xx"),
    (9.0, "priya", "note", "Error rate 38% and the same in every region: not a regional fault on our side"),
    (11.0, "dev", "evidence", "psp.client handshake timeouts in every pod, every zone, not one bad node"),
    (13.0, "omar", "note", "Status page draft ready; lee reviews the wording before it goes out"),
    (15.0, "dev", "note", "DB pool 48/50 busy: threads waiting on the PSP hold their connections"),
    (16.0, "priya", "hypothesis", "Pool exhaustion is a symptom: PSP calls hang 5 s and hold DB connections"),
    (17.0, "kim", "note", "3.15.0 changelog: TLS library bump with a new default cipher list"),
    (18.0, "priya", "note", "4812's canary ran 10 minutes at 5%; its alert threshold is too high to have caught this"),
    (19.0, "sam", "action", "Muted the duplicate pager alerts for checkout-api; one page stays with the IC"),
    (22.0, "dev", "note", "Raising the pool size would only queue more hung calls; leaving it"),
    (23.0, "maria", "decision", "Roll back 4812 first: cheapest, reversible, and the timing fits"),
    (24.0, "priya", "action", "Rollback of 4812 started from the deploy pipeline: 3 of 12 pods done"),
    (27.0, "priya", "note", "Rollback complete: 12/12 pods on 3.14.0"),
    (29.0, "dev", "evidence", "Still timing out after the rollback:\n"
     "ERROR psp.client: handshake timeout after 5000ms (pod pay-7f9c)\n"
     "ERROR psp.client: handshake timeout after 5000ms (pod pay-2b1d)\n"
     "WARN  pool: 49/50 connections busy"),
    (31.0, "kim", "note", "Asked the PSP account manager whether anything changed on their side"),
    (32.0, "priya", "note", "Error rate unchanged at ~37% eight minutes after the rollback"),
    (33.0, "priya", "hypothesis", "The PSP's eu-central endpoint degraded; our TLS change is a red herring"),
    (34.0, "kim", "evidence", "openssl s_client to the PSP: eu-central 4.8 s to handshake, eu-west 90 ms"),
    (37.0, "omar", "note", "eu-west has room for all payments: the pool there runs at 22% CPU"),
    (39.0, "sam", "note", "Support is at about 140 tickets; mentions on social media rising"),
    (40.0, "lee", "note", "Customer-facing status page text drafted, waiting for the IC's OK"),
    (41.0, "maria", "decision", "Fail payments over to eu-west; keep eu-central drained until the PSP answers"),
    (45.5, "kim", "action", "Traffic weights for payments: eu-central 100 -> 50, eu-west 0 -> 50"),
    (46.5, "kim", "note", "First eu-west payments succeed; handshake 85 ms"),
    (47.5, "kim", "action", "Traffic weights for payments: eu-central 50 -> 0, eu-west 50 -> 100"),
    (49.0, "dev", "note", "Error rate falling: 37% to 9% in three minutes"),
    (51.0, "dev", "note", "DB pool down to 12/50 busy"),
    (52.0, "kim", "note", "PSP confirms a certificate rotation on eu-central this morning; they are rolling it back"),
    (53.0, "maria", "note", "Watching for 15 minutes before recording the failover's outcome"),
    (55.0, "dev", "evidence", "5xx on /v1/pay at 0.4% (baseline 0.3%)"),
    (57.0, "sam", "note", "Support: new tickets have stopped; a backlog of about 160 to answer"),
    (59.0, "priya", "question", "Do we retry the payments that failed in the window, or ask customers to retry?"),
    (61.0, "omar", "note", "Finance wants the count of failed payments for reconciliation"),
    (63.0, "dev", "action", "Exported the failed payment ids (4,212) to the finance share"),
    (65.0, "kim", "note", "PSP says eu-central handshakes are back to 95 ms; eu-central stays drained until the review"),
]  # fmt: skip

FAILOVER_DONE = 48.0


def _error_rate(minute: float) -> float:
    if minute < 9:
        return 0.3 + minute * 4.2
    if minute < FAILOVER_DONE:
        return 37.5
    return max(0.5, 37.5 - (minute - FAILOVER_DONE) * 9)


def _bad(minute: float) -> float:
    """How broken payments are at `minute`, 0 to 1."""
    return min(1.0, _error_rate(minute) / 37.5)


def reading(minute: float, rng: random.Random, began: str) -> tuple[str, str, str]:
    """(author, kind, text): what someone watching posts at `minute`, numbers on the story."""
    bad = _bad(minute)
    tickets = int(min(minute, 56) * 2.9) + rng.randrange(0, 4)
    source = rng.randrange(7)
    if source == 0:
        rate = _error_rate(minute) * rng.uniform(0.95, 1.05) + rng.uniform(-0.2, 0.2)
        text = rng.choice((f"checkout-api 5xx at {rate:.1f}% on /v1/pay",
                           f"Error rate on /v1/pay: {rate:.1f}% over the last minute",
                           f"5xx {rate:.1f}% (eu-central {rate * 1.02:.1f}%, us-east {rate * 0.97:.1f}%)"))  # fmt: skip
        return "dev", "note", text
    if source == 1:
        p99 = rng.uniform(0.31, 0.46) + 4.8 * bad * rng.uniform(0.9, 1.05)
        return "dev", "note", rng.choice((f"p99 on /v1/pay {p99:.2f} s",
                                          f"Latency p99 {p99 * 1000:.0f} ms, p50 {p99 * 300:.0f} ms"))  # fmt: skip
    if source == 2:
        busy = max(8, min(50, round(12 + 38 * bad + rng.uniform(-2, 1))))
        waiting = round(300 * bad * rng.uniform(0.5, 1.5)) if busy >= 48 else 0
        return "dev", "note", rng.choice((f"DB pool {busy}/50 busy, {waiting} threads waiting",
                                          f"Payments DB connections: {busy} of 50 in use"))  # fmt: skip
    if source == 3:
        return "sam", "note", rng.choice((f"Support: {tickets} tickets about failed payments so far",
                                          f"Ticket count {tickets}; most say the card was declined"))  # fmt: skip
    if source == 4:
        per_min = round(1300 * bad * rng.uniform(0.9, 1.1)) if bad > 0.05 else 0
        pod = f"pay-{rng.randrange(16**4):04x}"
        if per_min:
            return "kim", "evidence", (f"psp.client: {per_min} handshake timeouts/min\n"
                                       f"ERROR psp.client: handshake timeout after 5000ms (pod {pod})")  # fmt: skip
        return "kim", "note", f"No PSP handshake timeouts in the last minute (pod {pod} clean)"
    if source == 5:
        depth = round(9000 * bad * min(1, minute / 20) + rng.uniform(0, 40))
        return "omar", "note", rng.choice((f"payments-retry queue depth {depth:,}",
                                           f"Retry queue at {depth:,} messages"))  # fmt: skip
    central = (
        round(95 + 4700 * min(1.0, minute / 9) * rng.uniform(0.9, 1.05))
        if minute < 64
        else round(rng.uniform(90, 110))
    )
    west = round(rng.uniform(78, 96))
    return "kim", "note", rng.choice((f"PSP handshake: eu-central {central} ms, eu-west {west} ms",
                                      f"Probe to the PSP from eu-central: {central} ms to handshake"))  # fmt: skip
