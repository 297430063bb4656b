"""A constructed incident with everything an export must carry or withhold: edits, a redacted
secret (and an edit of it), events of kinds this cockpit does not know, an entry recorded on
someone's behalf, backdated entries with the offset they were typed in, a settled hypothesis,
a mitigation with its outcome, follow-ups, role changes, and markup and controls in text."""

from __future__ import annotations

from datetime import timedelta

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.events import Event
from cockpit.store import Store

INC = "0196e1a4-0000-7000-8000-00000000e4b0"
SECRET = "hunter2-s3cr3t"


class Builder:
    def __init__(self, store: Store, clock: FakeClock) -> None:
        self.store, self.clock = store, clock

    def add(self, author: str, body: dict, *, at_minutes: float | None = None,
            offset: int | None = None, shared: bool = False) -> Event:  # fmt: skip
        self.clock.advance(30)
        state = self.store.state(INC) if shared else None
        at = None if at_minutes is None else self.start + timedelta(minutes=at_minutes)
        e = new_event(INC, author, body, self.clock, at=at, at_offset=offset, state=state)
        return self.store.append(e)

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
