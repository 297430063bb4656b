from datetime import UTC, timedelta

from cockpit.core.compose import new_event
from cockpit.core.light import LightEntry
from cockpit.core.timeline import REDACTED, Timeline

INC = "inc-1"


def note(clock, text, **kw):
    clock.advance(1)
    return new_event(INC, "bob", {"kind": "note", "text": text}, clock, **kw)


def test_rows_are_in_at_order_whatever_the_arrival_order(clock):
    a, b, c = note(clock, "a"), note(clock, "b"), note(clock, "c")
    back = note(clock, "backdated", at=a.at - timedelta(minutes=1))
    tl = Timeline(UTC)
    for e in (c, a, back, b, a):
        tl.apply(e)
    assert [r.text for r in tl] == ["backdated", "a", "b", "c"]
    assert tl.index_of(b.id) == 2
    assert tl.index_at(b.at) == 2


def test_an_edit_changes_the_text_and_keeps_the_history(clock):
    a = note(clock, "db is fine")
    tl = Timeline(UTC)
    tl.apply(a)
    clock.advance(1)
    ed = new_event(
        INC, "bob", {"kind": "entry_edited", "target": a.id, "text": "db is NOT fine"}, clock
    )
    assert tl.apply(ed) == -1
    (row,) = tl.rows
    assert row.text == "db is NOT fine" and row.edited
    assert row.original_text == "db is fine" and [e.id for e in row.history] == [ed.id]


def test_a_redaction_wins_over_any_edit_forever_and_keeps_who_and_when(clock):
    a = note(clock, "password=hunter2")
    red = new_event(
        INC, "carol", {"kind": "entry_redacted", "target": a.id, "reason": "secret"}, clock
    )
    clock.advance(5)
    late_edit = new_event(
        INC, "bob", {"kind": "entry_edited", "target": a.id, "text": "pw=x"}, clock
    )
    tl = Timeline(UTC)
    for e in (red, late_edit, a):  # the edits arrive before their target
        tl.apply(e)
    (row,) = tl.rows
    assert row.redacted and row.text.startswith(REDACTED) and "carol" in row.text
    assert "hunter2" not in row.text and row.original_text is None


def test_an_edit_landing_while_the_search_caches_are_filled_is_not_hidden_by_them(clock):
    # `Timeline.warm` fills the search caches on a worker while the screen applies events.
    # Here each edit lands in the middle of reading its row's text, as a thread switch would
    # put it: what was computed from the old text is returned, but not kept.
    tl = Timeline(UTC)
    edits = {}

    class EditLandsMidway(LightEntry):
        def describe(self, *, tz) -> str:
            text = super().describe(tz=tz)
            tl.apply(edits.pop(self.id))
            return text

    for old, new in (("db is fine #db", "db is NOT fine #outage"), ("cpu ok #cpu", "cpu hot")):
        e = note(clock, old)
        clock.advance(1)
        edits[e.id] = new_event(INC, "bob", {"kind": "entry_edited", "target": e.id,
                                "text": new}, clock)  # fmt: skip
        tl.apply(EditLandsMidway(*LightEntry.from_event(e)))
    first, second = tl.rows
    assert first.search_text == "db is fine #db"
    assert first.search_text == "db is not fine #outage"
    assert second.tags == {"cpu"}
    assert second.tags == frozenset()


def test_an_entry_about_another_names_it_whatever_the_order(clock):
    a = note(clock, "PSP status page shows no incident")
    pin = new_event(INC, "bob", {"kind": "entry_pinned", "target": a.id}, clock)
    for order in ((a, pin), (pin, a)):
        tl = Timeline(UTC)
        tl.apply(order[0])
        if order[0] is pin:
            assert tl.by_id[pin.id].search_text == "pinned an entry"  # its entry not here yet
        tl.apply(order[1])
        row = tl.by_id[pin.id]
        assert row.text == "Pinned “PSP status page shows no incident”"
        assert "psp status page" in row.search_text  # the cache followed


def test_a_redacted_entry_stays_hidden_in_what_quotes_it(clock):
    secret = new_event(INC, "bob", {"kind": "task_delegated", "task": "rotate key AKIA123",
                       "owner": "carol"}, clock)  # fmt: skip
    ack = new_event(INC, "carol", {"kind": "task_status", "target": secret.id,
                    "status": "acknowledged"}, clock)  # fmt: skip
    red = new_event(INC, "ic", {"kind": "entry_redacted", "target": secret.id}, clock)
    tl = Timeline(UTC)
    for e in (secret, ack):
        tl.apply(e)
    row = tl.by_id[ack.id]
    assert "akia123" in row.search_text  # cached, before the redaction
    gen = row.gen
    tl.apply(red)
    assert "AKIA123" not in row.text and "akia123" not in row.search_text
    assert row.gen > gen  # the screen's drawn line is dropped too


def test_quotes_never_nest_so_no_redaction_or_loop_shows_through_them(clock):
    hyp = new_event(INC, "bob", {"kind": "hypothesis", "text": "db password hunter2 leaked"},
                    clock)  # fmt: skip
    confirmed = new_event(INC, "ic", {"kind": "entry_resolved", "target": hyp.id,
                          "resolution": "confirmed", "text": "yes"}, clock)  # fmt: skip
    pin = new_event(INC, "ic", {"kind": "entry_pinned", "target": confirmed.id}, clock)
    red = new_event(INC, "ic", {"kind": "entry_redacted", "target": hyp.id}, clock)
    tl = Timeline(UTC)
    for e in (hyp, confirmed, pin, red):
        tl.apply(e)
    assert tl.by_id[pin.id].text == "Pinned “Confirmed: yes”"
    assert "hunter2" not in tl.by_id[confirmed.id].text
    clock.advance(1)
    a = new_event(INC, "x", {"kind": "entry_pinned", "target": "pin-b"}, clock)
    b = new_event(INC, "x", {"kind": "entry_pinned", "target": a.id}, clock)
    selfish = new_event(INC, "x", {"kind": "entry_pinned", "target": "me"}, clock)
    tl.apply(a)
    tl.apply(b.model_copy(update={"id": "pin-b"}))
    tl.apply(selfish.model_copy(update={"id": "me"}))
    assert tl.by_id["pin-b"].text and tl.by_id[a.id].text  # no endless quoting
    assert tl.by_id["me"].text == "Pinned an entry"
