from datetime import UTC, datetime, timedelta

from cockpit.core import hlc
from cockpit.core.clock import FakeClock
from cockpit.core.ids import short, uuid7

T = datetime(2026, 11, 23, 14, tzinfo=UTC)


def test_uuid7_is_time_ordered_and_strictly_increasing_within_a_millisecond():
    ids = [uuid7(T) for _ in range(5000)]
    assert ids == sorted(ids) and len(set(ids)) == 5000
    later = uuid7(T + timedelta(seconds=1))
    assert later > ids[-1]
    assert ids[0][14] == "7"  # version nibble
    assert len(short(ids[0])) == 8


def test_hlc_moves_past_what_it_saw_even_when_the_wall_clock_is_behind():
    seen = hlc.make(10_000_000_000_000, 3)
    nxt = hlc.next_after(seen, T)  # T is far behind the value seen
    assert nxt > seen and hlc.parse(nxt) == (10_000_000_000_000, 4)
    assert hlc.next_after(None, T) == hlc.make(int(T.timestamp() * 1000))
    assert hlc.next_after(hlc.make(0), T) > hlc.make(0)


def test_hlc_cap_limits_a_clock_far_ahead():
    ahead = hlc.make(int(T.timestamp() * 1000) + 10**9)
    capped = hlc.cap(ahead, T)
    assert capped < ahead and hlc.parse(capped)[0] == int(T.timestamp() * 1000) + 60_000


def test_fake_clock_advances_only_when_told():
    c = FakeClock(T)
    assert c.now() == T
    c.advance(minutes=5)
    c.advance(30)
    assert c.now() == T + timedelta(minutes=5, seconds=30)
