"""Client-made, time-ordered event ids (UUIDv7, RFC 9562).

Python 3.11 has no uuid7; the layout is twelve lines, so it lives here rather than in a
dependency. Ids made in one process are strictly increasing even within one millisecond
(the 12-bit rand_a field is used as a counter, as RFC 9562 section 6.2 method 1 allows).
"""

from __future__ import annotations

import os
import threading
from datetime import datetime

from cockpit.core.clock import to_ms

_lock = threading.Lock()
_last_ms = -1
_counter = 0


def uuid7(when: datetime) -> str:
    global _last_ms, _counter
    ms = to_ms(when)
    with _lock:
        if ms <= _last_ms:
            ms = _last_ms
            _counter += 1
            if _counter > 0xFFF:
                ms += 1
                _counter = 0
        else:
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        _last_ms = ms
        counter = _counter
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand_b
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def short(event_id: str) -> str:
    """A short form for screens and CLI output: the last 8 hex digits (random, so distinct)."""
    return event_id.replace("-", "")[-8:]
