"""People and pace on the main screen: the nudges (`!` lists them, `S` snoozes the most
urgent, with a reason, until a time), breaks and people leaving or joining (`B`), pages
(`G`), the roster on the role board (`r`) and the check-in (`C`).

A mixin of MainScreen: the nudges come from the attention banner, which works them out once
per tick and per change; each action asks what it needs in a small form and records events.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.suggester import Suggester

from cockpit.core import nudges
from cockpit.core.catalog import Contact
from cockpit.core.check_in import check_in_text
from cockpit.core.nudge_words import from_id
from cockpit.core.nudges import Nudge
from cockpit.core.timeparse import FUTURE, BadTime, parse_time
from cockpit.core.vocabulary import SEVERITY_DEFINITIONS, Severity
from cockpit.tui import keymap
from cockpit.tui.name_suggester import WholeSuggester
from cockpit.tui.screens.form import Field, FieldProblem, Form
from cockpit.tui.timefmt import clock_time
from cockpit.tui.widgets.attention_banner import AttentionBanner
from cockpit.tui.widgets.entry_bar import EntryBar
from cockpit.tui.widgets.role_board import RoleBoard

if TYPE_CHECKING:  # a mixin of MainScreen, typed as the screen it is mixed into
    from textual.screen import Screen as _Screen

    from cockpit.tui.session import Session
else:
    _Screen = object


def _said(n: Nudge) -> str:
    return n.text[:1].upper() + n.text[1:]  # a nudge's text never starts with a name


def _subject(n: Nudge) -> str:
    """What a nudge is about: `priya` in `break_due:priya`, a task's id, a role."""
    return n.id.split(":", 1)[1] if ":" in n.id else ""


class PaceActions(_Screen):
    """Mixed into MainScreen."""

    session: Session
    ask: Callable[..., None]
    action_ack: Callable[..., None]

    @property
    def attention(self) -> AttentionBanner:
        return self.query_one(AttentionBanner)

    def pace_footer(self) -> dict[str, bool]:
        """The pace keys the moment needs in the footer (beside footer_situation's)."""
        due = {n.rule for n in self.attention.active}
        return {"record_break": "break_due" in due, "check_in": "check_in" in due,
                "page": "page_unacked" in due}  # fmt: skip

    def check_pace_action(self, action: str) -> bool | None:
        if action == "snooze_nudge":
            return bool(self.attention.active)
        return True

    def _future(self, text: str, field: str) -> datetime:
        s = self.session
        try:
            return parse_time(text, s.now(), s.tz, FUTURE).at
        except BadTime as exc:
            raise FieldProblem(field, str(exc)) from None

    def _names_seen(self) -> list[str]:
        return sorted(self.session.state.people, key=str.casefold)

    def _names(self, names: Callable[[], list[str]]) -> Suggester:
        """Completes a whole name from `names` (→ accepts), asked again at each key."""

        def complete(typed: str) -> str | None:
            key = typed.casefold()
            return next((n for n in names() if key and n.casefold().startswith(key)), None)

        return WholeSuggester(complete)

    # ---- the nudges -----------------------------------------------------------------------

    def action_nudges(self) -> None:
        from cockpit.tui.screens.nudge_list import NudgeListScreen

        self.app.push_screen(NudgeListScreen(self.session, self.session.now), self._picked)

    def _picked(self, picked: tuple[str, str] | None) -> None:
        if picked is None:
            return
        what, nudge_id = picked
        found = next((n for n in self.session.nudges(self.session.now()) if n.id == nudge_id),
                     None)  # fmt: skip
        if found is None:
            self.app.notify("That nudge is no longer due.")
        elif what == "snooze":
            self.snooze(found)
        else:
            self.deal_with(found)

    def deal_with(self, n: Nudge) -> None:
        """What the nudge's key opens, about its subject when it has one."""
        subject = _subject(n)
        if n.rule == "downgrade":
            self.decide_downgrade(n)
        elif n.action == "record_break":
            self.action_record_break(subject)
        elif n.action == "ack" and subject:
            self.action_ack(subject)
        elif n.action == "page":
            self.action_page(subject)
        else:
            self.call_later(self.run_action, keymap.BY_ID[n.action].action)

    def action_snooze_nudge(self) -> None:
        top = self.attention.top
        if top is None:
            self.app.notify("No nudge is due: nothing to snooze.")
            return
        self.snooze(top)

    def snooze(self, n: Nudge) -> None:
        if n.rule == "downgrade":
            self.decide_downgrade(n)
            return
        s = self.session
        form = Form(
            f"Snooze: {nudges.TITLES.get(n.rule, n.rule)}",
            [
                Field("until", "Until (30m, 15:30)", value="30m"),
                Field("reason", "Why it can wait (everyone sees it)"),
            ],
            intro=f"{_said(n)}\nIt comes back then: a nudge is never silenced for good.",
        )

        def handle(v: dict[str, str]) -> dict:
            until = self._future(v["until"], "until")
            limit = nudges.snooze_limit(n.id, s.now(), s.thresholds)
            if until > limit:
                raise FieldProblem("until", f"at most until {clock_time(limit, s.tz)}: a nudge "
                                   "is never silenced for good")  # fmt: skip
            return {"kind": "nudge_snoozed", "nudge": n.id, "until": until.isoformat(),
                    "reason": v["reason"], "what": from_id(n.id, s.state)}  # fmt: skip

        self.ask(form, handle)

    def decide_downgrade(self, n: Nudge) -> None:
        """Late at night: downgrade so the team can rest, or keep the severity for the night.
        Either way a decision entry says so; keeping it quiets the question until morning."""
        s = self.session
        sev = s.state.severity
        if sev is None or sev is Severity.SEV4:
            return
        lower = Severity(f"SEV{sev.rank + 1}")
        form = Form(
            "Late at night: downgrade so the team can rest?",
            [
                Field("decision", "Decision", [
                    ("downgrade", f"Downgrade to {lower.value}: {SEVERITY_DEFINITIONS[lower]}"),
                    ("keep", f"Keep {sev.value} through the night"),
                ]),
                Field("reason", "Why"),
            ],
            intro=f"{_said(n)}.\nThe practice allows it. Either way it goes on the record.",
        )  # fmt: skip

        def handle(v: dict[str, str]) -> list[dict]:
            reason, now = v["reason"], s.now()
            if v["decision"] == "downgrade":
                return [{"kind": "decision",
                         "text": f"Downgrade to {lower.value} for the night: {reason}"},
                        {"kind": "severity_set", "severity": lower.value,
                         "reason": f"for the night: {reason}"}]  # fmt: skip
            until = nudges.snooze_limit("downgrade", now, s.thresholds)
            return [{"kind": "decision", "text": f"Keep {sev.value} through the night: {reason}"},
                    {"kind": "nudge_snoozed", "nudge": "downgrade", "until": until.isoformat(),
                     "reason": reason, "what": from_id("downgrade")}]  # fmt: skip

        self.ask(form, handle)

    # ---- people ---------------------------------------------------------------------------

    def action_record_break(self, person: str = "") -> None:
        due = [n for n in self.attention.active if n.rule == "break_due"]
        who = person or (_subject(due[0]) if due else self.session.author)
        form = Form(
            "A break, or someone leaving or joining the call",
            [
                Field("person", "Who", value=who, suggester=self._names(self._names_seen)),
                Field(
                    "what",
                    "What",
                    [
                        ("break", "Taking a break"),
                        ("left", "Left the call"),
                        ("joined", "Joined the call"),
                    ],
                ),  # fmt: skip
                Field(
                    "until", "Back at or in, for a break (15m, 14:30)", value="15m", required=False
                ),  # fmt: skip
            ],
            intro="Short breaks every few hours: a tired team makes things worse.",
        )

        def handle(v: dict[str, str]) -> dict:
            person = v["person"]
            if v["what"] != "break":
                kind = "person_left" if v["what"] == "left" else "person_joined"
                return {"kind": kind, "person": person}
            body: dict[str, Any] = {"kind": "break_taken", "person": person}
            if v["until"]:
                body["until"] = self._future(v["until"], "until").isoformat()
            return body

        self.ask(form, handle)

    def _oncall(self) -> list[Contact]:
        """Whom the catalog says to page for the incident's service (pace-catalog)."""
        catalog = getattr(self.app, "catalog", None)
        service = self.session.state.field("service").strip()
        return catalog.oncall(service) if catalog and service else []

    def page_names(self) -> list[str]:
        """Who can be paged: the service's on-call, everyone seen in the incident, and the
        people the service catalog names."""
        catalog = getattr(self.app, "catalog", None)
        names: dict[str, str] = {}
        for name in [*(c.name for c in self._oncall()), *self._names_seen(),
                     *(catalog.people() if catalog else ())]:  # fmt: skip
            names.setdefault(name.casefold(), name)
        return list(names.values())

    def action_page(self, person: str = "") -> None:
        oncall = self._oncall()
        via = "pager"
        if not person and oncall:  # the service's on-call first, as the catalog says
            person, via = oncall[0].name, oncall[0].via or via
        form = Form(
            "Page someone",
            [
                Field("person", "Who", value=person, suggester=self._names(self.page_names)),
                Field("via", "How (pager, phone, chat...)", value=via, required=False),
            ],
            intro="Logged with who paged, when and how; a page nobody answers comes back as a "
            "nudge." + (f"\nOn call: {', '.join(map(str, oncall))}." if oncall else ""),
        )
        self.ask(form, lambda v: {"kind": "person_paged", "person": v["person"], "via": v["via"]})

    def action_toggle_roster(self) -> None:
        self.query_one(RoleBoard).toggle_roster()

    def action_check_in(self) -> None:
        s = self.session
        text = check_in_text(s.state, s.tz, s.update_clock().due)
        bar = self.query_one(EntryBar)
        bar.open("note")
        bar.restore("note", text, "check-in: edit it, Enter posts it")
