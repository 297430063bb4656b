"""Drawing the cleared entry bar and the saved entry in one paint.

Enter clears the bar at once (keys typed next belong to the next entry) and the entry shows a
few ms later, once committed. Painted apart, the cleared bar takes Textual's paint slot and the
entry waits for the next-but-one (10-17 ms at 120 paints a second). So Enter holds painting
until the entry is saved (or its save fails), for `LIMIT` seconds at most; keys typed
meanwhile are kept and drawn with it.
"""

from __future__ import annotations

from textual.app import App

LIMIT = 0.05


def hold(app: App) -> None:
    if getattr(app, "_paint_held", None) is not None:
        return
    app._begin_batch()  # what App.batch_update does, across the save's round trip
    # An attribute of our own on the app: this module goes when Textual's batch_update replaces it.
    app._paint_held = app.set_timer(LIMIT, lambda: release(app), name="paint-hold")  # type: ignore[attr-defined]


def release(app: App) -> None:
    timer = getattr(app, "_paint_held", None)
    if timer is None:
        return
    app._paint_held = None  # type: ignore[attr-defined]  # see hold()
    timer.stop()
    app._end_batch()
    if not app._batch_count:
        app.screen.check_idle()  # the screen paints what changed meanwhile on its next idle
