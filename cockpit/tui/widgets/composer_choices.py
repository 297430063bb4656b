"""The composer's choices, each one key away: the audience (1-4), the template (its letter),
the customer stage (i, d, m, r) and when the next update comes (+ and -).

Focused when the composer opens, so those keys pick at once; Enter (or Tab) goes on to the
text. It only shows the draft and says what was picked (`Picked`); the screen changes the
draft.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

from cockpit.core.display import safe
from cockpit.core.vocabulary import Audience, Stage
from cockpit.tui.update_draft import Draft

AUDIENCE_KEYS = {str(n): a for n, a in enumerate(Audience, start=1)}
STAGE_KEYS = {"i": Stage.INVESTIGATING, "d": Stage.IDENTIFIED, "m": Stage.MONITORING,
              "r": Stage.RESOLVED}  # fmt: skip
STEP_KEYS = {"plus": 1, "equals_sign": 1, "minus": -1, "underscore": -1}


class ComposerChoices(Widget, can_focus=True):
    DEFAULT_CSS = """
    ComposerChoices { height: auto; padding: 0 1; }
    ComposerChoices:focus { background: $boost; }
    """

    class Picked(Message):
        """A key picked something: ("audience", Audience), ("template", name),
        ("stage", Stage), ("next", steps), ("text", None): go on to the text, ("copy", None)."""

        def __init__(self, what: str, value: object) -> None:
            super().__init__()
            self.what, self.value = what, value

    def __init__(self, draft: Draft, **kwargs) -> None:
        super().__init__(**kwargs)
        self.draft = draft

    def on_key(self, event: events.Key) -> None:
        picked = self._pick(event.key)
        if picked is not None:
            event.stop()
            event.prevent_default()
            self.post_message(self.Picked(*picked))

    def _pick(self, key: str) -> tuple[str, object] | None:
        d = self.draft
        if key in AUDIENCE_KEYS:
            return ("audience", AUDIENCE_KEYS[key])
        if key in STAGE_KEYS and d.audience.external:
            return ("stage", STAGE_KEYS[key])
        if key in STEP_KEYS:
            return ("next", STEP_KEYS[key])
        if key == "t":
            return ("cycle", None)
        if key == "y":
            return ("copy", None)
        if key == "enter":
            return ("text", None)
        for t in d.offered_templates():
            if t.key and key == t.key:
                return ("template", t.name)
        return None

    def render(self) -> Text:
        d = self.draft
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append("To        ", style="bold")
        for key, audience in AUDIENCE_KEYS.items():
            self._choice(out, key, audience.value, audience is d.audience)
        out.append("\nTemplate  ", style="bold")
        for t in d.offered_templates():
            label = safe(t.title.split(":")[0].strip() or t.name)  # SBAR, CAN, a team's title
            self._choice(out, t.key or "t", label, t.name == d.template)
        out.append(" t: next", style="dim")
        if d.audience.external:
            out.append("\nStage     ", style="bold")
            for key, stage in STAGE_KEYS.items():
                self._choice(out, key, stage.value, stage is d.stage)
        out.append("\nNext      ", style="bold")
        if d.next_minutes:
            out.append(f"in {d.next_minutes} min  ")
        else:
            out.append("no time set  ")
        out.append("+ later  - sooner", style="dim")
        return out

    @staticmethod
    def _choice(out: Text, key: str, label: str, chosen: bool) -> None:
        style = "bold reverse" if chosen else ""
        out.append(f" {key} ", style="bold" if not chosen else style)
        out.append(f"{label} ", style=style)
        out.append(" ")
