"""The call view's open questions: the hypotheses not yet confirmed or ruled out and the
questions not yet answered (the common ground, `g`), oldest first, each whole. Each says
what it is in words (HYPOTHESIS, QUESTION), not only in colour."""

from __future__ import annotations

from rich.text import Text

from cockpit.core import kinds
from cockpit.core.display import safe, safe_lines
from cockpit.tui import colours
from cockpit.tui.session import Session
from cockpit.tui.widgets.wrapped_pane import WrappedPane


class CallQuestions(WrappedPane):
    DEFAULT_CSS = """
    CallQuestions { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._session: Session | None = None
        self.border_title = "Open questions"

    def show(self, session: Session) -> None:
        self._session = session
        self.update_content()

    def build(self) -> Text:
        text = Text()  # wraps: a question is never cut
        s = self._session
        if s is None:
            return text
        items = s.state.open_questions()
        title = f"Open questions ({len(items)})" if items else "Open questions"
        if self.border_title != title:
            self.border_title = title
        if not items:
            text.append("Nothing open", style=colours.style(self.app, "kind-system"))
            return text
        tl = s.timeline
        for i, e in enumerate(items):
            if i:
                text.append("\n")
            row = tl.by_id.get(e.id)  # as the timeline shows it now: edited, or redacted
            words = row.text if row is not None else e.body.describe(tz=tl.tz)
            kind = kinds.of(e.kind)
            text.append(
                f"{kind.label.upper()} ", style=colours.style(self.app, kind.colour, bold=True)
            )
            text.append(f"{safe(e.author)}: ", style="bold")
            text.append("\n".join(safe_lines(words)))
        return text
