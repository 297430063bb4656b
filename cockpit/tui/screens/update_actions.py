"""Status updates from the main screen: `u` opens the composer (on the audience due soonest),
and a newly declared incident opens it on the announcement when there is somewhere to send it.

A mixin of MainScreen. Nothing typed is lost: a draft closed with Esc comes back at the next
`u`; an edited text is also kept in the file (the drafts table, slot "update"), so it comes
back after a crash or a restart too; a post that fails to save brings the composer back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work

from cockpit.core import updates
from cockpit.core.update_destinations import destinations_from
from cockpit.core.vocabulary import Audience, Stage
from cockpit.tui.drafts import DraftKeeper
from cockpit.tui.update_draft import Draft

SLOT = "update"

if TYPE_CHECKING:  # a mixin of MainScreen, typed as the screen it is mixed into
    from textual.screen import Screen as _Screen

    from cockpit.files.templates import Loaded
    from cockpit.tui.session import Session
else:
    _Screen = object


class UpdateActions(_Screen):
    """Mixed into MainScreen."""

    session: Session
    save: Callable[..., None]
    _update_draft: Draft | None = None
    _update_keeper: DraftKeeper | None = None

    @property
    def update_keeper(self) -> DraftKeeper:
        if self._update_keeper is None:
            s = self.session
            self._update_keeper = DraftKeeper(self, s.store, s.incident_id, s.clock, slot=SLOT)
        return self._update_keeper

    def action_post_update(self) -> None:
        self.open_composer()

    def open_composer(self, template: str = "", announce_to: tuple[str, ...] = (),
                      audience: Audience | None = None,
                      posted: Callable[[Any], Any] | None = None) -> None:  # fmt: skip
        """Show the composer now (keys typed right behind `u` land in it), with the templates
        read last; then read them again if their folder changed, and any draft kept in the
        file (a worker: files), and bring those in. `posted(event)` runs once the update is
        saved (the all-clear stands the team down then); `audience`: the one it opens on."""
        watch = self.app.template_watch  # type: ignore[attr-defined]  # CockpitApp
        draft = self._update_draft
        fresh = draft is None or not draft.edited or bool(template)
        if fresh:
            draft = self._new_draft(watch.last(), template, announce_to)
            if audience is not None:
                draft.pick_audience(audience)
                if template:
                    draft.pick_template(template)
        else:  # the draft closed with Esc: its edits, the rest filled from the record now
            assert draft is not None
            draft.reopened()
        self._update_draft = draft
        screen = self._show_composer(draft, posted=posted)
        self._read_for(screen, draft, fresh and not template)

    @work(thread=True, group="templates", exit_on_error=False)
    def _read_for(self, screen: Any, draft: Draft, look_for_kept: bool) -> None:
        try:
            loaded, notices = self.app.template_watch.current()  # type: ignore[attr-defined]
        except Exception as exc:  # an unreadable folder: the built-in templates still serve
            from cockpit.files.templates import Loaded

            loaded, notices = Loaded(), [f"cannot read the update templates: {exc}"]
        kept = ("", "")
        if look_for_kept:
            try:
                kept = self.update_keeper.read()
            except Exception as exc:
                notices.append(f"could not read the update draft kept from last time: {exc}")
        for notice in notices:
            self.app.call_from_thread(self.notify, notice, severity="warning", timeout=10)
        self.app.call_from_thread(self._arrived, screen, draft, loaded, kept)

    def _arrived(self, screen: Any, draft: Draft, loaded: Loaded, kept: tuple[str, str]) -> None:
        """What the worker read: the templates (a file added since), and the draft kept from
        last time, unless the composer was already used."""
        changed = False
        if loaded.all() != draft.templates:
            draft.templates = loaded.all()
            changed = True
        if kept[1].strip() and not draft.touched and not draft.edited:
            self._restore(draft, *kept)
            changed = True
        if changed and screen.is_attached:
            screen.draft_changed()

    def _restore(self, draft: Draft, kind: str, text: str) -> None:
        """The edited text kept in the file, where it was written (template, audience, stage)."""
        template, _, rest = kind.partition("/")
        audience, _, stage = rest.partition("/")
        try:
            draft.pick_audience(Audience(audience))
            if stage:
                draft.pick_stage(Stage(stage))
        except ValueError:
            pass  # written by another version: the text still comes back, where it opens
        draft.pick_template(template)
        draft.set_text(text)
        self.notify("The update draft kept from last time is back", timeout=5)

    def _new_draft(self, loaded: Any, template: str, announce_to: tuple[str, ...]) -> Draft:
        s = self.session
        settings = self.app.settings  # type: ignore[attr-defined]  # CockpitApp
        call, channel = settings.announce.where(s.label)
        due = s.update_clock()
        audience = due.audience if due.due is not None else Audience.RESPONDERS
        draft = Draft(s.state, loaded.all(), destinations_from(settings.destinations),
                      s.cadences, s.tz, s.label, s.now, call=call, channel=channel,
                      audience=audience, announce_to=announce_to)  # fmt: skip
        if template:
            draft.pick_template(template)
        return draft

    def _show_composer(self, draft: Draft, error: str = "",
                       posted: Callable[[Any], Any] | None = None) -> Any:  # fmt: skip
        from cockpit.tui.screens.composer import ComposerScreen  # opened rarely: imported then

        seen = self.session.seen()
        timeline = self.session.timeline

        def internal() -> list[str]:  # only for a customer update, only when posting
            return updates.internal_texts(self.session.state, timeline)

        def keep(text: str) -> None:  # an edited text is kept in the file ("" forgets it)
            self.update_keeper.changed(draft.slot_kind(), text)

        def done(body: dict | None) -> None:
            if body is None:
                return  # closed: the draft stays for the next `u`

            def retry(problem: str) -> None:
                self._show_composer(draft, f"not posted: {problem}", posted)

            made: list[Any] = []

            def saved() -> None:
                if self._update_draft is draft:
                    self._update_draft = None  # posted: the next one starts from the record
                    self.update_keeper.changed("", "")
                where = body.get("destinations") or ()
                sent = f"; the outbox sends it to {', '.join(where)}" if where else ""
                self.notify(f"Update to {body['audience']} posted{sent}", timeout=4)
                if posted is not None and made:
                    posted(made[-1])

            self.save(body, retry=retry, seen=seen, saved=saved, made=made.append)

        screen = ComposerScreen(draft, internal, error, keep)
        self.app.push_screen(screen, done)
        return screen

    def on_unmount(self) -> None:
        if self._update_keeper is not None:
            self._update_keeper.flush()

    def announce_when_loaded(self, notify: str) -> None:
        """Just declared: once the incident is read, the composer on the announcement, to the
        destinations the config names for it and those the intake's "who to tell" names."""
        if not self.session.loaded:
            self.set_timer(0.05, lambda: self.announce_when_loaded(notify))
            return
        settings = self.app.settings  # type: ignore[attr-defined]
        names = list(settings.destinations)
        to = [n for n in settings.announce.to if n in names]
        to += [n for n in updates.named_in(notify, names) if n not in to]
        self.open_composer("announcement", tuple(to))
