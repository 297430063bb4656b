"""The links view (`L`): every incident linked to this one, live (its parent, its child
workstreams with their severity, phase, lead and current mitigation, the others), to open
one (Enter), link this incident to another (a), or unlink the selected one (d).

A link is written in the log of the incident it is about: "this is caused by / part of
that" in this one's, "that is part of this" (a child workstream) in the child's, which must
be in this file. Unlinking writes `linked=false` where the link was written; the history
keeps both. A linked incident this reader cannot see shows as such, and Enter on it says
how to follow it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cockpit.core.compose import new_event
from cockpit.core.display import safe
from cockpit.core.links import IncidentLinked, Relation
from cockpit.core.neighbours import Linked
from cockpit.tui import colours
from cockpit.tui.messages import Saved, SaveFailed
from cockpit.tui.screens.form import Field, Form, FormScreen

if TYPE_CHECKING:
    from cockpit.tui.screens.main import MainScreen

REFRESH_SECONDS = 0.5  # as the screen's poll: a child's change shows while the view is open
CHILD = "child"  # the form's choice for "that one is part of this one"
CHOICES = [
    (Relation.PART_OF.value, "This incident is part of it (a workstream of that parent)"),
    (CHILD, "It is part of this incident (a child workstream; written in its log)"),
    (Relation.CAUSED_BY.value, "This incident is caused by it"),
    (Relation.DUPLICATE_OF.value, "This incident is a duplicate of it"),
    (Relation.RELATED.value, "Related"),
]
_LOCAL = re.compile(r"^(?:inc-?)?(\d+)$", re.IGNORECASE)
_ID = re.compile(r"^[\w.:-]{8,64}$")


class LinksScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    LinksScreen { align: center middle; }
    LinksScreen > #links-view {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: thick $primary; padding: 0 1;
    }
    LinksScreen #links-title { text-style: bold; }
    LinksScreen #links-hint { color: $text-muted; }
    LinksScreen OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="links_close"),
        Binding("a", "add", "Link", id="links_add"),
        Binding("d,delete", "remove", "Unlink", id="links_remove"),
    ]

    def __init__(self, main: MainScreen) -> None:
        super().__init__()
        self.main = main
        self.rows: list[Linked] = []
        self._shown: tuple = ()

    def compose(self) -> ComposeResult:
        s = self.main.session
        with Vertical(id="links-view"):
            yield Label(safe(f"Links of {s.label}: {s.state.title}"), id="links-title",
                        markup=False)  # fmt: skip
            yield OptionList(id="links-list", markup=False)
            yield Label("Enter: open · a: link to another · d: unlink · Esc: close",
                        id="links-hint")  # fmt: skip

    @property
    def following(self) -> bool:
        """A follower's screen (`cockpit watch`, `cockpit web`): it opens, never links."""
        return self.main.session.watching is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # a follower never writes: its link keys are absent
        return not (action in ("add", "remove") and self.following)

    def on_mount(self) -> None:
        if self.following:
            self.query_one("#links-hint", Label).update("Enter: open · Esc: close")
        self.refresh_rows()
        self.set_interval(REFRESH_SECONDS, self.refresh_rows)
        self.query_one(OptionList).focus()

    def refresh_rows(self) -> None:
        """The rows again, when the screen's neighbourhood or this incident's links changed."""
        state, n = self.main.session.state, self.main.neighbourhood
        key = (len(state.link_events), n.version)
        if key == self._shown:
            return
        self._shown = key
        self.rows = n.rows(state)
        ol = self.query_one(OptionList)
        keep = ol.highlighted
        ol.clear_options()
        if not self.rows:
            ol.add_option(Option(Text("No links yet: a links this incident to another (its "
                                      "parent, a cause, a duplicate, a child workstream)"),
                                 disabled=True))  # fmt: skip
            return
        ol.add_options([Option(self.line(r), id=str(i)) for i, r in enumerate(self.rows)])
        ol.highlighted = min(keep or 0, len(self.rows) - 1)

    def line(self, r: Linked) -> Text:
        app = self.app
        quiet = colours.style(app, "kind-system")
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{r.words:<17}", style=quiet)
        w = r.other
        if w is None:
            text.append(f"“{safe(r.link.title)}” " if r.link.title else "incident ")
            text.append(safe(r.other_id))
            text.append(" · not visible here: not in this file (another server or team)",
                        style=quiet)  # fmt: skip
            return text
        text.append(f"{w.label:<7}", style=colours.style(app, "foreground", bold=True))
        text.append(w.severity.value if w.severity else "SEV?",
                    style=colours.severity_badge(app, w.severity))  # fmt: skip
        text.append(f" {w.phase.value:<13}", style=quiet)
        text.append(f"lead {safe(w.lead)}" if w.lead else "no lead")
        if w.mitigation:
            text.append(f" · mitigating: {safe(w.mitigation)}",
                        style=colours.style(app, "kind-action"))  # fmt: skip
        text.append(f" · {safe(w.title)}", style=quiet)
        return text

    def _selected(self) -> Linked | None:
        i = self.query_one(OptionList).highlighted
        return self.rows[i] if i is not None and 0 <= i < len(self.rows) else None

    # ---- actions ----------------------------------------------------------------------------

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        r = self._selected()
        if r is None:
            return
        if r.other is None:
            self.notify(f"{r.name} is not in this file (another server or team): `cockpit join "
                        f"URL {r.other_id}` follows it here", timeout=8)  # fmt: skip
            return
        self.dismiss(r.other_id)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_remove(self) -> None:
        r = self._selected()
        if r is None:
            return
        link = r.link
        body = {"kind": "incident_linked", "target": link.target,
                "relation": link.relation.value, "linked": False}  # fmt: skip
        if link.title:
            body["title"] = link.title
        self._write(link.source, body, f"Unlinked: {r.words} {r.name}")

    def action_add(self) -> None:
        form = Form(
            "Link this incident to another",
            [
                Field("other", "The other incident: INC-n of this file, or its id",
                      placeholder="e.g. INC-3, or an id from another server"),
                Field("relation", "How they are linked", CHOICES, value=Relation.PART_OF.value),
            ],
            intro="Part of: a child workstream of a parent incident, with its own lead.",
        )  # fmt: skip

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                self._link(values["other"], values["relation"])
            except ValueError as exc:
                self.app.push_screen(FormScreen(form.with_values(values, str(exc), "other")), done)

        self.app.push_screen(FormScreen(form), done)

    def _link(self, typed: str, choice: str) -> None:
        me = self.main.session.incident_id
        other_id = self._resolve(typed)
        if other_id == me:
            raise ValueError("that is this incident; name another one")
        n = self.main.neighbourhood
        where = n.where(other_id)
        if choice == CHILD:
            if where is None:
                raise ValueError(f"{typed.strip()} is not in this file: a child's link is "
                                 "written in its own log; link it from there")  # fmt: skip
            body: dict[str, Any] = {"kind": "incident_linked", "target": me,
                                    "relation": Relation.PART_OF.value,
                                    "title": self.main.session.state.title[:200]}  # fmt: skip
            self._write(other_id, body, f"Linked: {where.label} is a child workstream")
            return
        relation = Relation(choice)
        body = {"kind": "incident_linked", "target": other_id, "relation": relation.value}
        if where is not None and where.title:
            body["title"] = where.title[:200]
        shown = where.label if where is not None else other_id
        self._write(me, body, f"Linked: {relation.phrase} {shown}")

    def _resolve(self, typed: str) -> str:
        t = typed.strip()
        labels = self.main.neighbourhood.labels
        m = _LOCAL.match(t)
        if m:
            wanted = f"INC-{int(m[1])}"
            found = [i for i, label in labels.items() if label == wanted]
            if wanted == self.main.session.label:
                return self.main.session.incident_id
            if not found:
                raise ValueError(f"no {wanted} in this file; give its id to link one elsewhere")
            return found[0]
        if not _ID.match(t):
            raise ValueError("type INC-n of this file, or the other incident's id")
        return t

    def _write(self, incident: str, body: dict[str, Any], said: str) -> None:
        """Record a link in `incident`'s log: this one's through the screen (as any write),
        another's straight to the writer, answered here."""
        main = self.main
        if incident == main.session.incident_id:
            main.save(body, saved=lambda: self.notify(said, timeout=3))
            return
        s = main.session
        state = main.neighbourhood.states.get(incident)
        try:
            event = new_event(incident, s.author, body, s.clock, state=state)
        except ValueError as exc:
            self.notify(f"cannot record that: {str(exc).splitlines()[0]}", severity="error")
            return
        assert isinstance(event.body, IncidentLinked)
        main.writer.submit(event, self, said)

    def on_saved(self, message: Saved) -> None:
        if isinstance(message.token, str):
            self.notify(message.token, timeout=3)
        # Written to another incident's log: the screen reads it at its next poll.

    def on_save_failed(self, message: SaveFailed) -> None:
        self.notify(message.error, severity="error", timeout=10)
