"""What the update composer holds while the Incident Commander writes: the audience, the
template, the customer stage, when the next update comes, the text (as filled, or as edited),
and where it goes. Plain Python, so the screen only shows it and passes keys to it.

Switching audience or template refills the text from the record; an edited text is kept per
template and audience, so switching back finds it again, and a draft closed with Esc comes
back when the composer opens again (nothing typed is lost).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from cockpit.core import progress, update_answers, updates
from cockpit.core.cadence import CLOSED_PHASES, Cadences, clock
from cockpit.core.events import StatusUpdate
from cockpit.core.state import IncidentState
from cockpit.core.update_destinations import Destination
from cockpit.core.update_facts import Context, when
from cockpit.core.updates import Template
from cockpit.core.vocabulary import Audience, Stage

NEXT_STEP = 5  # minutes, for + and -
NEXT_MIN, NEXT_MAX = 5, 240


@dataclass
class Draft:
    state: IncidentState
    templates: tuple[Template, ...]
    destinations: tuple[Destination, ...]
    cadences: Cadences
    tz: tzinfo | None
    label: str
    now: Callable[[], datetime]
    call: str = ""
    channel: str = ""
    audience: Audience = Audience.RESPONDERS
    template: str = updates.DEFAULT
    stage: Stage | None = None
    next_minutes: int | None = None
    edited: dict[tuple[str, Audience, Stage | None], str] = field(default_factory=dict)
    chosen: dict[Audience, set[str]] = field(default_factory=dict)  # destinations picked
    announce_to: tuple[str, ...] = ()  # the announcement's destinations, from the intake
    touched: bool = False  # the person picked or typed something in it
    _filled: str = ""
    _filled_at: datetime | None = None

    def __post_init__(self) -> None:
        self.pick_audience(self.audience, refill=False)
        self.refill()

    # ---- choosing -----------------------------------------------------------------------------

    def current(self) -> Template:
        found = updates.find(self.templates, self.template)
        return found if found is not None else self.templates[0]

    def offered_templates(self) -> list[Template]:
        ended = self.state.phase in CLOSED_PHASES  # the all-clear, once resolved
        return [t for t in self.templates if t.serves(self.audience) and (ended or not t.ended)]

    def pick_audience(self, audience: Audience, refill: bool = True) -> None:
        self.audience = audience
        if not self.current().serves(audience):
            self.template = updates.DEFAULT
        if audience.external and self.stage is None:
            self.stage = updates.default_stage(self.state)
        self.next_minutes = self._cadence_minutes()
        if refill:
            self.refill()

    def pick_template(self, name: str) -> bool:
        t = updates.find(self.templates, name)
        if t is None or not t.serves(self.audience):
            return False
        self.template = t.name
        self.refill()
        return True

    def cycle_template(self) -> None:
        offered = self.offered_templates()
        names = [t.name for t in offered]
        at = names.index(self.template) if self.template in names else -1
        self.pick_template(names[(at + 1) % len(names)])

    def pick_stage(self, stage: Stage) -> bool:
        if not self.audience.external:
            return False
        was_final = self.final
        self.stage = stage
        if self.final != was_final:  # resolved promises no next update; leaving it, the cadence
            self.next_minutes = self._cadence_minutes()
        self.refill()
        return True

    @property
    def final(self) -> bool:
        """This update is the last (the incident over, or customers told it is resolved): it
        promises no next one."""
        return progress.final(self.state, self.stage if self.audience.external else None)

    def step_next(self, steps: int) -> None:
        """Promise the next update `steps` times 5 minutes later (or sooner). A filled text is
        filled again; an edited one has its old "next update" time replaced by the new."""
        old = self._next_words(self._filled_at or self.now())
        self.next_minutes = min(
            NEXT_MAX, max(NEXT_MIN, (self.next_minutes or 0) + steps * NEXT_STEP)
        )
        self.refill()
        self._retime(old)

    def _cadence_minutes(self) -> int | None:
        """The audience's cadence now; else the responders' (every update says when the next
        comes, and that promise is then what its countdown follows); none for the final one."""
        if self.final:
            return None
        for audience in (self.audience, Audience.RESPONDERS):
            minutes = clock(self.state, audience, self.cadences).cadence_minutes
            if minutes:
                return minutes
        return None

    # ---- the text -----------------------------------------------------------------------------

    def _key(self) -> tuple[str, Audience, Stage | None]:
        return (self.template, self.audience, self.stage if self.audience.external else None)

    def _context(self, now: datetime) -> Context:
        return Context(now, self.tz, self.audience,
                       self.stage if self.audience.external else None, self.next_minutes,
                       self.label, self.call, self.channel)  # fmt: skip

    def fill(self, now: datetime | None = None) -> str:
        return updates.compose(self.state, self.current(), self._context(now or self.now()))

    def refill(self) -> None:
        self._filled_at = self.now()
        self._filled = self.fill(self._filled_at)

    def reopened(self) -> None:
        """The composer opens again on this draft: the filling from the record as it is now,
        and an edited text's "next update" time moved on by the minutes that went by."""
        old = self._next_words(self._filled_at or self.now())
        self.refill()
        self._retime(old)

    def _retime(self, old: str) -> None:
        new = self._next_words(self._filled_at or self.now())
        key = self._key()
        if key in self.edited and old and new and old != new:
            self.edited[key] = self.edited[key].replace(old, new)

    @property
    def text(self) -> str:
        return self.edited.get(self._key(), self._filled)

    def slot_kind(self) -> str:
        """`sbar/exec/`: where the text was written, as the kept draft records it."""
        template, audience, stage = self._key()
        return f"{template}/{audience.value}/{stage.value if stage else ''}"

    @property
    def is_edited(self) -> bool:
        return self._key() in self.edited

    def set_text(self, text: str) -> None:
        if text == self._filled:
            self.edited.pop(self._key(), None)
        else:
            self.edited[self._key()] = text

    def _next_words(self, at: datetime) -> str:
        """`14:40 UTC`: when the next update comes, posted at `at`."""
        if not self.next_minutes:
            return ""
        return when(at + timedelta(minutes=self.next_minutes), self.tz)

    # ---- where it goes ------------------------------------------------------------------------

    def offered(self) -> list[Destination]:
        sev = self.state.severity.value if self.state.severity else None
        return [d for d in self.destinations if d.takes(self.audience, sev)]

    def selected(self) -> list[str]:
        names = {d.name for d in self.offered()}
        if self.audience not in self.chosen:
            self.chosen[self.audience] = self._preselected()
        return [n for n in (d.name for d in self.destinations) if n in self.chosen[self.audience]
                and n in names]  # fmt: skip

    def _preselected(self) -> set[str]:
        if self.template == "announcement" and self.announce_to:
            return set(self.announce_to)
        return {d.name for d in self.offered() if self.audience in d.audiences}

    def choose(self, names: Iterable[str]) -> None:
        self.chosen[self.audience] = set(names)

    def previews(self) -> list[tuple[Destination, str]]:
        body = self.body_model()
        by_name = {d.name: d for d in self.destinations}
        if body is None:
            return []
        return [(by_name[n], updates.render(body, by_name[n].type, label=self.label))
                for n in self.selected()]  # fmt: skip

    # ---- before posting -----------------------------------------------------------------------

    def refusal(self) -> str:
        """Why it cannot be posted as it is ("" when it can): an answer to a deferred question
        still unwritten (the question would read as answered, with no answer)."""
        return update_answers.refusal(self.text)

    def warnings(self, internal: Iterable[str] = ()) -> list[str]:
        """What to look at before it goes: prompts not written, internal words in a customer
        update, no time for the next one."""
        text = self.text
        refused = self.refusal()
        out = [f"to do before posting: {refused}"] if refused else []
        left = [p for p in updates.prompts_left(text) if p != update_answers.ANSWER_PROMPT]
        if left:
            out.append(f"still to write: {left[0]}" + (f" (and {len(left) - 1} more)"
                                                       if len(left) > 1 else ""))  # fmt: skip
        if self.audience.external:
            found = updates.leaks(text, self.state, internal)
            if found:
                out.append(f"looks internal: {found.say()}")
        if self.next_minutes and self._next_words(self._filled_at or self.now()) not in text:
            out.append("it does not say when the next update comes")
        return out

    def body(self) -> dict[str, Any]:
        """The event body to record, its "next update at" time as of now."""
        text = self.text
        now = self.now()
        if self._filled_at is not None and self.next_minutes:
            old, new = self._next_words(self._filled_at), self._next_words(now)
            if old and old != new:  # minutes went by while it was written
                text = text.replace(old, new)
        data: dict[str, Any] = {"kind": "status_update", "audience": self.audience.value,
                                "text": text, "next_in_minutes": self.next_minutes,
                                "template": self.template}  # fmt: skip
        if self.audience.external:
            data["stage"] = (self.stage or Stage.INVESTIGATING).value
        picked = self.selected()
        if picked:
            data["destinations"] = picked
        return data

    def body_model(self) -> StatusUpdate | None:
        try:
            return StatusUpdate.model_validate(self.body())
        except ValueError:
            return None
