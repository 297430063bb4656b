"""The IC's inbox on the screen (issue 14): the unanswered count in the header, `Q` opens the
inbox, and each question is answered, deferred to the next update or passed to a named person
as a task (the task and the settling in one save); questions that arrive from elsewhere show
at the next look at the file."""

from __future__ import annotations

import sqlite3

from cockpit.core import inbox
from cockpit.core.compose import new_event
from cockpit.core.inbox import Status
from cockpit.core.vocabulary import TaskStatus
from cockpit.store import Store
from cockpit.tui.messages import Saved, SaveFailed
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.screens.inbox import InboxScreen
from cockpit.tui.widgets.incident_bar import IncidentBar
from cockpit.tui.writer import Writer
from tests.ui.helpers import loaded, make_app, saved, screen_text, wait_for


def ask(store: Store, clock, incident: str, text: str, asker: str, author: str = "scribe"):
    clock.advance(seconds=30)
    body = {"kind": "question_asked", "from": asker, "text": text}
    return store.append(new_event(incident, author, body, clock))


def header(app) -> str:
    return app.screen.query_one(IncidentBar).build().plain


def statuses(screen) -> dict[str, Status]:
    return {q.asker: q.status for q in inbox.questions(screen.session.state)}


async def open_inbox(pilot) -> InboxScreen:
    await pilot.press("Q")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, InboxScreen), "the inbox")
    await pilot.pause()
    return pilot.app.screen  # type: ignore[return-value]


async def test_the_inbox_with_open_questions_answer_defer_and_pass_as_a_task(store, clock,
                                                                            incident):  # fmt: skip
    ask(store, clock, incident, "Will EU customers get a credit?", "VP Sales")
    ask(store, clock, incident, "When is the next update?", "CFO")
    ask(store, clock, incident, "Which regions are hit?", "Support")
    app = make_app(store, clock, incident=incident)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        assert "inbox 3" in header(app)
        assert "Q Inbox" in screen_text(app)  # the footer offers the key while some wait
        box = await open_inbox(pilot)
        text = screen_text(app)
        assert "VP Sales (via scribe): Will EU customers get a credit?" in text
        assert [q.asker for q in box.waiting] == ["VP Sales", "CFO", "Support"]

        await pilot.press("a")  # the first (oldest): answer it
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the answer form")
        assert "VP Sales asks: Will EU customers get a credit?" in screen_text(app)
        await pilot.press(*"Yes, per the SLA", "enter")
        await saved(pilot, screen, 5)
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen), "back in the inbox")
        assert statuses(screen)["VP Sales"] is Status.ANSWERED
        await wait_for(pilot, lambda: "Yes, per the SLA" in screen_text(app), "the answer")

        box.show()
        assert [q.asker for q in box.waiting] == ["CFO", "Support"]
        await pilot.press("d")  # defer the CFO's to the next update
        await saved(pilot, screen, 6)
        assert statuses(screen)["CFO"] is Status.DEFERRED
        assert [q.asker for q in inbox.deferred(screen.session.state)] == ["CFO"]
        await pilot.pause()
        await wait_for(pilot, lambda: [m for m in app.said if "waits for the next update to executives" in m],
                       "the deferral said")  # fmt: skip

        box.show()
        await pilot.press("home", "p")  # Support's (open ones come first): pass it on
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the pass form")
        form = app.screen
        assert form.form.fields[1].value.startswith("Answer Support's question")
        await pilot.press(*"carol", "enter", "enter", "enter")
        await saved(pilot, screen, 8)  # the task and the settling
        assert statuses(screen)["Support"] is Status.PASSED
        [task] = screen.session.state.open_tasks()
        assert (task.owner, task.status) == ("carol", TaskStatus.DELEGATED)
        assert "Which regions are hit?" in task.text and task.due is not None
        [q] = [q for q in inbox.questions(screen.session.state) if q.asker == "Support"]
        assert (q.to, q.task) == ("carol", task.id)

        await pilot.press("Q")  # closes it again
        await wait_for(pilot, lambda: not isinstance(app.screen, InboxScreen), "the inbox closed")
        assert "inbox" not in header(app)  # nothing waits on the IC now
        assert "Q Inbox" not in screen_text(app)
    kinds = [e.kind for e in store.events(incident)]
    assert kinds.count("question_settled") == 3 and kinds.count("task_delegated") == 1


async def test_a_question_from_elsewhere_shows_in_the_header(store, clock, incident, db_path):
    app = make_app(store, clock, incident=incident)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        assert "inbox" not in header(app)
        other = Store.open(db_path)  # another process: `cockpit ask`, or a server's pull
        try:
            ask(other, clock, incident, "ETA?", "VP Sales")
        finally:
            other.close()
        await wait_for(pilot, lambda: "inbox 1" in header(app), "the count at the next look")
        box = await open_inbox(pilot)
        assert [q.asker for q in box.waiting] == ["VP Sales"]
        assert screen.session.state.questions


async def test_the_count_never_gives_way_to_a_long_title(store, clock, incident):
    ask(store, clock, incident, "ETA?", "VP Sales")
    store.append(new_event(incident, "alice", {"kind": "field_set", "field": "title",
                                               "value": "x" * 200}, clock))  # fmt: skip
    app = make_app(store, clock, incident=incident)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        line = header(app)
        assert line.rstrip().endswith("inbox 1") or "inbox 1 ·" in line
        assert "…" in line  # the title gave way


async def test_a_redacted_question_keeps_its_text_out_of_the_inbox(store, clock, incident):
    q = ask(store, clock, incident, "is the root password hunter2?", "VP Sales")
    store.append(new_event(incident, "alice", {"kind": "entry_redacted", "target": q.id}, clock))
    app = make_app(store, clock, incident=incident)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await open_inbox(pilot)
        text = screen_text(app)
        assert "VP Sales" in text and "redacted" in text and "hunter2" not in text


async def test_a_pass_that_fails_to_save_saves_neither_and_brings_the_form_back(
    store, clock, incident, db_path
):
    ask(store, clock, incident, "ETA?", "VP Sales")
    app = make_app(store, clock, incident=incident)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        broken = Store.open(db_path)
        broken.close()
        screen.writer.store = broken
        await open_inbox(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the pass form")
        await pilot.press(*"carol", "enter", "enter", "enter")
        await wait_for(pilot, lambda: "not saved" in screen_text(app), "the form, with why")
        assert isinstance(app.screen, FormScreen) and app.screen.form.fields[0].value == "carol"
        screen.writer.store = store
        await pilot.press("ctrl+s")
        await saved(pilot, screen, 4)
    kinds = [e.kind for e in store.events(incident)]
    assert kinds.count("task_delegated") == 1 and kinds.count("question_settled") == 1


class Inbox:
    """What a screen would be told (the writer posts to it from its thread)."""

    def __init__(self) -> None:
        self.messages: list = []

    def post_message(self, message) -> bool:
        self.messages.append(message)
        return True


def test_events_saved_together_are_all_committed_or_none(store, clock, incident, db_path):
    q = ask(store, clock, incident, "ETA?", "VP Sales")
    task = new_event(incident, "alice", {"kind": "task_delegated", "task": "t", "owner": "c"},
                     clock)  # fmt: skip
    settle = new_event(incident, "alice", {"kind": "question_settled", "target": q.id,
                                           "how": "passed", "to": "c", "task": task.id}, clock)  # fmt: skip
    with sqlite3.connect(db_path) as c:  # the file refuses the second one, mid-transaction
        c.execute("CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.kind = "
                  "'question_settled' BEGIN SELECT RAISE(ABORT, 'refused'); END")  # fmt: skip
    writer, told = Writer(store), Inbox()
    writer.submit_together([task, settle], told, token="t")
    writer.stop()
    assert [type(m) for m in told.messages] == [SaveFailed, SaveFailed]
    assert [m.token for m in told.messages] == [None, "t"]  # the token rides with the last
    assert store.event(task.id) is None  # the first was not kept without the second
    with sqlite3.connect(db_path) as c:
        c.execute("DROP TRIGGER refuse")
    writer, told = Writer(store), Inbox()
    writer.submit_together([task, settle], told, token="t")
    writer.stop()
    assert [type(m) for m in told.messages] == [Saved, Saved] and writer.pending == 0
    assert store.event(task.id) and store.event(settle.id)


def test_inbox_snapshot_on_the_demo_at_80x24(snap_compare, store, clock, demo):
    """The demo's inbox: one question waiting (Support's), one answered by an update."""
    app = make_app(store, clock, incident=demo, remember_theme=False)

    async def ready(pilot) -> None:
        await loaded(pilot)
        await open_inbox(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
