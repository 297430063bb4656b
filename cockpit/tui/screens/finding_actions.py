"""Finding things in the timeline, on the main screen: filter by kind, author and #tag,
search as you type (matches highlighted), the decision log, pinned entries, jump to a time,
and times local, UTC or since declaration. The timeline view keeps the matching rows as a
list of indexes (`timeline_filter.py`); nothing here walks the log on a key press except
running a new query. A mixin for MainScreen (through RecordActions).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual.markup import escape

from cockpit.core import kinds
from cockpit.core.display import safe
from cockpit.core.query import DECISION_LOG, Query
from cockpit.core.timefmt import offset_name
from cockpit.core.timeparse import PAST, BadTime, parse_time
from cockpit.tui import keymap
from cockpit.tui.screens.form import Field, Form, FormScreen
from cockpit.tui.session import Session
from cockpit.tui.widgets.search_bar import SearchBar
from cockpit.tui.widgets.timeline_view import TimelineView

TIME_MODE_NAMES = {"local": "local time", "utc": "UTC", "relative": "time since declaration"}
FILTER_KINDS = [
    ("", "Any kind"),
    *[(k, kinds.label(k).capitalize()) for k in kinds.ENTRY_KINDS],
    ("status_update", "Status updates"),
    ("mitigation_started,mitigation_outcome", "Mitigations and outcomes"),
    ("severity_set,phase_set", "Severity and phase changes"),
    ("role_assigned,role_released", "Roles"),
    ("milestone,person_paged,page_acknowledged", "Milestones and pages: the incident's shape"),
]


class FindingActions:
    session: Session
    app: Any
    query_one: Callable[..., Any]
    notify: Callable[..., None]
    refresh_bindings: Callable[..., Any]

    base_query: Query = Query()
    search_text: str = ""

    def timeline_title(self) -> None:
        tl = self.query_one(TimelineView)
        s = self.session
        total = len(s.timeline)
        if not s.history_loaded and (s.total is None or s.total > total):
            of = "" if s.total is None else f" of {s.total:,}"
            tl.border_title = f"Timeline ({total:,}{of}, reading older…)"
            return
        if tl.view.active:
            what = escape(safe(tl.view.query.describe()))  # names, tags and text as typed
            tl.border_title = f"Timeline · {what} ({len(tl.view):,} of {total:,}) · Esc: all"
        else:
            tl.border_title = f"Timeline ({total:,})"

    def _show(self, base: Query) -> None:
        self.base_query = base
        tl = self.query_one(TimelineView)
        tl.set_query(replace(base, text=self.search_text))
        self.timeline_title()
        self.refresh_bindings()

    def action_filter_timeline(self) -> None:
        q = self.base_query
        kinds = ",".join(sorted(q.kinds))
        values = [v for v, _ in FILTER_KINDS]
        form = Form(
            "Filter the timeline",
            [
                Field(
                    "kind",
                    "Kind",
                    FILTER_KINDS,
                    value=kinds if kinds in values else "",
                    required=False,
                ),
                Field(
                    "author",
                    "Author(s)",
                    value=", ".join(sorted(q.authors)),
                    required=False,
                    placeholder="names, comma-separated",
                ),
                Field(
                    "tag",
                    "Tag(s)",
                    value=" ".join(f"#{t}" for t in sorted(q.tags)),
                    required=False,
                    placeholder="#db #rollback",
                ),
            ],
            intro="Empty fields match everything. Esc in the timeline shows all again.",
        )

        def done(v: dict[str, str] | None) -> None:
            if v is None:
                return
            kinds = frozenset(k for k in v["kind"].split(",") if k)
            authors = frozenset(a.strip() for a in v["author"].split(",") if a.strip())
            tags = frozenset(
                t.lstrip("#").lower() for t in v["tag"].replace(",", " ").split() if t.strip("#")
            )
            self._show(Query(kinds=kinds, authors=authors, tags=tags))
            self.query_one(TimelineView).focus()

        self.app.push_screen(FormScreen(form), done)

    def action_view_decisions(self) -> None:
        decisions = self.base_query.kinds == DECISION_LOG and not self.base_query.only
        self._show(Query() if decisions else Query(kinds=DECISION_LOG))

    def action_view_pinned(self) -> None:
        if self.base_query.only:
            self._show(Query())
            return
        pinned = frozenset(self.session.state.pinned())
        if not pinned:
            self.notify(f"Nothing pinned yet: select an entry (↑) and press "
                        f"{keymap.hint(self.app, 'pin')}", severity="warning")  # fmt: skip
            return
        self._show(Query(only=pinned))

    def action_search(self) -> None:
        self.query_one(SearchBar).open()

    def on_search_bar_changed(self, message: SearchBar.Changed) -> None:
        self.search_text = message.text
        self._show(self.base_query)

    def on_search_bar_done(self, message: SearchBar.Done) -> None:
        self.query_one(TimelineView).focus()

    def action_clear_view(self) -> None:
        tl = self.query_one(TimelineView)
        search = self.query_one(SearchBar)
        if tl.selected is not None and not tl.view.active:
            tl.select(None)
            tl.action_bottom()
        else:
            self.search_text = ""
            search.close()
            tl.select(None)
            self._show(Query())
        self.refresh_bindings()

    def action_jump_to_time(self) -> None:
        form = Form(
            "Jump to a time",
            [Field("when", "Time", placeholder="14:02, -30m, yesterday 23:02, 2026-11-23T14:02")],
        )

        def done(v: dict[str, str] | None) -> None:
            if v is None:
                return
            s = self.session
            try:
                when = parse_time(v["when"], s.now(), s.tz, PAST, force=True).at
            except BadTime as exc:
                self.app.push_screen(FormScreen(form.with_values(v, error=str(exc))), done)
                return
            tl = self.query_one(TimelineView)
            index = s.timeline.index_at(when)
            indexes = tl.view.indexes
            position = index if indexes is None else bisect.bisect_left(indexes, index)
            if not len(tl.view):
                return
            tl.select(min(position, len(tl.view) - 1))
            tl.scroll_to(y=tl.selected, animate=False, force=True, immediate=True)
            tl.focus()

        self.app.push_screen(FormScreen(form), done)

    def action_cycle_times(self) -> None:
        tl = self.query_one(TimelineView)
        modes = TimelineView.TIME_MODES
        mode = modes[(modes.index(tl.time_mode) + 1) % len(modes)]
        if mode == "relative" and tl.origin is None:
            mode = modes[0]
        tl.set_time_mode(mode)
        name = TIME_MODE_NAMES[mode]
        if mode == "local":  # which zone, and its offset now (each time keeps its own date's)
            s = self.session
            zone = getattr(s.tz, "key", None)
            name += f", {zone}" if zone else ""
            name += f" ({offset_name(s.now(), s.tz)} now)"
        self.notify(f"Times: {name} ({keymap.hint(self.app, 'times')} changes)", timeout=3)
