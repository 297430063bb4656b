"""A realistic demo incident, for `cockpit demo`, the tests and the benchmarks.

`seed_demo` writes one incident about 68 minutes old into a store (and a child workstream
of it, `seed_workstream`): roles filled, a failed
mitigation and one in flight, status updates on a cadence with the next one due in about two
minutes, checklist items ticked, a task nobody has acknowledged (asked to report back in ten
minutes), a short break, and the scribe's running log of it (demo_story), with as many
readings as asked for on top.
The same seed and end time give the same incident (the event ids differ; nothing shows them).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, tzinfo
from typing import Any

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.events import Event
from cockpit.core.state import IncidentState
from cockpit.demo_story import NARRATIVE, reading
from cockpit.store.store import IncidentRef, Store

INCIDENT_MINUTES = 68  # the last update (at +50, next in 20) is due 2 minutes after the end
PEOPLE = ("maria", "sam", "priya", "lee", "omar", "dev", "kim")

_SCRIPT: list[tuple[float, str, dict[str, Any]]] = [
    (0.5, "maria", {"kind": "role_assigned", "role": "ic", "person": "maria"}),
    (1.0, "maria", {"kind": "role_assigned", "role": "scribe", "person": "sam"}),
    (1.5, "maria", {"kind": "role_assigned", "role": "tech_lead", "person": "priya"}),
    (2.0, "maria", {"kind": "role_assigned", "role": "comms_lead", "person": "lee"}),
    (2.5, "maria", {"kind": "role_assigned", "role": "deputy_ic", "person": "omar"}),
    (3.0, "priya", {"kind": "role_assigned", "role": "sme", "person": "dev"}),
    (3.2, "priya", {"kind": "role_assigned", "role": "sme", "person": "kim"}),
    (
        4.0,
        "sam",
        {"kind": "checklist_item", "checklist": "intake", "item": "Customer impact known"},
    ),
    (4.5, "sam", {"kind": "checklist_item", "checklist": "intake", "item": "Blast radius known"}),
    (
        5.0,
        "sam",
        {"kind": "checklist_item", "checklist": "intake", "item": "When it started known"},
    ),
    (5.5, "maria", {"kind": "phase_set", "phase": "investigating", "reason": "intake done"}),
    (6.0, "sam", {"kind": "checklist_item", "checklist": "kickoff", "item": "Severity set"}),
    (
        7.0,
        "sam",
        {
            "kind": "checklist_item",
            "checklist": "kickoff",
            "item": "Incident call and channel announced",
        },
    ),  # fmt: skip
    (
        8.0,
        "lee",
        {
            "kind": "status_update",
            "text": "Investigating elevated checkout errors; some customers cannot pay.",
            "next_in_minutes": 20,
        },
    ),  # fmt: skip
    (
        8.5,
        "sam",
        {"kind": "checklist_item", "checklist": "kickoff", "item": "First status update posted"},
    ),
    (
        10.0,
        "maria",
        {
            "kind": "severity_set",
            "severity": "SEV1",
            "reason": "error rate 38%, all regions, payments failing",
        },
    ),  # fmt: skip
    (
        12.0,
        "priya",
        {"kind": "hypothesis", "text": "Deploy 4812 (payments client bump) broke TLS to the PSP"},
    ),
    (
        14.0,
        "dev",
        {
            "kind": "evidence",
            "text": "ERROR psp.client: handshake timeout after 5000ms\n"
            "ERROR psp.client: handshake timeout after 5000ms\n"
            "WARN  pool: 48/50 connections busy",
        },
    ),  # fmt: skip
    (
        20.0,
        "maria",
        {"kind": "task_delegated", "task": "Check DB connection pool saturation", "owner": "dev"},
    ),
    (21.0, "dev", {"kind": "task_status", "status": "acknowledged", "target": "@task0"}),
    (25.0, "priya", {"kind": "mitigation_started", "what": "Roll back deploy 4812", "by": "priya"}),
    (26.0, "maria", {"kind": "phase_set", "phase": "mitigating", "reason": "rollback under way"}),
    (
        28.0,
        "lee",
        {
            "kind": "status_update",
            "text": "Rolling back the latest payments deploy.",
            "next_in_minutes": 20,
            "destinations": ["inc-checkout"],
        },
    ),  # fmt: skip
    (30.0, "lee", {"kind": "break_taken", "person": "lee", "minutes": 5}),  # the roster: `r`
    (
        35.0,
        "priya",
        {
            "kind": "mitigation_outcome",
            "mitigation": "@mit0",
            "outcome": "no_effect",
            "note": "errors unchanged 8 minutes after rollback",
        },
    ),  # fmt: skip
    (
        36.0,
        "maria",
        {
            "kind": "decision",
            "text": "Rollback ruled out as the fix; fail payments over to eu-west next",
        },
    ),  # fmt: skip
    (
        38.0,
        "kim",
        {"kind": "question", "text": "Did the PSP rotate their intermediate certificate?"},
    ),
    (
        45.0,
        "kim",
        {"kind": "mitigation_started", "what": "Fail over payments to eu-west", "by": "kim"},
    ),
    (
        50.0,
        "lee",
        {
            "kind": "status_update",
            "text": "Failing payments over to another region; next update in 20 minutes.",
            "next_in_minutes": 20,
        },
    ),  # fmt: skip
    (
        66.0,
        "maria",
        {
            "kind": "task_delegated",
            "task": "Draft status page text for customers",
            "owner": "lee",
            "report_back": "+10",
        },  # minutes after it was delegated
    ),  # fmt: skip
    # Updates to other audiences, as the composer writes them: executives hourly (CAN), and
    # the status page by its stage, with nothing internal in it.
    (30.0, "lee", {"kind": "status_update", "audience": "exec", "template": "can",
                   "next_in_minutes": 60, "destinations": ["execs"], "text": (
        "Checkout API: high error rate. CAN report for executives\n"
        "CONDITIONS: card payments fail for a share of customers, in every region.\n"
        "ACTIONS: the latest payments deploy was rolled back, with no effect; "
        "failing over to another region next.\n"
        "NEEDS: nothing from you yet.\nIC: maria. Next update within the hour.")}),
    (52.0, "lee", {"kind": "status_update", "audience": "customers", "stage": "identified",
                   "template": "sbar", "next_in_minutes": 30, "destinations": ["statuspage"],
                   "text": (
        "Identified: issues affecting checkout\n"
        "We have identified the cause and are working on a fix. Some card payments fail; "
        "please retry in a few minutes.\nNext update within 30 minutes.")}),
    # Stakeholders ask the IC, not the engineers: one deferred to the next update (which then
    # answers it), one still waiting in the inbox (Q).
    (
        29.0,
        "lee",
        {
            "kind": "question_asked",
            "from": "VP Sales",
            "text": "Will EU customers get an SLA credit for the failed payments?",
        },
    ),
    (31.0, "maria", {"kind": "question_settled", "target": "@q0", "how": "deferred"}),
    (
        58.0,
        "lee",
        {
            "kind": "question_asked",
            "from": "Head of Support",
            "text": "Can support tell customers to retry their payment now?",
        },
    ),
]  # fmt: skip


# The incident's shape (core/milestones.py), recorded as the team learnt it: the first 5xx
# came three minutes before the declaration, the alert paged maria, who answered; the
# failover eased the impact before the PSP confirmed the cause. (recorded at, happened at,
# author, body), in minutes from the declaration: the metrics view (N) has real numbers.
_SHAPE: list[tuple[float, float, str, dict[str, Any]]] = [
    (0.6, -1.0, "sam", {"kind": "person_paged", "person": "maria", "via": "pager"}),
    (0.6, -0.5, "maria", {"kind": "page_acknowledged", "person": "maria", "via": "pager"}),
    (0.7, -3.0, "sam", {"kind": "milestone", "name": "impact_started", "component": "payments",
                        "level": "degraded", "text": "first 5xx on /v1/pay"}),
    (0.7, -1.0, "sam", {"kind": "milestone", "name": "detected", "how": "monitoring",
                        "text": "checkout-api 5xx alert"}),
    (1.3, 1.2, "maria", {"kind": "person_paged", "person": "priya", "via": "pager"}),
    (1.8, 1.7, "priya", {"kind": "page_acknowledged", "person": "priya", "via": "chat"}),
    (49.5, 49.0, "dev", {"kind": "milestone", "name": "mitigated",
                         "text": "error rate falling after the failover"}),
    (52.5, 52.0, "kim", {"kind": "milestone", "name": "cause_identified",
                         "text": "the PSP rotated its eu-central certificate"}),
    (55.5, 55.0, "dev", {"kind": "milestone", "name": "impact_ended", "component": "payments",
                         "text": "5xx back to baseline"}),
]  # fmt: skip


# Follow-ups noted as they came up (cockpit/core/followups.py), each due some days after the
# demo's end: (minute, author, what, owner, kind, days).
FOLLOWUPS: list[tuple[float, str, str, str, str, int]] = [
    (18.5, "priya", "Alert on a canary's 5xx rate relative to the fleet, so a 5% canary "
     "catches what 4812 did", "priya", "detect", 7),
    (22.5, "dev", "Time out PSP calls after 2 s, before they hold a DB connection for 5",
     "dev", "prevent", 14),
    (53.5, "maria", "Runbook: drain one region's payments to another in one command", "kim",
     "mitigate", 10),
]  # fmt: skip


def _followups(end: datetime, tz: tzinfo | None) -> list[tuple[float, str, dict[str, Any]]]:
    return [(minute, author, {"kind": "followup_added", "text": text, "owner": owner,
                              "category": kind,
                              "due": (end + timedelta(days=days)).astimezone(tz).isoformat()})
            for minute, author, text, owner, kind, days in FOLLOWUPS]  # fmt: skip


# Where those updates went (cockpit/comms): the chat at once, the executives' mail after two
# retries, the status page at once. Kept out of the `entries` budget, so the demo's readings
# (and what the screen shows first) stay the same.
_DELIVERIES: list[tuple[float, str, dict[str, Any]]] = [
    (28.1, "lee", {"kind": "delivery", "update": "@upd0", "destination": "inc-checkout",
                   "status": "sent"}),
    (30.1, "lee", {"kind": "delivery", "update": "@upd1", "destination": "execs",
                   "status": "retrying", "detail": "connection refused"}),
    (31.0, "lee", {"kind": "delivery", "update": "@upd1", "destination": "execs",
                   "status": "sent", "attempt": 3}),
    (52.1, "lee", {"kind": "delivery", "update": "@upd2", "destination": "statuspage",
                   "status": "sent"}),
]  # fmt: skip


def _resolve(body: dict[str, Any], refs: dict[str, str], at: datetime) -> dict[str, Any]:
    out = dict(body)
    for key in ("target", "mitigation", "update"):
        if isinstance(out.get(key), str) and out[key].startswith("@"):
            out[key] = refs[out[key][1:]]
    if isinstance(out.get("report_back"), str):  # "+10": minutes after the event
        out["report_back"] = (at + timedelta(minutes=int(out["report_back"]))).isoformat()
    return out


def demo_events(
    incident_id: str, end: datetime, *, entries: int = 150, seed: int = 7,
    tz: tzinfo | None = None,
) -> list[Event]:  # fmt: skip
    """The demo incident's events, ending at `end` (its next update due about 2 min after).
    Times quoted in the texts are in `tz` (default: this machine's), as the screen shows them."""
    rng = random.Random(seed)
    start = end - timedelta(minutes=INCIDENT_MINUTES)
    began = f"{(start - timedelta(minutes=3)).astimezone(tz):%H:%M}"  # the first 5xx
    script = list(_SCRIPT) + _followups(end, tz)
    script += [
        (recorded, who, body | {"@at": happened}) for recorded, happened, who, body in _SHAPE
    ]
    story = [(m, who, {"kind": kind, "text": text.format(began=began)})
             for m, who, kind, text in NARRATIVE]  # fmt: skip
    script += story[: max(0, entries - len(script) - 1)]
    for _ in range(max(0, entries - len(script) - 1)):  # readings, on the story's numbers
        minute = rng.uniform(1, INCIDENT_MINUTES - 0.5)
        who, kind, text = reading(minute, rng, began)
        script.append((minute, who, {"kind": kind, "text": text}))
    script += _DELIVERIES
    script.sort(key=lambda item: item[0])
    clock = FakeClock(start)
    state = IncidentState(incident_id)
    declared = {"kind": "incident_declared", "title": "Checkout API: high error rate",
                "service": "checkout", "severity": "SEV2",
                "impact": "Card payments failing for a share of customers, all regions",
                "summary": f"5xx on /v1/pay since {began}"}  # fmt: skip
    events = [new_event(incident_id, "maria", declared, clock)]
    state.apply(events[0])
    refs: dict[str, str] = {}
    counters = {
        "task_delegated": 0,
        "mitigation_started": 0,
        "question_asked": 0,
        "status_update": 0,
    }
    prefixes = {
        "task_delegated": "task",
        "mitigation_started": "mit",
        "question_asked": "q",
        "status_update": "upd",
    }
    for minute, author, body in script:
        clock.set(start + timedelta(minutes=minute))
        body = dict(body)
        happened = body.pop("@at", None)  # backdated: recorded later than it happened
        at = None if happened is None else start + timedelta(minutes=happened)
        e = new_event(
            incident_id, author, _resolve(body, refs, at or clock.now()), clock, state=state, at=at
        )
        kind = body["kind"]
        if kind in counters and (kind != "status_update" or body.get("destinations")):
            refs[f"{prefixes[kind]}{counters[kind]}"] = e.id
            counters[kind] += 1
        state.apply(e)
        events.append(e)
    return events


def seed_demo(store: Store, end: datetime, *, entries: int = 150, seed: int = 7,
              incident_id: str | None = None, tz: tzinfo | None = None) -> IncidentRef:  # fmt: skip
    """Write the demo incident into `store`; returns its reference (INC-n)."""
    from cockpit.core.ids import uuid7

    incident_id = incident_id or uuid7(end - timedelta(minutes=INCIDENT_MINUTES))
    events = demo_events(incident_id, end, entries=entries, seed=seed, tz=tz)
    # The demo's people recorded their own entries: not "(via <whoever runs the demo>)".
    recorder, store.recorder = store.recorder, ""
    try:
        ref, _ = store.declare(events[0])
        store.append_many(events[1:], origin="local")
        seed_workstream(store, ref.id, events[0], end)
    finally:
        store.recorder = recorder
    return ref


def seed_workstream(store: Store, parent: str, declared: Event, end: datetime) -> None:
    """A child workstream of the demo incident, with its own lead (cockpit/core/links.py):
    finance asked for the failed payments, and omar leads their replay beside the main
    response, so the demo's screen lists it live under "Workstreams"."""
    from cockpit.core.ids import uuid7

    clock = FakeClock(end - timedelta(minutes=22))
    child = uuid7(clock.now())
    title = getattr(declared.body, "title", "")
    script: list[dict[str, Any]] = [
        {"kind": "incident_declared", "title": "Replay the failed payments",
         "service": "payments", "severity": "SEV3",
         "impact": "4,212 card payments failed during the PSP timeouts"},
        {"kind": "role_assigned", "role": "ic", "person": "omar"},
        {"kind": "incident_linked", "target": parent, "relation": "part_of", "title": title},
        {"kind": "phase_set", "phase": "mitigating", "reason": "replay script tested"},
        {"kind": "mitigation_started", "what": "Replay failed payments in batches of 500",
         "by": "dev"},
    ]  # fmt: skip
    state = IncidentState(child)
    events = []
    for body in script:
        clock.advance(60)
        e = new_event(child, "omar", body, clock, state=state)
        state.apply(e)
        events.append(e)
    store.declare(events[0])
    store.append_many(events[1:], origin="local")


def seed_notes(
    store: Store, incident_id: str, count: int, end: datetime, *, batch: int = 5000
) -> None:
    """Add `count` plain notes before `end` (for benchmarks with 100,000 entries)."""
    clock = FakeClock(end - timedelta(seconds=count))
    began = f"{(clock.now() - timedelta(minutes=3)).astimezone():%H:%M}"
    rng = random.Random(11)
    pending: list[Event] = []
    for i in range(count):
        clock.advance(1)
        who, kind, text = reading((i / 20) % INCIDENT_MINUTES, rng, began)
        pending.append(new_event(incident_id, who, {"kind": "note", "text": text}, clock))
        if len(pending) >= batch:
            store.append_many(pending, origin="local")
            pending = []
    if pending:
        store.append_many(pending, origin="local")
