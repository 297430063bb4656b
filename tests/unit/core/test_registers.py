from datetime import UTC, datetime

from cockpit.core.registers import Register, Write

T = datetime(2026, 11, 23, tzinfo=UTC)


def w(id_: str, hlc: str, value: object) -> Write:
    return Write(id_, hlc, T, "x", value)


def test_later_clock_wins_whatever_the_arrival_order():
    a, b = w("a", "2", "alice"), w("b", "3", "bob")
    one, two = Register(), Register()
    one.apply(a, ())
    one.apply(b, ("a",))
    two.apply(b, ("a",))
    two.apply(a, ())
    assert one.value == two.value == "bob"
    assert one.heads() == two.heads() == ("b",)
    assert one.conflict() == two.conflict() == []


def test_writes_that_did_not_see_each_other_are_a_conflict_until_one_sees_both():
    r = Register()
    r.apply(w("a", "1", "SEV3"), ())
    r.apply(w("b", "2", "SEV1"), ("a",))
    r.apply(w("c", "3", "SEV2"), ("a",))  # saw a, not b
    assert r.value == "SEV2"
    assert [x.id for x in r.conflict()] == ["c", "b"]
    assert r.heads() == ("b", "c")
    r.apply(w("d", "4", "SEV1"), r.heads())
    assert r.conflict() == [] and r.value == "SEV1"


def test_concurrent_writes_of_the_same_value_are_not_a_conflict():
    r = Register()
    r.apply(w("a", "1", "bob"), ())
    r.apply(w("b", "2", "bob"), ())
    assert r.conflict() == []


def test_a_duplicate_write_changes_nothing():
    r = Register()
    assert r.apply(w("a", "1", 1), ())
    assert not r.apply(w("a", "1", 1), ())
    assert len(r.writes) == 1


def test_ties_on_the_clock_are_broken_by_id():
    r = Register()
    r.apply(w("b", "5", "from b"), ())
    r.apply(w("a", "5", "from a"), ())
    assert r.value == "from b"
