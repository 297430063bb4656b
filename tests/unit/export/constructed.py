"""Constructed incidents. `build`: everything an export must carry or withhold: edits, a
redacted secret (and an edit of it), events of kinds this cockpit does not know, an entry
recorded on someone's behalf, backdated entries with the offset they were typed in, a settled
hypothesis, a mitigation with its outcome, follow-ups, role changes, and markup and controls
in text. `build_shape`: the incident's shape, late at night in a zone with a half-hour offset: impact on two components in three windows across midnight, a detection
by a customer, pages (one never answered), late updates, a milestone corrected, one redacted,
no cause identified, and a resolution, a reopening and a second resolution."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.events import Event
from cockpit.store import Store

INC = "0196e1a4-0000-7000-8000-00000000e4b0"
SECRET = "hunter2-s3cr3t"
SHAPE_INC = "0196e1a4-0000-7000-8000-00000000a5e1"
KOLKATA = ZoneInfo("Asia/Kolkata")  # UTC+05:30 all year
SHAPE_START = datetime(2026, 11, 23, 18, 20, tzinfo=UTC)  # declared: Mon 23:50 in Kolkata


class Builder:
    def __init__(self, store: Store, clock: FakeClock, incident: str = INC) -> None:
        self.store, self.clock, self.incident = store, clock, incident

    def add(self, author: str, body: dict, *, at_minutes: float | None = None,
            offset: int | None = None, shared: bool = False) -> Event:  # fmt: skip
        self.clock.advance(30)
        state = self.store.state(INC) if shared else None
        at = None if at_minutes is None else self.start + timedelta(minutes=at_minutes)
        e = new_event(self.incident, author, body, self.clock, at=at, at_offset=offset,
                      state=state)  # fmt: skip
        return self.store.append(e)

    def at(self, minutes: float, author: str, body: dict) -> Event:
        """An entry at `minutes` from the start: recorded then, or later and backdated (the
        clock never goes back)."""
        target = self.start + timedelta(minutes=minutes)
        if target > self.clock.now():
            self.clock.set(target - timedelta(seconds=30))  # `add` moves it on 30 s
            return self.add(author, body, shared=True)
        return self.add(author, body, at_minutes=minutes, shared=True)

    def raw(self, data: dict) -> Event:
        """An event as a newer cockpit might write it (read as an unknown entry here)."""
        self.clock.advance(30)
        e = new_event(INC, "newbot", {"kind": "note", "text": "x"}, self.clock)
        js = e.model_dump(mode="json") | data
        return self.store.append(Event.model_validate(js))


def build(store: Store, clock: FakeClock) -> str:
    """Write the incident into `store` (recorded as `alice`, whose configured name it is)."""
    b = Builder(store, clock)
    b.start = clock.now()
    declared = new_event(INC, "alice", {"kind": "incident_declared", "title": "Payments: 5xx *and* <timeouts>",
                                        "service": "payments", "severity": "SEV2",
                                        "impact": "Card payments fail for EU customers",
                                        "summary": "5xx on /v1/pay"}, clock)  # fmt: skip
    store.declare(declared)
    b.add("alice", {"kind": "role_assigned", "role": "ic", "person": "alice"}, shared=True)
    b.add("alice", {"kind": "role_assigned", "role": "scribe", "person": "sam"}, shared=True)
    # backdated, typed at 13:52 on a wall clock at UTC+05:30
    b.add("sam", {"kind": "note", "text": "First alert fired"}, at_minutes=-8, offset=330)
    leak = b.add("sam", {"kind": "evidence", "text": f"curl -u admin:{SECRET} https://psp/x\n"
                                                     "HTTP/1.1 503"})  # fmt: skip
    b.add("sam", {"kind": "entry_edited", "target": leak.id,
                  "text": f"curl -u admin:{SECRET} (edited)"})  # fmt: skip
    b.add("alice", {"kind": "entry_redacted", "target": leak.id, "reason": "a password"})
    typo = b.add("sam", {"kind": "note", "text": "pool at 48/5"})
    b.add("sam", {"kind": "entry_edited", "target": typo.id, "text": "pool at 48/50"})
    b.add("deploy-bot", {"kind": "note", "text": "deploy 4812 finished", "link": "https://ci/4812"})
    hyp = b.add("priya", {"kind": "hypothesis", "text": "Deploy 4812 broke TLS to the PSP"})
    b.add("priya", {"kind": "hypothesis", "text": "The PSP is down"})
    b.add("alice", {"kind": "severity_set", "severity": "SEV1", "reason": "all EU"}, shared=True)
    m = b.add("priya", {"kind": "mitigation_started", "what": "Roll back 4812", "by": "priya"})
    b.add("priya", {"kind": "mitigation_outcome", "mitigation": m.id, "outcome": "worked",
                    "note": "errors back to 0.3%"}, shared=True)  # fmt: skip
    b.add("priya", {"kind": "entry_resolved", "target": hyp.id, "resolution": "confirmed",
                    "text": "rollback fixed it"}, shared=True)  # fmt: skip
    b.add("alice", {"kind": "decision", "text": "# Keep 4812 out\n- until the TLS fix"})
    b.raw({"body": {"kind": "slo_burned", "component": "eu", "level": "outage",
                    "text": "EU card payments down"}})  # fmt: skip
    b.raw({"body": {"kind": "note", "text": "with a newer field", "mood": "tense"}})
    b.raw({"v": 2, "body": {"kind": "severity_set", "severity": "SEV0", "reason": "newer scale"}})
    due = (clock.now() + timedelta(days=7)).isoformat()
    f = b.add("sam", {"kind": "followup_added", "text": "Alert on TLS handshake failures",
                      "owner": "dev", "category": "detect", "due": due})  # fmt: skip
    b.add("dev", {"kind": "followup_set", "target": f.id, "status": "done", "note": "PR 77"},
          shared=True)  # fmt: skip
    b.add("alice", {"kind": "status_update", "text": "Fixed\x1b[31m; monitoring",
                    "next_in_minutes": 30})  # fmt: skip
    b.add("alice", {"kind": "role_assigned", "role": "ic", "person": "omar"}, shared=True)
    b.add("alice", {"kind": "phase_set", "phase": "resolved", "reason": "errors normal"},
          shared=True)  # fmt: skip
    return INC


def _milestone(name: str, text: str = "", **fields: str) -> dict:
    return {"kind": "milestone", "name": name, "text": text, **fields}


def build_shape(store: Store, clock: FakeClock, *, ended: bool = True,
                resolved_again: bool = True) -> str:  # fmt: skip
    """Write the shape incident (SHAPE_INC) into `store`; `ended=False` leaves the impact on
    api going on (no end recorded), `resolved_again=False` leaves it open after reopening."""
    clock.set(SHAPE_START)
    b = Builder(store, clock, SHAPE_INC)
    b.start = SHAPE_START
    store.declare(new_event(SHAPE_INC, "alice", {"kind": "incident_declared",
                                                 "title": "Checkout 502s at night",
                                                 "severity": "SEV2",
                                                 "impact": "Checkout fails for some"}, clock))  # fmt: skip
    b.at(-25, "sam", _milestone("impact_started", "checkout 502s", component="api",
                                level="outage"))  # fmt: skip
    wrong = b.at(-12, "sam", _milestone("detected", "wrong time", how="monitoring"))
    detected = b.at(-10, "sam", _milestone("detected", f"tweet from {SECRET}", how="customer",
                                           corrects=wrong.id))  # fmt: skip
    b.at(-8, "sam", {"kind": "person_paged", "person": "maria", "via": "pager"})
    b.at(-7, "sam", {"kind": "person_paged", "person": "priya", "via": "pager"})
    b.at(-6, "maria", {"kind": "page_acknowledged", "person": "maria", "via": "pager"})
    b.at(2, "alice", {"kind": "status_update", "text": "Looking into checkout 502s",
                      "next_in_minutes": 10})  # fmt: skip
    b.at(3, "alice", {"kind": "entry_redacted", "target": detected.id, "reason": "a handle"})
    b.at(5, "sam", _milestone("impact_started", "DB replicas lag", component="DB",
                              level="degraded"))  # fmt: skip
    b.at(15, "sam", _milestone("impact_ended", "api answers", component="api"))
    b.at(16, "alice", {"kind": "severity_set", "severity": "SEV1", "reason": "all checkouts"})
    m = b.at(17, "priya", {"kind": "mitigation_started", "what": "Restart the api pods",
                           "by": "priya"})  # fmt: skip
    b.at(20, "alice", {"kind": "status_update", "text": "Restarting the api",
                       "next_in_minutes": 30})  # fmt: skip
    b.at(25, "priya", {"kind": "mitigation_outcome", "mitigation": m.id, "outcome": "worked"})
    b.at(25, "priya", _milestone("mitigated", "errors falling"))
    b.at(30, "sam", _milestone("impact_ended", "all green"))  # every component: ends DB
    b.at(35, "alice", {"kind": "phase_set", "phase": "resolved", "reason": "errors normal"})
    b.at(40, "sam", _milestone("impact_started", "502s are back", component="api",
                               level="degraded"))  # fmt: skip
    b.at(42, "kim", {"kind": "phase_set", "phase": "investigating", "reason": "502s again"})
    if ended:
        b.at(55, "sam", _milestone("impact_ended", "api answers again", component="api"))
    if resolved_again:
        b.at(60, "alice", {"kind": "phase_set", "phase": "resolved", "reason": "fix verified"})
    return SHAPE_INC
