"""The postmortem draft's shape of the incident (Summary, Customer impact, Metrics, Phases) on
the constructed night-time incident (constructed.build_shape): several impact windows and
components, a missing milestone, an impact that never ended, a reopened incident, times
across midnight in a zone at UTC+05:30. The numbers must be `cockpit metrics`'s own."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cockpit.core.clock import FakeClock
from cockpit.core.metrics import EXTRA_DEFINITIONS, METRICS, compute
from cockpit.core.metrics_text import human
from cockpit.export.markdown import postmortem
from cockpit.store import Store
from tests.hostile import raw_controls
from tests.unit.export.constructed import KOLKATA, SECRET, SHAPE_START, build_shape

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def draft(tmp_path: Path, **kw: bool) -> tuple[str, dict]:
    """The draft of the shape incident as of when it was built, and `cockpit metrics`'s
    figures for the same moment (as JSON data)."""
    clock = FakeClock(SHAPE_START)
    with Store.open(tmp_path / "shape.sqlite3", create=True, recorder="alice") as store:
        inc = build_shape(store, clock, **kw)
        now = clock.now()
        md = postmortem(store.events(inc), label="INC-4", tz=KOLKATA, now=now)
        return md, compute(store.state(inc), now).as_data()


def section(md: str, name: str) -> str:
    return md.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]


def item(md: str, label: str) -> str:
    """The value of one metric's line (`- **Label:** value`), its two trailing spaces off."""
    for line in section(md, "Metrics").splitlines():
        if line.startswith(f"- **{label}:** "):
            return line.removeprefix(f"- **{label}:** ").rstrip()
    raise AssertionError(f"no line for {label}")


def test_several_windows_on_several_components_and_their_union(tmp_path):
    md, data = draft(tmp_path)
    impact = section(md, "Customer impact")
    assert "- **As reported at intake:** Checkout fails for some" in impact
    assert ("| api       | outage   | 23:25                | Tue 2026-11-24 00:05 | 40m 00s |"
            in impact)  # fmt: skip
    assert ("| DB        | degraded | 23:55                | Tue 2026-11-24 00:20 | 25m 00s |"
            in impact)  # fmt: skip
    assert ("| api       | degraded | Tue 2026-11-24 00:30 | Tue 2026-11-24 00:45 | 15m 00s |"
            in impact)  # the impact came back  # fmt: skip
    assert ("Impact in all: 1h 10m (overlapping windows counted once), between 23:25 and "
            "Tue 2026-11-24 00:45.") in impact  # fmt: skip
    assert data["impact_duration"] == 70 * 60
    assert item(md, "Impact duration") == "1h 10m (23:25 to Tue 2026-11-24 00:45)"
    assert "  - by component: api 55m 00s; DB 25m 00s" in md
    assert "  - by level: outage 40m 00s; degraded 40m 00s" in md
    summary = section(md, "Summary")
    assert summary.startswith("\nCustomers were affected from Mon 2026-11-23 23:25 IST to "
                              "Tue 2026-11-24 00:45 in 3 windows (api, DB): 1h10m of impact.")  # fmt: skip
    assert "- **What happened:**" not in summary  # nothing was typed for it: no empty line


def test_every_metric_is_cockpit_metrics_own_with_its_definition(tmp_path):
    md, data = draft(tmp_path)
    metrics = section(md, "Metrics")
    for metric in METRICS:
        seconds = data[metric.name]
        value = item(md, metric.label)
        if seconds is None:
            assert value.startswith("not recorded: ") or value.startswith("none when"), value
        else:
            assert value.startswith(human(seconds) + " ("), (metric.name, value)
        lines = metrics.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith(f"- **{metric.label}:**"))
        assert lines[at].endswith("  ")  # a hard break: the definition on a line of its own
        assert lines[at + 1] == "  " + metric.definition
    for text in EXTRA_DEFINITIONS.values():
        assert "  " + text in metrics
    assert item(md, "Time to detect") == "15m 00s (23:25 to 23:40)"
    assert item(md, "Time to acknowledge") == "2m 00s (23:42 to 23:44)"
    assert item(md, "Time to declare") == "10m 00s (23:40 to 23:50)"
    assert item(md, "Time to mitigate") == "35m 00s (23:40 to Tue 2026-11-24 00:15)"
    assert item(md, "Mitigations tried") == "1 (1 worked)"
    assert (data["updates"]["late"], data["updates"]["missed"]) == (1, 1)
    assert item(md, "Status updates") == "2 posted, 1 late, 1 missed"
    # promised for 00:40, while it was open again (reopened 00:32, resolved again 00:50)
    assert ("  - responders: 1 missed (due Tue 2026-11-24 00:40): no update from Tue 2026-11-24 "
            "00:10 to Tue 2026-11-24 00:50") in md  # fmt: skip
    assert "  - Tue 2026-11-24 00:10 to internal: 8m 00s late, due Tue 2026-11-24 00:02" in md
    assert item(md, "Time at each severity") == "SEV2 16m 00s, SEV1 44m 00s"


def test_a_missing_milestone_reads_not_recorded_never_a_number(tmp_path):
    md, data = draft(tmp_path)
    assert data["time_to_identify"] is None  # no cause_identified in the record
    assert item(md, "Time to identify") == "not recorded: no cause_identified milestone"
    rendered = MD.render(md)
    assert "Time to identify:</strong> not recorded: no cause_identified milestone" in rendered
    assert "`cockpit milestone INC-4 NAME --at TIME` (M on the screen)" in md


def test_detection_and_pages_with_a_correction_and_a_redaction(tmp_path):
    md, _ = draft(tmp_path)
    impact = section(md, "Customer impact")
    assert ("- **Detected:** 23:40 by a customer report, 15m 00s after impact started "
            "(sam via alice): █ redacted by alice at 23:53: a handle") in impact  # fmt: skip
    assert SECRET not in md and "wrong time" not in impact  # the corrected one does not count
    assert "(corrected by a later milestone: not counted): Detected by a monitoring alert" in md
    assert ("- **Paged:** maria at 23:42, acknowledged 2m 00s later; priya at 23:43, not "
            "acknowledged") in impact  # fmt: skip


def test_an_impact_that_never_ended_is_never_given_an_end(tmp_path):
    md, data = draft(tmp_path, ended=False)
    assert data["impact_duration"] is None
    impact = section(md, "Customer impact")
    assert "| api       | degraded | Tue 2026-11-24 00:30 | no end recorded      |" in impact
    so_far = human(data["impact"]["so_far"])
    assert (f"Impact in all: no end recorded for api, still going on when this draft was made "
            f"({so_far} so far).") in impact  # fmt: skip
    assert item(md, "Impact duration") == ("none when this draft was made: impact still going "
                                           f"on (api): no impact_ended milestone; {so_far} so far")  # fmt: skip
    assert "  - by component: api still going on; DB 25m 00s" in md
    assert ("Customers were affected from Mon 2026-11-23 23:25 IST in 3 windows (api, DB), and "
            "still were when this draft was made: no end of impact is recorded for api.") in md  # fmt: skip
    assert "00:45" not in md.split("## Timeline")[0]  # no end invented anywhere


def test_a_reopened_incident_counts_its_final_resolution(tmp_path):
    md, data = draft(tmp_path)
    phases = section(md, "Phases").strip().splitlines()
    assert phases == [
        "- 23:50 declared, by alice",
        "- Tue 2026-11-24 00:25 **resolved**, by alice: errors normal",
        "- Tue 2026-11-24 00:32 **reopened**, back to investigating, by kim via alice: 502s again",
        "- Tue 2026-11-24 00:50 **resolved**, by alice: fix verified",
    ]
    assert data["time_to_resolve"] == 70 * 60  # detection to the second resolution
    assert item(md, "Time to resolve") == "1h 10m (23:40 to Tue 2026-11-24 00:50)"
    assert ("It was resolved at Tue 2026-11-24 00:25, reopened at 00:32, and resolved again at "
            "00:50.") in section(md, "Summary")  # fmt: skip


def test_a_reopened_incident_still_open_has_no_time_to_resolve(tmp_path):
    md, data = draft(tmp_path, resolved_again=False)
    assert data["time_to_resolve"] is None
    assert item(md, "Time to resolve") == ("none when this draft was made: open again since it "
                                           "was reopened (investigating)")  # fmt: skip
    assert ("It was resolved at Tue 2026-11-24 00:25, reopened at 00:32, and was still open "
            "(investigating) when this draft was made.") in md  # fmt: skip
    assert "- **Status:** investigating when this draft was made" in md


@pytest.mark.parametrize("kw", [{}, {"ended": False, "resolved_again": False}])
def test_times_across_midnight_in_a_zone_at_a_half_hour_offset(tmp_path, kw):
    md, _ = draft(tmp_path, **kw)
    assert "Times are in Asia/Kolkata (IST, UTC+05:30)." in md
    assert "- **Declared:** Mon 2026-11-23 23:50 IST by alice" in md  # 18:20 UTC
    timeline = section(md, "Timeline")
    assert "### Monday 2026-11-23 (IST, UTC+05:30)" in timeline
    assert "### Tuesday 2026-11-24 (IST, UTC+05:30)" in timeline
    assert "- 23:25 **impact** (sam via alice): Impact started (api, outage): checkout 502s" in md
    assert "- 00:05 **impact end** (sam via alice): Impact ended (api): api answers" in timeline
    assert "- 23:44 page ack (maria via alice): maria acknowledged the page via pager" in md
    # the summary names the day whenever it changed since the time before
    assert "to Tue 2026-11-24 00:45" in md or "from Mon 2026-11-23 23:25 IST in 3" in md


def test_the_shape_sections_render_as_intended_and_stay_plain_text(tmp_path):
    md, _ = draft(tmp_path)
    assert raw_controls(md) == []
    tokens = MD.parse(md)
    assert not [t for t in tokens if t.type.startswith("html")]
    metrics = MD.render(section(md, "Metrics"))
    assert "Time to detect:</strong> 15m 00s (23:25 to 23:40)<br />" in metrics  # a hard break
    assert "<li>by component: api 55m 00s; DB 25m 00s</li>" in metrics  # a nested list
    impact = MD.render(section(md, "Customer impact"))
    assert impact.count("<tr>") == 4  # the header and three windows
