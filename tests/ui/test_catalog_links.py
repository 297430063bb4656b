"""The service catalog and linked incidents on the screen: declaring with a completed service
shows its owner and runbooks; a parent with two children in one file shows a child's
severity change at its next poll; the links view opens a child, links and unlinks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cockpit import settings
from cockpit.core.compose import new_event
from cockpit.store import Store
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.screens.links_view import LinksScreen
from cockpit.tui.widgets.checklist_pane import ChecklistPane
from cockpit.tui.widgets.links_pane import LinksPane
from cockpit.tui.widgets.service_pane import ServicePane
from tests.ui.helpers import loaded, make_app, screen_text, wait_for

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "catalog"
PARENT, A, B = (f"0196e1a4-0000-7000-8000-0000000000{n}" for n in ("b1", "b2", "b3"))


@pytest.fixture
def catalog() -> Path:
    target = settings.user_catalog_dir()
    shutil.copytree(FIXTURES, target)
    return target


def pane_text(screen, pane) -> str:
    return screen.query_one(pane).build().plain


async def test_declaring_with_a_completed_service_shows_its_owner_and_runbooks(
    store, clock, catalog
):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        await wait_for(pilot, lambda: app.catalog, "the catalog, read in the background")
        # The malformed catalog files were said, one line each; the cockpit started anyway.
        said = " | ".join(app.said)
        assert "broken.yaml skipped: not valid YAML" in said
        assert "document 2 skipped (unknown kind 'Componnent'" in said
        await pilot.press(*"Checkout errors", "enter")  # title
        await pilot.press(*"chec")  # service: the catalog completes it
        # shown in the field, dimmed, as the rest of what was typed
        await wait_for(pilot, lambda: "checkout-api" in screen_text(app), "the suggestion")
        await pilot.press("right", "enter")  # → accepts it
        await pilot.press("1", *"cards fail", "enter", "enter")  # SEV1, impact, IC
        screen = await loaded(pilot)
        assert screen.session.state.field("service") == "checkout-api"
        pane = screen.query_one(ServicePane)
        await wait_for(pilot, lambda: pane.display, "the service block")
        text = pane_text(screen, ServicePane)
        assert "Owner Payments team (team-payments)" in text
        assert "On-call PX1CHK0 (PagerDuty service), payments-oncall (Opsgenie team)" in text
        assert "Runbook Checkout API runbook" in text
        assert "Deps payments-db, psp-gateway, fraud-score" in text
        assert pane.border_title == "Service: checkout-api · tier 1"
        assert "Service: checkout-api" in screen_text(app)


async def test_an_unknown_service_is_recorded_as_typed_and_said(store, clock, catalog):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the declare form")
        await wait_for(pilot, lambda: app.catalog, "the catalog")
        await pilot.press(*"Search down", "enter", *"serch-api", "enter", "2", "enter")
        await pilot.press("enter", "enter")  # impact, IC
        screen = await loaded(pilot)
        assert screen.session.state.field("service") == "serch-api"
        assert any("service 'serch-api' is not in the catalog" in m for m in app.said)
        pane = screen.query_one(ServicePane)
        await wait_for(pilot, lambda: pane.display, "the service block")
        assert pane_text(screen, ServicePane) == "not in the catalog"


async def test_the_services_runbook_checklist_is_one_key_away(store, clock, catalog):
    folder = settings.user_checklists_dir()
    folder.mkdir(parents=True)
    (folder / "psp.toml").write_text('title = "PSP runbook"\nitems = ["Check the PSP status page"]'
                                     '\nservice = "checkout-api"\n')  # fmt: skip
    store.declare(new_event(PARENT, "alice", {"kind": "incident_declared", "title": "Errors",
                                              "service": "checkout-api"}, clock))  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, lambda: "PSP runbook" in pane_text(screen, ServicePane), "offered")
        assert "Runbook checklist PSP runbook (c →)" in pane_text(screen, ServicePane)
        await pilot.press("c", "right")
        assert screen.query_one(ChecklistPane).checklist.title == "PSP runbook"


def family(store: Store, clock) -> None:
    """A parent and two child workstreams in one file, each child with its own lead."""
    for incident, title, sev in ((PARENT, "Black Friday payments", "SEV1"),
                                 (A, "EU card payments", "SEV2"),
                                 (B, "Payments DB failover", "SEV3")):  # fmt: skip
        store.declare(new_event(incident, "alice", {"kind": "incident_declared", "title": title,
                                                    "severity": sev}, clock))  # fmt: skip
    for child, lead in ((A, "bob"), (B, "carol")):
        for body in ({"kind": "incident_linked", "target": PARENT, "relation": "part_of"},
                     {"kind": "role_assigned", "role": "ic", "person": lead}):  # fmt: skip
            clock.advance(1)
            store.append(new_event(child, lead, body, clock))
    store.append(new_event(A, "bob", {"kind": "mitigation_started", "what": "Fail over the PSP",
                                      "by": "kim"}, clock))  # fmt: skip


async def test_a_childs_severity_change_shows_on_the_parents_screen_at_its_next_poll(
    store, clock, db_path
):
    family(store, clock)
    app = make_app(store, clock, incident="INC-1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        pane = screen.query_one(LinksPane)
        await wait_for(pilot, lambda: pane.display, "the workstreams")
        assert pane.border_title == "Workstreams 2 (L)"
        assert pane_text(screen, LinksPane).splitlines() == [
            "INC-2 SEV2 declared bob: Fail over the PSP",
            "INC-3 SEV3 declared carol: Payments DB failover",
        ]
        # Another terminal (its own connection to the file) raises child A's severity.
        await wait_for(pilot, lambda: not screen.reading, "the poll in flight to end")
        with Store.open(db_path) as other:
            state = other.state(A)
            clock.advance(5)
            other.append(new_event(A, "bob", {"kind": "severity_set", "severity": "SEV1",
                                              "reason": "all EU cards"}, clock, state=state))  # fmt: skip
        assert "INC-2 SEV2" in pane_text(screen, LinksPane)  # not before the poll
        screen.poll()  # the next poll (its timer would run it within half a second)
        await wait_for(pilot, lambda: not screen.reading, "that poll")
        await pilot.pause()
        assert pane_text(screen, LinksPane).splitlines()[0] == (
            "INC-2 SEV1 declared bob: Fail over the PSP"
        )
        assert "INC-2 SEV1" in screen_text(app)


async def test_the_links_view_opens_a_child_links_and_unlinks(store, clock, db_path):
    family(store, clock)
    app = make_app(store, clock, incident="INC-1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await wait_for(pilot, lambda: screen.query_one(LinksPane).display, "the workstreams")
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen), "the links view")
        view = app.screen
        assert [r.name for r in view.rows] == ["INC-2", "INC-3"]
        text = screen_text(app)
        assert "child workstream INC-2  SEV2 declared     lead bob · mitigating: Fail over" in text
        # Live while open: the main screen's poll runs under the view.
        with Store.open(db_path) as other:
            clock.advance(5)
            other.append(new_event(B, "carol", {"kind": "phase_set", "phase": "mitigating"}, clock))
        await wait_for(pilot, lambda: "INC-3  SEV3 mitigating" in screen_text(app), "live row")
        # Link this incident to one elsewhere: by id, shown as not visible here.
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the link form")
        await pilot.press(*"0196e1a4-0000-7000-8000-00000000beef", "enter", "3")  # caused by
        await wait_for(pilot, lambda: len(view.rows) == 3, "the new link")
        assert view.rows[2].other is None and view.rows[2].words == "caused by"
        assert view.line(view.rows[2]).plain == (
            f"{'caused by':<17}incident 0196e1a4-0000-7000-8000-00000000beef · not visible here: "
            "not in this file (another server or team)"
        )
        await pilot.press("down", "down", "enter")  # Enter on it: says how to follow it
        assert any("cockpit join URL 0196e1a4-0000-7000-8000-00000000beef" in m for m in app.said)
        # Unlink child B: written in B's own log (linked=false), read back at the next poll.
        await pilot.press("up", "d")
        await wait_for(pilot, lambda: "INC-3" not in [r.name for r in view.rows], "B unlinked")
        with Store.open(db_path) as other:
            last = other.events(B)[-1]
            assert (last.kind, last.body.linked, last.body.target) == ("incident_linked", False,
                                                                       PARENT)  # fmt: skip
        # Enter on a child opens its screen.
        await pilot.press("home", "enter")
        await wait_for(pilot, lambda: getattr(app.screen, "session", None) is not None
                       and app.screen.session.label == "INC-2", "the child's screen")  # fmt: skip
        child = await loaded(pilot)
        await wait_for(pilot, lambda: child.query_one(LinksPane).display, "its links")
        assert pane_text(child, LinksPane).startswith("part of INC-1 SEV1 declared no lead")


@pytest.mark.parametrize("size", ((120, 40), (80, 24)), ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_side_column_with_workstreams_and_the_service(snap_compare, store, clock, size):
    """Layout: the workstreams and the service block between the countdown and the
    checklist, the header's facts whole, at 120x40 and 80x24 (a catalog with no bad file:
    no notices over the picture)."""
    folder = settings.user_catalog_dir()
    folder.mkdir(parents=True)
    for name in ("checkout-api.yaml", "org/teams.yaml", "systems/payments.yaml"):
        shutil.copy(FIXTURES / name, folder / Path(name).name)
    family(store, clock)
    store.append(new_event(PARENT, "alice", {"kind": "field_set", "field": "service",
                                             "value": "checkout-api"}, clock))  # fmt: skip
    app = make_app(store, clock, incident="INC-1", remember_theme=False)

    async def ready(pilot) -> None:
        screen = await loaded(pilot)
        await wait_for(pilot, lambda: screen.query_one(LinksPane).display, "the workstreams")
        await wait_for(pilot, lambda: screen.query_one(ServicePane).display, "the service")
        screen.tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ready)


def test_the_catalog_is_read_again_when_its_files_change(tmp_path):
    """While the screen runs: a look every few polls (names, sizes, times; no reading), and
    the files read again only when they changed."""
    from cockpit.tui.catalog_watch import EVERY, CatalogWatch

    (tmp_path / "a.toml").write_text('service = "a"\nowner = "t"\n')
    watch = CatalogWatch([tmp_path, tmp_path / "not-yet"])
    assert watch.load().catalog.names() == ["a"]
    assert [watch.changed() for _ in range(EVERY)] == [None] * EVERY  # nothing changed
    (tmp_path / "b.toml").write_text('service = "b"\nowner = "t"\n')
    seen = [watch.changed() for _ in range(EVERY)]
    assert seen[:-1] == [None] * (EVERY - 1)
    assert seen[-1] is not None and seen[-1].catalog.names() == ["a", "b"]
    (tmp_path / "a.toml").write_text('service = "a"\nowner = "other team"\n')  # edited
    again = [x for x in (watch.changed() for _ in range(EVERY)) if x is not None]
    assert [x.catalog.owner("a") for x in again] == ["other team"]
    (tmp_path / "not-yet").mkdir()  # a configured folder that appears
    (tmp_path / "not-yet" / "c.toml").write_text('service = "c"\n')
    again = [x for x in (watch.changed() for _ in range(EVERY)) if x is not None]
    assert again[0].catalog.names() == ["a", "b", "c"]


async def test_a_follower_sees_the_workstreams_and_opens_them_but_never_links(
    store, clock, demo, db_path
):
    from cockpit.store.read_only import ReadOnlyStore
    from cockpit.tui.watching import Watching

    watched = ReadOnlyStore.open(db_path)
    app = make_app(watched, clock, demo, watching=Watching())
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            await wait_for(pilot, lambda: screen.query_one(LinksPane).display, "the workstreams")
            assert pane_text(screen, LinksPane).startswith("INC-2 SEV3 mitigating omar: Replay")
            await pilot.press("L")
            await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen), "the links view")
            view = app.screen
            shown = {b.binding.id for b in view.active_bindings.values()}
            assert "links_add" not in shown and "links_remove" not in shown
            before = len(watched.events(demo_id := screen.session.incident_id))
            await pilot.press("a", "d")
            await pilot.pause()
            assert app.screen is view and len(watched.events(demo_id)) == before
            assert "Enter: open · Esc: close" in screen_text(app)
            await pilot.press("enter")  # opening the child is reading: allowed
            await wait_for(pilot, lambda: getattr(app.screen, "session", None) is not None
                           and app.screen.session.label == "INC-2", "the child")  # fmt: skip
    finally:
        watched.close()


async def test_a_catalog_read_before_the_screen_is_up_is_shown_once_it_is(store, clock, catalog,
                                                                          monkeypatch):  # fmt: skip
    """The catalog is read in a worker while the screen starts: read before the main screen
    has its panes, it waits for them (it failed the worker, NoMatches, before)."""
    from cockpit.files import catalog as catalog_files
    from cockpit.tui.screens.main import MainScreen

    store.declare(new_event(PARENT, "ann", {"kind": "incident_declared", "title": "Down",
                                             "service": "checkout-api"}, clock))  # fmt: skip
    compose = MainScreen.compose
    early = catalog_files.load([catalog])

    def compose_after_the_catalog(screen):
        screen.app.catalog_read(early)  # as if the worker had finished just now
        yield from compose(screen)

    monkeypatch.setattr(MainScreen, "compose", compose_after_the_catalog)
    app = make_app(store, clock, "INC-1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        pane = screen.query_one(ServicePane)
        await wait_for(pilot, lambda: pane.display, "the service block")
        assert "Owner Payments team (team-payments)" in pane_text(screen, ServicePane)
