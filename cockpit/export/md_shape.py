"""The postmortem draft's account of the incident's shape: the summary's opening (when
customers were affected, when it was detected, declared, resolved), the customer impact
(the impact windows per component and level, their union, detection, paging) and the phases
it went through. (The numbers are in `md_metrics`.)

Windows, their union and the time to detect come from `cockpit.core.metrics` (computed once,
as `cockpit metrics` does, in `Context.metrics`), never re-derived here. An impact with no
recorded end says so: it is never given one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from cockpit.core.impact import Window
from cockpit.core.metrics_text import human
from cockpit.core.milestones import (
    DETECTED_HOW_TEXT,
    ENDED_PHASES,
    MilestoneName,
    body,
    component_key,
)
from cockpit.core.timefmt import span
from cockpit.core.timeline import REDACTED
from cockpit.core.vocabulary import Phase
from cockpit.export.md_context import Context
from cockpit.export.md_sections import field_id, prompt, who
from cockpit.export.md_text import cell, inline, table, text_lines

WHOLE = "whole service"
# The intake's answers (vocabulary.INTAKE_QUESTIONS): those about the impact go in the
# Customer impact section, the rest in the Summary.
SUMMARY_FIELDS = (
    ("summary", "What happened"),
    ("changes", "What had changed"),
    ("notify", "Who was told"),
)
IMPACT_FIELDS = (
    ("impact", "As reported at intake"),
    ("started", "When it started (as reported)"),
)


def _component(c: Context, w: Window) -> str:
    """A window's component as typed (escaped), or the redaction when its milestone was
    redacted (an export carries no text of a redacted entry: a component is text)."""
    if c.redacted(w.started_by):
        return REDACTED
    return inline(w.component) if w.component else WHOLE


def _scope(c: Context, w: Window) -> str:
    return _component(c, w) + (f", {w.level.value}" if w.level else "")


def _components(c: Context, windows: list[Window]) -> list[str]:
    """Each component once, in the order its impact first started."""
    seen: dict[str, str] = {}
    for w in windows:
        seen.setdefault(REDACTED if c.redacted(w.started_by) else component_key(w.component),
                        _component(c, w))  # fmt: skip
    return list(seen.values())


# ---- the summary ---------------------------------------------------------------------------


class _Story:
    """Times in a paragraph read on its own: the first with its date and zone, each later
    one with its date when the day changed since the one before (midnight is easy to miss)."""

    def __init__(self, c: Context) -> None:
        self.c = c
        self.day: date | None = None

    def at(self, when: datetime) -> str:
        local = when.astimezone(self.c.tz)
        text = self.c.full(when) if self.day is None else self.c.when(when, day=self.day)
        self.day = local.date()
        return text


def _moves(c: Context, t: _Story) -> list[str]:
    """`resolved at 15:12`, `reopened at 15:30`, `resolved again at 16:00`, `closed at ...`:
    each move into or out of an ended phase, in order."""
    out: list[str] = []
    was_ended = resolved_once = False
    for step in c.state.phase_history:
        ended = step.phase in ENDED_PHASES
        if ended and not was_ended:
            out.append(f"{step.phase.value}{' again' if resolved_once else ''} at {t.at(step.at)}")
            resolved_once = True
        elif ended and step.phase is Phase.CLOSED:
            out.append(f"closed at {t.at(step.at)}")
        elif was_ended and not ended:
            out.append(f"reopened at {t.at(step.at)}")
        was_ended = ended
    return out


def _series(items: list[str]) -> str:
    if len(items) < 3:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def story(c: Context) -> str:
    """The summary's opening: when customers were affected, when it was detected, declared
    and resolved (or what it was when the draft was made), in the draft's zone."""
    m, s = c.metrics, c.state
    t = _Story(c)
    said: list[str] = []
    windows = m.windows
    if windows:
        start = min(w.start for w in windows)
        where = (f" ({_scope(c, windows[0])})" if len(windows) == 1 else
                 f" in {len(windows)} windows ({', '.join(_components(c, windows))})")  # fmt: skip
        going = [w for w in windows if w.end is None]
        total = m.values["impact_duration"].seconds
        if going or total is None:
            names = _series(_components(c, going)) if going else WHOLE
            said.append(f"Customers were affected from {t.at(start)}{where}, and still were when "
                        f"this draft was made: no end of impact is recorded for {names}.")  # fmt: skip
        else:
            end = max(w.end for w in windows if w.end is not None)
            said.append(f"Customers were affected from {t.at(start)} to {t.at(end)}{where}: "
                        f"{span(timedelta(seconds=total))} of impact.")  # fmt: skip
    else:
        said.append("No start of customer impact is recorded.")
    detected = s.lifecycle.first(MilestoneName.DETECTED)
    parts: list[str] = []
    if detected is not None:
        how = body(detected).how
        parts.append(f"detected at {t.at(detected.at)}"
                     + (f" ({DETECTED_HOW_TEXT[how]})" if how else ""))  # fmt: skip
    if s.declared is not None:
        parts.append(f"declared at {t.at(s.declared.at)} by {who(s.declared.author)}")
    if parts:
        lead = "It was " if detected is not None else "No detection is recorded; it was "
        said.append(lead + " and ".join(parts) + ".")
    moves = _moves(c, t)
    if not moves or moves[-1].startswith("reopened"):
        moves.append(f"{'was ' if moves else ''}still open ({s.phase.value}) when this draft "
                     "was made")  # fmt: skip
    said.append(f"It was {_series(moves)}.")
    return " ".join(said)


def _fields(c: Context, which: tuple[tuple[str, str], ...]) -> list[str]:
    """The intake's fields that were filled, each as it reads now (or its redaction)."""
    out: list[str] = []
    for name, label in which:
        value = c.state.field(name)
        if value:
            out.extend(text_lines(c.text(field_id(c, name), value), f"- **{label}:** "))
    return out


def summary(c: Context) -> list[str]:
    out = ["## Summary", "", story(c), ""]
    out.extend(_fields(c, SUMMARY_FIELDS))
    if out[-1]:
        out.append("")
    out.append(prompt("In three sentences, for someone who was not there: what broke, for whom "
                      "and for how long, and what brought it back."))  # fmt: skip
    return out


# ---- customer impact ---------------------------------------------------------------------


def _detections(c: Context) -> list[str]:
    """How and when it was noticed, and how long after impact started (PRACTICE.md: detection,
    how, how fast); each detected milestone that counts, the first one first."""
    found = [e for e in c.state.milestones if body(e).name is MilestoneName.DETECTED]
    if not found:
        return ["- **Detected:** not recorded"]
    out = []
    detect = c.metrics.values["time_to_detect"]
    for i, e in enumerate(found):
        b = body(e)
        row = c.row(e.id)
        line = f"- **Detected:** {c.when(e.at)}"
        if b.how is not None:
            line += f" by {DETECTED_HOW_TEXT[b.how]}"
        if i == 0 and detect.seconds is not None:
            after = human(abs(detect.seconds))
            line += (f", {after} after impact started" if detect.seconds >= 0
                     else f", {after} before the first recorded impact start")  # fmt: skip
        line += f" ({who(e.author, row.recorded_by if row else '')})"
        text = c.text(e.id, b.text)
        out.extend(text_lines(text, line + ": ") if text else [line])
    return out


def _pages(c: Context) -> list[str]:
    """Who was paged when, and who answered when (an answer may have no page recorded)."""
    pages = c.state.pages.view()
    if not pages:
        return []
    said = []
    for p in pages:
        if p.paged_at is None:
            assert p.acknowledged_at is not None  # an answer with no page
            said.append(f"{inline(p.person)} acknowledged at {c.when(p.acknowledged_at)} "
                        "(no page recorded)")  # fmt: skip
            continue
        took = p.seconds_to_answer()
        if took is None:
            answer = "not acknowledged"
        elif took >= 0:
            answer = f"acknowledged {human(took)} later"
        else:  # times typed after the fact can disagree
            answer = f"acknowledged at {c.when(p.acknowledged_at or p.paged_at)}"
        said.append(f"{inline(p.person)} at {c.when(p.paged_at)}, {answer}")
    return [f"- **Paged:** {'; '.join(said)}"]


def _window_row(c: Context, w: Window) -> list[str]:
    if w.end is None:
        lasted = f"{human(w.seconds(c.now))} so far"
        until = "no end recorded"
    else:
        lasted, until = human(w.seconds()), c.when(w.end)
    component = REDACTED if c.redacted(w.started_by) else cell(w.component) or WHOLE
    level = w.level.value if w.level else "not said"
    return [component, level, c.when(w.start), until, lasted]


def customer_impact(c: Context) -> list[str]:
    m = c.metrics
    out = ["## Customer impact", "", *_fields(c, IMPACT_FIELDS), *_detections(c), *_pages(c), ""]
    if not m.windows:
        out.append(f"No impact window is recorded: `cockpit milestone {c.label} impact_started "
                   "--at TIME --component C --level degraded|outage` records when it began, "
                   "`impact_ended` when it ended (M on the screen).")  # fmt: skip
        return out
    out.append("Impact windows, from the impact started and impact ended milestones:")
    out.append("")
    out.extend(table(["Component", "Level", "From", "Until", "Lasted"],
                     [_window_row(c, w) for w in m.windows]))  # fmt: skip
    out.append("")
    total = m.values["impact_duration"]
    if total.seconds is not None and total.start and total.end:
        counted = " (overlapping windows counted once)" if len(m.windows) > 1 else ""
        out.append(f"Impact in all: {human(total.seconds)}{counted}, between "
                   f"{c.when(total.start)} and {c.when(total.end)}.")  # fmt: skip
    else:
        going = _series(_components(c, [w for w in m.windows if w.end is None]))
        so_far = f" ({human(m.impact_so_far)} so far)" if m.impact_so_far is not None else ""
        out.append(f"Impact in all: no end recorded for {going}, still going on when this "
                   f"draft was made{so_far}.")  # fmt: skip
    return out


# ---- the phases ---------------------------------------------------------------------------


def phases(c: Context) -> list[str]:
    """The phase as people set it, in time order: a move out of resolved or closed reads as a
    reopening, and the reason given for each move is shown (or its redaction)."""
    out = ["## Phases", ""]
    history = c.state.phase_history
    if not history:
        return [*out, "Never declared."]
    was_ended = False
    for step in history:
        ended = step.phase in ENDED_PHASES
        word = step.phase.value
        if was_ended and not ended:
            word = f"**reopened**, back to {word}"
        elif ended and not was_ended:
            word = f"**{word}**"
        row = c.row(step.event_id)
        by = who(step.author, row.recorded_by if row else "")
        reason = c.text(step.event_id, step.reason) if step.reason else ""
        said = f": {inline(reason)}" if reason else ""
        out.append(f"- {c.when(step.at)} {word}, by {by}{said}")
        was_ended = ended
    return out
