"""The cockpit app: built by the CLI with its dependencies (store, clock, settings, and later a
sync object). What it shows first (the incident asked for, the one open incident, a picker
when several are open, a declare form when none is) is decided in app_start.py."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import App
from textual.theme import Theme
from textual.worker import Worker

from cockpit.core import events as events_module
from cockpit.core.catalog import Catalog
from cockpit.core.clock import Clock
from cockpit.core.compose import new_event
from cockpit.core.display import safe, safe_multiline
from cockpit.core.ids import uuid7
from cockpit.core.vocabulary import INTAKE_QUESTIONS, SEVERITY_DEFINITIONS, Severity
from cockpit.files import checklists as checklist_files
from cockpit.settings import Settings, user_checklists_dir, user_templates_dir
from cockpit.store.store import IncidentRef, Store
from cockpit.tui import hangup, keymap, textual_compat
from cockpit.tui.app_start import AppStart
from cockpit.tui.catalog_watch import CatalogWatch
from cockpit.tui.checklist_watch import ChecklistWatch
from cockpit.tui.delivery_link import DeliveryLink
from cockpit.tui.incidents import Summary, open_incidents
from cockpit.tui.name_suggester import WholeSuggester
from cockpit.tui.screens.form import Field, Form, FormScreen
from cockpit.tui.screens.main import MainScreen
from cockpit.tui.screens.picker import PickerScreen
from cockpit.tui.session import Session
from cockpit.tui.start_read import StartRead, start_reading
from cockpit.tui.template_watch import TemplateWatch
from cockpit.tui.themes import DEFAULT_THEME, VARIABLE_DEFAULTS, load_themes
from cockpit.tui.watching import RefusingWriter, Watching
from cockpit.tui.writer import Writer


def _cockpit_commands() -> type:
    """The palette's cockpit commands, imported when the palette first opens (textual.command
    and its widgets are ~20 ms of start-up otherwise), as Textual does with its own."""
    from cockpit.tui.commands import CockpitCommands

    return CockpitCommands


class CockpitApp(AppStart, App):
    TITLE = "cockpit"
    # The app's, not MainScreen's: a screen's own stylesheet, read when the screen is pushed,
    # has Textual parse every widget's CSS a second time (~6 ms of the first frame).
    CSS_PATH = Path(__file__).parent / "main.tcss"
    COMMANDS = App.COMMANDS | {_cockpit_commands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: Settings,
        *,
        author: str | None = None,
        incident: str | None = None,
        sync: Any = None,
        tz: tzinfo = UTC,
        theme: str | None = None,
        remember_theme: bool = True,
        after_first_frame: Callable[[], object] | None = None,
        watching: Watching | None = None,
    ) -> None:
        self.store = store
        self.watching = watching  # a follower: read-only, one incident (tui/watching.py)
        self.clock = clock
        self.settings = settings
        self.author = author or settings.author
        self.incident_ref = incident
        self.sync = sync
        self.tz = tz
        self.writer: Writer | RefusingWriter = RefusingWriter() if watching else Writer(store)
        self.delivery = DeliveryLink(self)
        self.start_read = start_reading(store, incident)  # while Textual starts
        self.notices: list[str] = []
        self.keys_read = 0  # keys read from the terminal so far (see on_event)
        self.said: deque[str] = deque(maxlen=50)  # the last messages shown (see notify)
        self.loaded_themes = load_themes(_user_themes_dir())
        self.notices += self.loaded_themes.notices
        self.template_watch = TemplateWatch(user_templates_dir())  # read when `u` first asks
        self.checklist_watch = ChecklistWatch(user_checklists_dir())  # before the first load
        loaded_lists = checklist_files.load(user_checklists_dir())
        self.user_checklists = loaded_lists.checklists  # the user's own, beside the built-in
        self.notices += loaded_lists.notices
        # The service catalog: read in a worker once the app runs (YAML, maybe many files).
        self.catalog = Catalog()
        self.catalog_watch = CatalogWatch(settings.catalog.folders())
        self._remember_theme = remember_theme and watching is None  # a follower writes no file
        self._after_first_frame = after_first_frame  # the CLI: resume the GC paused for start
        self.first_frame_shown = False  # the first screen has drawn its first frame
        self._requested_theme = theme or settings.theme or DEFAULT_THEME
        super().__init__()
        for t in self.loaded_themes.themes:
            self.register_theme(t)
        # set before the stylesheet is first parsed (textual_compat.start_theme says why)
        textual_compat.start_theme(self, self._pick_theme(self._requested_theme))
        self.keymap_overrides = self._check_keys(dict(settings.keys))
        self.set_keymap(self.keymap_overrides)

    async def on_event(self, event: events.Event) -> None:
        # Keys counted as they are read, before any binding runs: a form tells by it whether
        # an Enter came right behind a digit (screens/form.py).
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.keys_read += 1
        await super().on_event(event)

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = False) -> None:  # fmt: skip
        """As Textual's, but always plain and safe text (widgets pass markup=True on their own):
        messages quote what people typed, their names, files and servers' errors; a `[/]` in
        them was read as markup (an error, or text swallowed), and a control would act on
        the terminal. Every notification, from any screen or widget, comes through here. The
        last few are kept in `said`: what the screen told, readable without reaching into
        Textual's toasts (the tests do)."""
        self.said.append(message)
        super().notify(safe_multiline(message), title=safe(title), severity=severity,
                       timeout=timeout, markup=False)  # fmt: skip

    # ---- themes and keys --------------------------------------------------------------------

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(VARIABLE_DEFAULTS)

    def _pick_theme(self, name: str) -> str:
        if name in self.available_themes:
            return name
        ours = ", ".join(t.name for t in self.loaded_themes.themes)
        self.notices.append(f"no theme {name!r}; using {DEFAULT_THEME} (available: {ours})")
        return DEFAULT_THEME

    def _check_keys(self, keys: dict[str, str]) -> dict[str, str]:
        known = set(keymap.BY_ID)
        unknown = sorted(set(keys) - known)
        if unknown:
            self.notices.append(
                f"unknown key binding id(s) {', '.join(unknown)} in the config file; "
                f"known ids: {', '.join(sorted(known))}"
            )
        return {k: v for k, v in keys.items() if k in known}

    def _theme_changed(self, theme: Theme) -> None:
        if self._remember_theme and theme.name != self.settings.theme:
            self.settings.theme = theme.name
            self._save_theme(theme.name)

    @work(thread=True, group="settings")
    def _save_theme(self, name: str) -> None:
        from cockpit import settings

        try:
            settings.save({"theme": name})
        except OSError as exc:
            self.call_from_thread(
                self.notify, f"could not remember the theme: {exc}", severity="warning"
            )

    # ---- start ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        for notice in self.notices:
            self.notify(notice, severity="warning", timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.writer.start()
        self.delivery.start()  # sends posted updates, when destinations are configured
        if not self.is_headless:  # a real terminal, which can go away
            hangup.watch(self)
        # once Textual's start-up batch is over: a screen pushed within it is laid out with
        # its painting put off, and laid out again (and painted twice) after it
        self.call_later(self.open_start)

    def first_frame_drawn(self) -> None:
        """The first screen (the incident's, the picker or the declare form) has drawn its first
        frame (app_start.py): now the work it did not need for it, put off until now because,
        in threads, it would have shared the interpreter with it: the service catalog, the
        team's templates, the events' validators."""
        self._read_catalog()
        self._read_templates()
        self._warm_models()

    @work(thread=True, group="warm", exit_on_error=False)
    def _warm_models(self) -> None:
        """The events' validators, deferred at import (core/body.py says why), built now that
        the screen is up: the first entry typed does not wait ~30 ms for them."""
        events_module.warm()

    @work(thread=True, group="templates", exit_on_error=False)
    def _read_templates(self) -> None:
        """The team's update templates, ready before the first `u` (the composer shows what
        cannot be used)."""
        self.template_watch.current(take_notices=False)

    def on_unmount(self) -> None:
        self.delivery.stop()
        self.writer.stop()

    @work(thread=True, group="catalog", exit_on_error=False)
    def _read_catalog(self) -> None:
        try:
            loaded = self.catalog_watch.load()
        except Exception as exc:  # a catalog never stops the cockpit: say it, carry on
            self.call_from_thread(self.notify, f"service catalog not read: {exc}",
                                  severity="warning", timeout=10)  # fmt: skip
            return
        self.call_from_thread(self.catalog_read, loaded)

    def catalog_read(self, loaded: Any, again: bool = False) -> None:
        """The catalog (read at start, or again because its files changed): kept, its files'
        problems said, and the screen's service block shown from it."""
        self.catalog = loaded.catalog
        for notice in loaded.notices:
            self.notify(notice, severity="warning", timeout=10)
        if again:
            self.notify(f"Service catalog read again: {len(self.catalog.services)} services",
                        timeout=3)  # fmt: skip
        # A screen still composing shows it once up (its panes read `self.catalog`); told
        # now, it found no panes, and the failed worker loaded rich's traceback (~50 ms of a
        # start) to log it.
        if isinstance(self.screen, MainScreen) and self.screen.is_mounted:
            self.screen.catalog_changed()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.delivery.worker_changed(event)

    def show_picker(self, found: list[Summary], back: bool = False,
                    title: str = "Open incidents") -> None:  # fmt: skip
        def picked(incident_id: str | None) -> None:
            if incident_id is None:  # declare one; Esc on that form comes back here
                self.declare(first=False, cancelled=lambda: self.show_picker(found, back, title))
            elif incident_id:  # "" is back to the incident open behind the picker
                s = next(x for x in found if x.id == incident_id)
                self.open_incident(IncidentRef(s.id, s.number, ""))

        self.push_screen(PickerScreen(found, title, back=back, tz=self.tz), picked)

    def open_incident(self, ref: IncidentRef, start: StartRead | None = None,
                      announce: str | None = None) -> None:  # fmt: skip
        """Show the incident; `announce`, just declared: the intake's "who to tell", and the
        composer opens on the announcement once the incident is read."""
        session = Session(
            self.store, self.clock, self.author, ref.id, ref.label, self.tz,
            self.settings.cadences, watching=self.watching,
            aliases=self.settings.aliases.build(),
            thresholds=self.settings.nudges.thresholds(self.tz),
            monitor=self.settings.closing.policy(),
        )  # fmt: skip
        screen = MainScreen(session, self.writer, self.sync, start=start)
        if isinstance(self.screen, MainScreen | PickerScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if announce is not None and self.settings.destinations:
            screen.announce_when_loaded(announce)

    @property
    def session(self) -> Session | None:
        return self.screen.session if isinstance(self.screen, MainScreen) else None

    def action_switch_incident(self) -> None:
        if self.watching is None:  # a follower sees the one incident it was given
            self._list_for_switch()

    @work(thread=True, group="start")
    def _list_for_switch(self) -> None:
        found = open_incidents(self.store)
        self.call_from_thread(self.show_picker, found, back=True)

    # ---- declaring --------------------------------------------------------------------------

    def declare_form(self, note: str = "") -> Form:
        words = self.settings.aliases.build()  # the team's words beside the cockpit's
        sev = [(s.value, f"{words.severity_label(s)}  {SEVERITY_DEFINITIONS[s]}") for s in Severity]
        ask = {name: (question, example) for name, question, example in INTAKE_QUESTIONS}
        return Form(
            "Declare an incident",
            [
                Field("title", "Title", placeholder="e.g. High error rate on checkout API"),
                Field(
                    "service",
                    ask["service"][0],
                    required=False,
                    placeholder=ask["service"][1],
                    suggester=WholeSuggester(lambda typed: self.catalog.complete(typed)),
                ),
                Field("severity", "Severity (1-4; unsure? pick the higher)", sev, value="SEV2"),
                Field("impact", ask["impact"][0], required=False, placeholder=ask["impact"][1]),
                Field("ic", "Incident Commander", value=self.author),
                *self._who_to_tell(ask["notify"]),
            ],
            intro="Declare early, on suspicion. Everything can change later." + note,
        )

    def _who_to_tell(self, question: tuple[str, str]) -> list[Field]:
        """With destinations configured, the intake's "who else needs to know": the
        announcement goes to those it names (and to the config's `[announce] to`)."""
        names = list(self.settings.destinations)
        if not names:
            return []
        return [Field("notify", question[0], required=False,
                      placeholder="announced to those named: " + ", ".join(names[:4]))]  # fmt: skip

    def declare(self, first: bool, form: Form | None = None,
                cancelled: Callable[[], Any] | None = None) -> None:  # fmt: skip
        form = form or self.declare_form()

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                if first:
                    self.exit("No incident declared; nothing to show. `cockpit demo` shows one.")
                elif cancelled is not None:
                    cancelled()
                return
            self._declare(values, form, first, cancelled)

        self.push_screen(FormScreen(form), done)

    @work(thread=True, group="declare")
    def _declare(self, values: dict[str, str], form: Form, first: bool,
                 cancelled: Callable[[], Any] | None = None) -> None:  # fmt: skip
        try:
            service = self._service_name(values["service"])
            body = {"kind": "incident_declared", "title": values["title"],
                    "service": service, "impact": values["impact"],
                    "severity": values["severity"], "notify": values.get("notify", "")}  # fmt: skip
            declared = new_event(uuid7(self.clock.now()), self.author, body, self.clock)
            ic = new_event(declared.incident, self.author, {"kind": "role_assigned", "role": "ic",
                           "person": values["ic"]}, self.clock)  # fmt: skip
            ref, _ = self.store.declare(declared, ic)  # one transaction: a retry never doubles
        except Exception as exc:
            message = f"not declared: {str(exc).splitlines()[0]}"
            again = form.with_values(values, error=message)
            self.call_from_thread(self.declare, first, again, cancelled)
            return
        self.call_from_thread(self.open_incident, ref, announce=values.get("notify", ""))

    def _service_name(self, typed: str) -> str:
        """The catalog's spelling of a service typed in a form; a name it does not know is
        kept as typed, and the screen says so (never refused)."""
        name, catalog = typed.strip(), self.catalog
        if not name or not catalog:
            return name
        found = catalog.find(name)
        if found is not None:
            return found.name
        close = catalog.close_to(name)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        self.call_from_thread(self.notify, f"service {name!r} is not in the catalog{hint}; "
                              "recorded as typed", severity="warning", timeout=8)  # fmt: skip
        return name


def _user_themes_dir():
    from cockpit.settings import user_themes_dir

    return user_themes_dir()
