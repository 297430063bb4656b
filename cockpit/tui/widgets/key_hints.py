"""The footer: the keys that apply now, as one line of text in one widget.

Textual's own Footer rebuilds a widget per key on every focus change; with a dozen keys that
cost most of a key press's time (each new widget is styled from scratch). This one re-renders
a line of text instead, and keeps the lines it drew: opening the entry bar and closing it
switches between two footers, each drawn once (drawing one was ~1 ms of the key that opens
the bar). A click on a key presses it, as in Textual's footer.
"""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from cockpit.tui import keymap

ORDER = {a.id: i for i, a in enumerate(keymap.ACTIONS)}
DRAWN = 16  # footers kept drawn (a screen shows a handful: the timeline's, the bar's...)

# The keys shown, in their order, each with whether it is enabled; and the palette's.
Shown = tuple[tuple[tuple[Binding, bool], ...], tuple[Binding, bool] | None]


def _place(binding: Binding, wanted: dict[str, bool], own: set[str]) -> tuple[int, int]:
    """Where a key goes, as room runs out at the right: the focused widget's own keys (the
    selected entry's, the entry bar's) and "show all" first, then what the moment needs,
    then the usual keys, each in the keymap's order (a remapped key keeps its place)."""
    bid = binding.id or ""
    if binding.action in own or bid not in ORDER or bid == "clear_view":
        return 0, 0
    return (1 if wanted.get(bid) else 2), ORDER[bid]


class KeyHints(Widget, can_focus=False):
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyHints > .key-hints--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyHints > .key-hints--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyHints > .key-hints--disabled {
        text-style: dim;
    }
    """
    COMPONENT_CLASSES = {"key-hints--key", "key-hints--description", "key-hints--disabled"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[tuple[int, int, str, bool]] = []  # (start, end, key, enabled)
        self._text = Text()
        self._width = -1
        self._shown: Shown | None = None  # the bindings shown, to repaint only when they change
        # (keys shown, width, theme) -> the line drawn and where its keys are, for clicks
        self._drawn: dict[tuple[Shown, int, str], tuple[Strip, list[tuple[int, int, str, bool]]]]
        self._drawn = {}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        # Signalled after every entry and focus change; most leave the keys as they were.
        # Not for a screen on its way out (switched for another incident): its widgets are
        # already being taken away, and nobody sees its keys any more.
        if self.is_attached and screen is self.screen and screen.is_current:
            shown = self._active()
            if shown != self._shown:
                self._shown = shown
                self._width = -1  # rebuild on the next render
                self.refresh()

    def _active(self) -> Shown:
        by_action: dict[str, list[tuple[Binding, bool]]] = defaultdict(list)
        palette = None
        # The screen may say which keys the moment needs (footer_situation), beyond `show`.
        wants = getattr(self.screen, "footer_wants", None)
        wanted: dict[str, bool] = wants() if wants is not None else {}
        own: set[str] = set()  # actions of the focused widget (and its parents), not the screen
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.action == "app.command_palette" or binding.action == "command_palette":
                palette = (binding, enabled)
            elif wanted.get(binding.id or "", binding.show):
                by_action[binding.action].append((binding, enabled))
                if node is not self.screen and node is not self.app:
                    own.add(binding.action)
        shown = [group[0] for group in by_action.values()]
        return tuple(sorted(shown, key=lambda pair: _place(pair[0], wanted, own))), palette

    def _build(self, width: int) -> Text:
        key_style = self.get_component_rich_style("key-hints--key")
        desc_style = self.get_component_rich_style("key-hints--description")
        dim = self.get_component_rich_style("key-hints--disabled")
        if self._shown is None:
            self._shown = self._active()
        shown, palette = self._shown  # as last signalled: the same keys as the line drawn
        text = Text(no_wrap=True, overflow="crop", end="")
        self._keys = []
        right = Text()
        if palette is not None:
            binding, enabled = palette
            right = Text.assemble(("▏", desc_style), (f" {self.app.get_key_display(binding)} ", key_style),
                                  ("palette ", desc_style))  # fmt: skip
        room = width - right.cell_len
        for binding, enabled in shown:
            key = f" {self.app.get_key_display(binding)} "
            desc = f"{binding.description} "
            if text.cell_len + len(key) + len(desc) > room:
                break
            start = text.cell_len
            text.append(key, key_style if enabled else key_style + dim)
            text.append(desc, desc_style if enabled else desc_style + dim)
            self._keys.append((start, text.cell_len, binding.key, enabled))
        if palette is not None:
            text.append(" " * max(0, room - text.cell_len))
            self._keys.append((text.cell_len, text.cell_len + right.cell_len, palette[0].key, True))
            text.append_text(right)
        return text

    def render(self) -> Text:
        width = self.size.width
        if width != self._width:
            self._text = self._build(width)
            self._width = width
        return self._text

    def render_line(self, y: int) -> Strip:
        """The line for these keys at this width, drawn the first time they are shown."""
        if self._shown is None or y:
            return super().render_line(y)
        key = (self._shown, self.size.width, self.app.theme)
        drawn = self._drawn.get(key)
        if drawn is None:
            if len(self._drawn) >= DRAWN:
                self._drawn.clear()
            drawn = self._drawn[key] = (super().render_line(y), self._keys)
        else:
            self._keys = drawn[1]
        return drawn[0]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._width = -1  # the theme changed: rebuild with its colours
        self._drawn.clear()

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._keys:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
