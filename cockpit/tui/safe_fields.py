"""Text fields that show their value safe and keep it verbatim.

Our panes make text safe where they build it (`cockpit.core.display.safe`). Textual's
editable widgets (Input, TextArea) render their value as it is, and Rich passes ESC, C1
controls and bidi marks straight to the terminal: a pasted log line with colours, or an
entry with an OSC title opened for editing, would act on it. The value must stay as typed
(evidence is evidence), so these make each rendered line safe instead: a line with nothing
to show differently (nearly all) costs one `str.isprintable()` per segment.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input, TextArea

from cockpit.core.display import safe


def safe_strip(strip: Strip) -> Strip:
    """The same line with every control in its text visible and inert, at the same width."""
    segments = list(strip)
    if all(s.text.isprintable() or s.control for s in segments):
        return strip
    shown = [s if s.control else Segment(safe(s.text), s.style) for s in segments]
    return Strip(shown).adjust_cell_length(strip.cell_length)


class SafeLines:
    """Mixed in before a Line API widget (Input, TextArea): its lines are shown safe."""

    def render_line(self, y: int) -> Strip:
        return safe_strip(super().render_line(y))  # type: ignore[misc]


class SafeInput(SafeLines, Input):
    """An Input that shows controls in its value visibly (the value stays as typed)."""


class SafeTextArea(SafeLines, TextArea):
    """A TextArea that shows controls in its text visibly (the text stays as typed)."""
