"""Drawing the cleared entry bar and the saved entry in one paint.

Enter clears the bar at once (keys typed next belong to the next entry) and the entry shows a
few ms later, once committed. Painted apart, the cleared bar takes Textual's paint slot and the
entry waits for the next-but-one (10-17 ms at 120 paints a second). So Enter holds painting
until the entry is saved (or its save fails), for `LIMIT` seconds at most; keys typed
meanwhile are kept and drawn with it.

The hold is Textual's own `App.batch_update()`, entered at Enter and left at the save: a
context manager kept open across the round trip (an ExitStack holds it), so painting resumes
exactly as at the end of any batch.
"""

from __future__ import annotations

from contextlib import ExitStack
from weakref import WeakKeyDictionary

from textual.app import App
from textual.timer import Timer

LIMIT = 0.05

_held: WeakKeyDictionary[App, tuple[ExitStack, Timer]] = WeakKeyDictionary()


def hold(app: App) -> None:
    if app in _held:
        return
    batch = ExitStack()
    batch.enter_context(app.batch_update())
    _held[app] = (batch, app.set_timer(LIMIT, lambda: release(app), name="paint-hold"))


def release(app: App) -> None:
    held = _held.pop(app, None)
    if held is None:
        return
    batch, timer = held
    timer.stop()
    batch.close()
    app.screen.check_idle()  # the screen paints what changed meanwhile on its next idle


def held(app: App) -> bool:
    """Is painting held for an entry being saved?"""
    return app in _held
