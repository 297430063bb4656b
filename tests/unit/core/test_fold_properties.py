"""Any order or duplication of the same events folds to the same state and timeline."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.metrics import compute
from cockpit.core.state import IncidentState, fold
from cockpit.core.timeline import Timeline

INC = "inc-prop"
T0 = datetime(2026, 11, 23, 14, tzinfo=UTC)
PEOPLE = ["ann", "bob", "cy"]

bodies = st.one_of(
    st.builds(lambda s: {"kind": "severity_set", "severity": s}, st.sampled_from(["SEV1", "SEV2", "SEV3"])),
    st.builds(lambda p: {"kind": "phase_set", "phase": p},
              st.sampled_from(["investigating", "mitigating", "monitoring", "resolved", "closed"])),
    st.builds(lambda r, p: {"kind": "role_assigned", "role": r, "person": p},
              st.sampled_from(["ic", "sme", "scribe", "comms_lead"]), st.sampled_from(PEOPLE)),
    st.builds(lambda r, p: {"kind": "role_released", "role": r, "person": p},
              st.sampled_from(["ic", "sme"]), st.sampled_from(PEOPLE)),
    st.builds(lambda i, c: {"kind": "checklist_item", "checklist": "intake", "item": f"item {i}", "checked": c},
              st.integers(0, 2), st.booleans()),
    st.builds(lambda k, t: {"kind": k, "text": t}, st.sampled_from(["note", "decision", "hypothesis"]),
              st.text(min_size=1, max_size=8).filter(str.strip)),
    st.just({"kind": "mitigation_started", "what": "restart", "by": "bob"}),
    st.just({"kind": "task_delegated", "task": "look", "owner": "cy"}),
    st.just({"kind": "status_update", "text": "still investigating"}),
    st.just("settle-last"),  # an outcome/ack/resolution/edit aimed at the latest target
    # the incident's shape: milestones on a few components, pages and their answers
    st.builds(lambda n, c, lv: {"kind": "milestone", "name": n, "component": c,
                                "level": lv if n == "impact_started" else None},
              st.sampled_from(["impact_started", "impact_ended", "detected", "cause_identified",
                               "mitigated"]),
              st.sampled_from(["", "api", "db"]), st.sampled_from([None, "outage", "degraded"])),
    st.builds(lambda k, p: {"kind": k, "person": p},
              st.sampled_from(["person_paged", "page_acknowledged"]), st.sampled_from(PEOPLE)),
)  # fmt: skip

# Each step: which author writes (each author has a partial view of the log), a body,
# and a backdating offset.
steps = st.lists(
    st.tuples(st.integers(0, 2), bodies, st.integers(-600, 0), st.integers(0, 3)),
    min_size=1,
    max_size=40,
)


def build(script):
    clock = FakeClock(T0)
    declared = new_event(INC, "ann", {"kind": "incident_declared", "title": "t"}, clock)
    log = [declared]
    views = [IncidentState(INC) for _ in PEOPLE]
    for v in views:
        v.apply(declared)
    for who, body, back, sync_lag in script:
        clock.advance(seconds=7)
        view = views[who]
        if body == "settle-last":
            body = settle(log)
            if body is None:
                continue
        e = new_event(INC, PEOPLE[who], body, clock, state=view, at=clock.now() + timedelta(seconds=back),
                      latest_hlc=max(x.hlc for x in log if x.id in view.ids))  # fmt: skip
        log.append(e)
        view.apply(e)
        # the other authors see the log only up to some lag
        for i, other in enumerate(views):
            if i != who:
                other.apply_all(log[: max(1, len(log) - sync_lag)])
    return log


def settle(log):
    for e in reversed(log):
        k = e.kind
        if k == "mitigation_started":
            return {"kind": "mitigation_outcome", "mitigation": e.id, "outcome": "worked"}
        if k == "task_delegated":
            return {"kind": "task_status", "target": e.id, "status": "acknowledged"}
        if k == "hypothesis":
            return {"kind": "entry_resolved", "target": e.id, "resolution": "confirmed"}
        if k in ("note", "decision"):
            return {"kind": "entry_edited", "target": e.id, "text": "edited"}
    return None


def timeline_view(events):
    tl = Timeline(UTC)
    tl.apply_all(events)
    return [(r.id, r.text, r.edited) for r in tl]


@settings(max_examples=150, deadline=None)
@given(script=steps, data=st.data())
def test_any_shuffle_or_duplication_folds_to_the_same_state(script, data):
    log = build(script)
    reference = fold(log).snapshot()
    extra = data.draw(st.lists(st.sampled_from(log), max_size=10))
    mixed = data.draw(st.permutations(log + extra))
    assert fold(mixed).snapshot() == reference
    assert timeline_view(mixed) == timeline_view(log)
    later = T0 + timedelta(hours=1)  # the numbers, too, are the same for any order
    assert compute(fold(mixed), later).as_data() == compute(fold(log), later).as_data()


@settings(max_examples=50, deadline=None)
@given(script=steps, split=st.integers(0, 40))
def test_applying_in_two_batches_equals_one_fold(script, split):
    log = build(script)
    s = IncidentState(INC)
    s.apply_all(log[split:])
    s.apply_all(log[:split])
    assert s.snapshot() == fold(log).snapshot()


def lighten(events):
    from cockpit.core.kinds import PLAIN_KINDS
    from cockpit.core.light import LightEntry

    return [LightEntry.from_event(e) if e.kind in PLAIN_KINDS else e for e in events]


@settings(max_examples=60, deadline=None)
@given(script=steps, data=st.data())
def test_light_entries_fold_and_show_like_full_events(script, data):
    log = build(script)
    light = lighten(data.draw(st.permutations(log)))
    assert fold(light).snapshot() == fold(log).snapshot()
    assert timeline_view(light) == timeline_view(log)


@settings(max_examples=60, deadline=None)
@given(script=steps, split=st.integers(0, 40), data=st.data())
def test_a_background_merge_equals_applying_one_by_one(script, split, data):
    log = build(script)
    mixed = data.draw(st.permutations(lighten(log)))
    tl = Timeline(UTC)
    tl.apply_all(mixed[split:])
    tl.merge(mixed[:split] + mixed[split : split + 3])  # with some already there
    assert [(r.id, r.text, r.edited) for r in tl] == timeline_view(log)
    assert [r.event.model_dump() for r in tl] == [r.event.model_dump() for r in _full(log)]


def _full(log):
    tl = Timeline(UTC)
    tl.apply_all(log)
    return tl
