"""A script's note is written without the models (core/plain_json.py): the JSON must be what
the models write, byte for byte, and read back as the same event."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from cockpit.core import events as ev
from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.kinds import ENTRY_KINDS
from cockpit.core.plain_json import entry_json

TEXTS = ["hi", "rolled back 42 on eu-west", 'quote " and \\ backslash', "é ü 日本 😀",
         "line\nbreak\ttab\r", "\x00\x01\x1b[31mred\x7f", "\u2028\u2029 \ufeff zero\u200bwidth",
         "x" * 1000, "{\"json\": [1, 2]}", " leading and trailing "]  # fmt: skip


def model_json(kind: str, text: str, link: str, author: str, at: datetime) -> tuple[str, str]:
    e = new_event("0196e1a4-0000-7000-8000-00000000c0de", author,
                  {"kind": kind, "text": text, "link": link}, FakeClock(at))  # fmt: skip
    mine = entry_json(e.id, e.incident, e.author, e.at, e.recorded_at, e.hlc, kind, text, link)
    return mine, e.model_dump_json()


@pytest.mark.parametrize("kind", ENTRY_KINDS)
@pytest.mark.parametrize("text", TEXTS)
def test_the_plain_json_is_the_models_json(kind: str, text: str) -> None:
    at = datetime(2026, 12, 2, 1, 55, 3, 123456, tzinfo=UTC)
    mine, theirs = model_json(kind, text, "https://grafana.example/d/x?a=1&b=é", "bob", at)
    assert mine == theirs
    assert ev.Event.model_validate_json(mine).model_dump_json() == theirs


@pytest.mark.parametrize("micro", [0, 1, 100, 120000, 500000, 999999])
def test_times_are_written_as_the_models_write_them(micro: int) -> None:
    for at in (datetime(2026, 1, 2, 3, 4, 5, micro, tzinfo=UTC),
               datetime(2026, 1, 2, 3, 4, 5, micro, tzinfo=timezone(timedelta(hours=5)))):  # fmt: skip
        mine, theirs = model_json("note", "t", "", "ann", at)
        assert mine == theirs


def test_any_characters_a_person_may_type() -> None:
    rnd = random.Random(12)
    for _ in range(300):
        text = "".join(chr(rnd.choice([rnd.randrange(0, 0x80), rnd.randrange(0x80, 0xD800),
                                       rnd.randrange(0xE000, 0x110000)])) for _ in range(20))  # fmt: skip
        author = "".join(chr(rnd.randrange(0x20, 0x3000)) for _ in range(8))
        mine, theirs = model_json("evidence", text, text[:5], author, datetime.now(UTC))
        assert mine == theirs
