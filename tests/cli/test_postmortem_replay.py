"""Real public incidents, replayed through the CLI from their published timelines, give the
durations their organisations published, to the minute.

Each fixture in tests/fixtures/postmortems/ (README there: sources, mapping choices, doubts)
holds the milestones with ISO times and the `[published]` figures in minutes. The replay is
what a scribe would type after the fact: `declare --at`, `milestone NAME --at`, `page
--at` and `page --acknowledged --at`, `phase resolved|closed --at`, into a fresh file; each
time is typed in another UTC offset (the same instant), so the parser's offsets are part of
what is checked. Then `cockpit metrics --json` must give every published figure exactly.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures" / "postmortems"
CASES = sorted(FIXTURES.glob("*.toml"))
OFFSETS = [UTC, timezone(timedelta(hours=-7)), timezone(timedelta(hours=5, minutes=30)),
           timezone(timedelta(hours=9)), timezone(timedelta(hours=-3, minutes=-30))]  # fmt: skip
MILESTONES = {"impact_started", "impact_ended", "detected", "cause_identified", "mitigated"}
PERSON = "on-call"


def load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def typed(at: str, i: int) -> str:
    """The instant as a scribe in another zone would type it: ISO with that zone's offset."""
    instant = datetime.fromisoformat(at.replace("Z", "+00:00"))
    return instant.astimezone(OFFSETS[i % len(OFFSETS)]).isoformat()


def replay(cli, fixture: dict) -> None:
    """Type the fixture's timeline into a fresh file, as a scribe would, in time order."""
    milestones = sorted(fixture["milestones"], key=lambda m: m["at"])
    declared = next((m for m in milestones if m["name"] == "declared"), None)
    # No published declaration: declared at the first fact (time_to_declare is not asserted).
    first = declared or milestones[0]
    assert cli.ok("declare", fixture["title"], "--at", typed(first["at"], 0)) == "INC-1"
    for i, m in enumerate(milestones, start=1):
        at = typed(m["at"], i)
        name = m["name"]
        if name in MILESTONES:
            argv = ["milestone", "INC-1", name, "--at", at]
            if m.get("component"):
                argv += ["--component", m["component"]]
            if m.get("level"):
                argv += ["--level", m["level"]]
            cli.ok(*argv, m["text"])
        elif name == "paged":
            cli.ok("page", "INC-1", PERSON, "--at", at)
        elif name == "page_acknowledged":
            cli.ok("page", "INC-1", PERSON, "--acknowledged", "--at", at)
        elif name == "resolved":
            cli.ok("phase", "INC-1", name, "--at", at, "--reason", m["text"])
        elif name == "closed":  # a replay has no recovery checklist to tick
            cli.ok(
                "phase",
                "INC-1",
                name,
                "--at",
                at,
                "--reason",
                m["text"],
                "--override",
                "replayed from the published timeline",
            )
        else:
            assert name == "declared", f"a milestone name the replay does not know: {name}"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_published_figures_to_the_minute(cli, path):
    fixture = load(path)
    replay(cli, fixture)
    got = cli("metrics", "INC-1", "--json").json
    published = {k: v for k, v in fixture["published"].items() if k not in ("derived", "quotes")}
    assert published, "a fixture with nothing published to check"
    for name, minutes in published.items():
        assert got[name] == minutes * 60, (name, got[name], minutes, got["spans"].get(name))
    for span in fixture.get("spans", []):
        assert span_seconds(got, span) == span["minutes"] * 60, span


def span_seconds(got: dict, span: dict) -> int:
    """A stated figure whose endpoints are not one of the metrics ([[spans]] in the README)."""
    if (span["from"], span["to"]) == ("impact_started", "impact_ended"):
        return got["impact"]["by_component"][span["component"]]
    assert (span["from"], span["to"], span["component"]) == ("impact_started", "mitigated", "")
    start = datetime.fromisoformat(got["spans"]["time_to_detect"]["from"])  # first impact
    end = datetime.fromisoformat(got["spans"]["time_to_mitigate"]["to"])  # first mitigated
    return round((end - start).total_seconds())


def test_every_fixture_is_checked_and_credited():
    """Six incidents, each with its source and at least one published figure; the README
    credits them all."""
    assert len(CASES) == 6
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for path in CASES:
        fixture = load(path)
        assert fixture["source"].startswith("https://"), path.name
        assert fixture["published"].get("quotes"), path.name
        assert path.name in readme


def test_the_replayed_record_keeps_the_shape(cli):
    """GitHub, 21-22 October 2018: crosses midnight, lasts more than a day, nested component
    windows (webhooks, pages) inside the whole service's; a page and its answer."""
    replay(cli, load(FIXTURES / "github-2018-10-21.toml"))
    got = cli("metrics", "INC-1", "--json").json
    assert got["impact"]["by_component"] == {"": 1451 * 60, "webhooks": 1424 * 60,
                                             "pages": 1424 * 60}  # fmt: skip
    assert got["impact_duration"] == 1451 * 60  # nested windows do not add up
    assert got["time_to_acknowledge"] == 2 * 60  # the 23:09 page, answered 23:11
    shown = cli.show()
    assert shown["declared_at"] == "2018-10-21T23:09:00Z"
    assert [(s["phase"], s["at"]) for s in shown["phase_history"]] == [
        ("declared", "2018-10-21T23:09:00Z"), ("resolved", "2018-10-22T23:03:00Z")]  # fmt: skip
    assert shown["resolved_at"] == "2018-10-22T23:03:00Z"
    assert [p["acknowledged_at"] for p in shown["pages"]] == ["2018-10-21T23:11:00Z"]
    names = [m["milestone"] for m in shown["milestones"]]
    assert names.count("impact_started") == 3 and names.count("impact_ended") == 3
    text = cli.ok("metrics", "INC-1")
    assert "Impact duration" in text and "24h 11m" in text and "2018-10-22 23:03" in text
