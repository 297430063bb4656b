"""The postmortem draft in Markdown: the demo incident against a reviewed reference file, and
a constructed incident for what the demo does not have (redactions, unknown entries, markup
and controls in text, a change of the clocks, an incident across midnight)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from markdown_it import MarkdownIt

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.demo import seed_demo
from cockpit.export.markdown import postmortem
from cockpit.store import Store
from tests.hostile import raw_controls
from tests.unit.export.constructed import INC, SECRET, build

REFERENCE = Path(__file__).with_name("demo_postmortem.md")
DEMO_ID = "0196e1a4-0000-7000-8000-00000000de70"
END = datetime(2026, 11, 23, 15, 8, tzinfo=UTC)  # the demo's clock, fixed
BERLIN = ZoneInfo("Europe/Berlin")
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
SECTIONS = ["Summary", "Customer impact", "Metrics", "Contributing factors", "Mitigations",
            "Lessons learned", "Follow-ups", "Severity", "Phases", "Roles", "Decisions",
            "Status updates", "Evidence", "Still open when this draft was made", "Timeline"]  # fmt: skip


def headings(md: str) -> list[tuple[str, str]]:
    """Every heading, as it renders (its text, escapes undone)."""
    tokens = MD.parse(md)
    return [(t.tag, "".join(c.content for c in tokens[i + 1].children or []))
            for i, t in enumerate(tokens) if t.type == "heading_open"]  # fmt: skip


def test_the_demo_reads_as_the_reviewed_reference(tmp_path):
    """The reference was generated, then read as an IC reads it the morning after, and the
    draft fixed until it read well. A change to the draft shows here as a diff to review:
    COCKPIT_UPDATE_REFERENCE=1 writes the new one (read it before committing it)."""
    with Store.open(tmp_path / "demo.sqlite3", create=True) as store:
        ref = seed_demo(store, END, incident_id=DEMO_ID, tz=BERLIN)
        md = postmortem(store.events(ref.id), label=ref.label, tz=BERLIN, now=END)
    if os.environ.get("COCKPIT_UPDATE_REFERENCE"):
        REFERENCE.write_text(md, encoding="utf-8")
    assert md == REFERENCE.read_text(encoding="utf-8")


def test_the_demo_draft_has_its_sections_and_nothing_renders_as_markup(tmp_path):
    md = REFERENCE.read_text(encoding="utf-8")
    found = headings(md)
    assert found[0] == ("h1", "INC-1: Checkout API: high error rate")
    assert [h for tag, h in found if tag == "h2"] == SECTIONS
    assert [h for tag, h in found if tag == "h3"] == ["Monday 2026-11-23 (CET, UTC+01:00)"]
    tokens = MD.parse(md)
    assert not [t for t in tokens if t.type.startswith("html")]
    assert "Times are in Europe/Berlin (CET, UTC+01:00)." in md


def constructed(tmp_path: Path) -> str:
    clock = FakeClock(datetime(2026, 11, 23, 14, 0, tzinfo=UTC))
    with Store.open(tmp_path / "c.sqlite3", create=True, recorder="alice") as store:
        build(store, clock)
        return postmortem(store.events(INC), label="INC-7", tz=BERLIN, now=clock.now())


def test_redacted_text_never_appears_anywhere(tmp_path):
    md = constructed(tmp_path)
    assert SECRET not in md
    assert "█ redacted by alice at 15:03: a password" in md  # in the timeline and evidence
    assert md.count("█ redacted by alice") == 2


def test_people_s_markup_and_controls_stay_text(tmp_path):
    md = constructed(tmp_path)
    assert raw_controls(md) == []
    assert "Fixed␛[31m; monitoring" in md  # the control shown, inert
    found = headings(md)
    assert found[0] == ("h1", "INC-7: Payments: 5xx *and* <timeouts>")  # as typed, rendered
    assert [h for tag, h in found if tag == "h2"] == SECTIONS  # "# Keep 4812 out" is no heading
    tokens = MD.parse(md)
    assert not [t for t in tokens if t.type.startswith("html")]
    quotes = [[c.content for c in tokens[i + 2].children if c.type == "text"]
              for i, t in enumerate(tokens) if t.type == "blockquote_open"]  # fmt: skip
    assert ["# Keep 4812 out", "- until the TLS fix"] in quotes  # a decision of two lines


def test_the_record_fills_the_sections(tmp_path):
    md = constructed(tmp_path)
    assert "- **Severity:** SEV1 at its highest (declared SEV2)" in md
    assert "- **Resolved:** Mon 2026-11-23 15:12 CET" in md
    assert "- **Incident Commander:** alice, then omar" in md
    assert ("- Deploy 4812 broke TLS to the PSP (priya's hypothesis at 15:05, confirmed by "
            "priya at 15:07: rollback fixed it)") in md  # fmt: skip
    assert ("- 15:06 **Roll back 4812**, by priya: worked at 15:07, 30s after it started — "
            "errors back to 0.3%") in md  # fmt: skip
    assert "- What helped: Roll back 4812 (worked)" in md
    assert "(done 2026-11-23: PR 77)" in md
    assert "| Incident Commander | alice | 15:00 | 15:11          |" in md
    assert "- hypothesis (priya, 15:05): The PSP is down" in md  # still open
    assert "- 15:04 note (deploy-bot via alice) <https://ci/4812>: deploy 4812 finished" in md
    assert "- 15:03 note (sam via alice) (edited): pool at 48/50" in md


def test_unknown_entries_and_backdated_ones_keep_their_place(tmp_path):
    md = constructed(tmp_path)
    timeline = md.split("## Timeline", 1)[1]
    assert "unknown entry “slo_burned” (newbot via alice): EU card payments down" in timeline
    assert "unknown entry “severity_set” (newbot via alice): severity=SEV0" in timeline
    lines = [line for line in timeline.splitlines() if line.startswith("- ")]
    assert lines[0] == "- 14:52 note (sam via alice): First alert fired"  # before declaring
    assert lines[1].startswith("- 15:00 **declared** (alice)")


def test_times_across_midnight_and_a_change_of_the_clocks(tmp_path):
    # Sunday 2026-10-25: Berlin goes from CEST (+02:00) to CET (+01:00) at 03:00 local
    start = datetime(2026, 10, 24, 21, 30, tzinfo=UTC)  # 23:30 CEST on Saturday
    clock = FakeClock(start)
    inc = "0196e1a4-0000-7000-8000-00000000d57c"
    with Store.open(tmp_path / "dst.sqlite3", create=True) as store:
        store.declare(new_event(inc, "kim", {"kind": "incident_declared", "title": "Night",
                                             "severity": "SEV3"}, clock))  # fmt: skip
        for hours, text in ((1, "after midnight"), (3.5, "after the change")):
            clock.set(start + timedelta(hours=hours))
            store.append(new_event(inc, "kim", {"kind": "severity_set", "severity": "SEV2",
                                                "reason": text}, clock))  # fmt: skip
        md = postmortem(store.events(inc), label="INC-1", tz=BERLIN, now=clock.now())
    assert "### Saturday 2026-10-24 (CEST, UTC+02:00)" in md
    assert "### Sunday 2026-10-25 (CEST, UTC+02:00)" in md
    assert "- the clocks changed: now CET, UTC+01:00" in md
    assert "- Sun 2026-10-25 00:30 SEV2, by kim: after midnight" in md
    assert "- Sun 2026-10-25 02:00 (CET, UTC+01:00) SEV2, by kim: after the change" in md
    assert "Times are in Europe/Berlin (CEST, UTC+02:00)." in md
