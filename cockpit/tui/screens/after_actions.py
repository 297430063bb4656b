"""After the fire, on the main screen: the follow-ups view (F: add one, close one with a note,
reopen one) and writing the postmortem (W: the Markdown draft and the JSON export, written to
the export folder by a worker, and a message that says where).

A mixin of MainScreen, which provides `session`, `ask`, `app`, `notify`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from cockpit.core.display import safe
from cockpit.core.followups import (
    FOLLOWUP_KIND_HELP,
    Followup,
    FollowupKind,
    FollowupStatus,
    parse_due,
    status_body,
)
from cockpit.core.timeparse import BadTime
from cockpit.store.errors import StoreError
from cockpit.tui.screens.form import Field, FieldProblem, Form
from cockpit.tui.session import Session

DEFAULT_DUE = "14d"
CLOSINGS = [("done", "Done"), ("dropped", "Dropped: it will not be done")]


class AfterActions:
    """Mixed into MainScreen."""

    session: Session
    ask: Callable[..., None]
    app: Any
    notify: Callable[..., None]
    run_worker: Callable[..., Any]

    # ---- follow-ups -------------------------------------------------------------------------

    def action_followups(self) -> None:
        from cockpit.tui.screens.followups import FollowupsScreen  # rarely used: loaded lazily

        if isinstance(self.app.screen, FollowupsScreen):
            return
        if self.session.watching is not None:  # a follower reads the list, changes nothing
            self.app.push_screen(FollowupsScreen(self.session, None, None, None))
            return
        self.app.push_screen(FollowupsScreen(self.session, self.add_followup,
                                             self.close_followup, self.reopen_followup))  # fmt: skip

    def add_followup(self, _: Followup | None = None) -> None:
        kinds = [(k.value, f"{k.value:<9} {FOLLOWUP_KIND_HELP[k]}") for k in FollowupKind]
        form = Form(
            "Add a follow-up",
            [
                Field("text", "What to do", placeholder="e.g. alert on PSP handshake time"),
                Field("owner", "Owner (one named person)"),
                Field("due", "Due", value=DEFAULT_DUE, placeholder="2026-12-01, 14d, in 2w"),
                Field("kind", "Kind", kinds, value=FollowupKind.PREVENT.value),
            ],
            intro="An action item for after the incident: one owner, a due date, and what it "
            "does about the next one.",
        )
        s = self.session

        def handle(v: dict[str, str]) -> dict[str, Any]:
            try:
                due = parse_due(v["due"], s.now(), s.tz)
            except BadTime as exc:
                raise FieldProblem("due", str(exc)) from None
            return {"kind": "followup_added", "text": v["text"].strip(),
                    "owner": v["owner"].strip(), "category": v["kind"],
                    "due": due.isoformat()}  # fmt: skip

        self.ask(form, handle)

    def close_followup(self, f: Followup | None) -> None:
        if f is None:
            return
        form = Form(
            f"Close: {f.text}",
            [
                Field("status", "How", CLOSINGS),
                Field("note", "Note", placeholder="what was done (a link), or why dropped"),
            ],
            intro=f"Owner {safe(f.owner)}. A follow-up is closed with a note.",
        )

        def handle(v: dict[str, str]) -> dict[str, str]:
            try:
                return status_body(f.id, FollowupStatus(v["status"]), v["note"])
            except ValueError as exc:
                raise FieldProblem("note", str(exc)) from None

        self.ask(form, handle)

    def reopen_followup(self, f: Followup | None) -> None:
        if f is None:
            return
        form = Form(f"Reopen: {f.text}", [Field("note", "Why", required=False)])
        self.ask(form, lambda v: status_body(f.id, FollowupStatus.OPEN, v["note"]))

    # ---- the postmortem ---------------------------------------------------------------------

    def action_write_postmortem(self) -> None:
        """Write the draft and the export in a worker (reading a long incident and writing two
        files is no work for the screen's thread); a message says where, or what failed."""
        self.notify("Writing the postmortem draft…", timeout=2)
        self.run_worker(self._write_postmortem, thread=True, group="postmortem",
                        exit_on_error=False)  # fmt: skip

    def _write_postmortem(self) -> None:
        from cockpit.export.files import write_postmortem
        from cockpit.team_settings import export_folder

        s = self.session
        try:
            md, js = write_postmortem(s.store, s.incident_id, s.label, export_folder(self.app.settings),
                                      s.tz, s.now(), s.cadences)  # fmt: skip
        except (OSError, ValueError, StoreError) as exc:  # a folder not writable, say
            self.app.call_from_thread(self.notify, f"Postmortem not written: {safe(str(exc))}",
                                      severity="error", timeout=10)  # fmt: skip
            return
        self.app.call_from_thread(self._written, md, js)

    def _written(self, md: Path, js: Path) -> None:
        self.notify(f"Postmortem draft: {safe(str(md))}\nJSON export: {safe(str(js))}",
                    title="Written", timeout=12)  # fmt: skip
