"""The file as a follower opens it (`cockpit watch`, `cockpit web`): for reading only.

Two locks on one door: the connection is SQLite's read-only mode (the library itself refuses a
write), and every writing method of the Store refuses before it gets there, with a line that
says why instead of SQLite's "attempt to write a readonly database". The screen's save path
refuses first (tui/screens/saving.py); this is what holds should anything slip past it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from cockpit.store import errors
from cockpit.store.connection import connect
from cockpit.store.store import Store

REFUSAL = (
    "this cockpit is watching: it never writes to the incident (open it with `cockpit` to write)"
)


class ReadOnlyStore(Store):
    read_only = True

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, busy_timeout_ms: int | None = None,
             recorder: str = "") -> ReadOnlyStore:  # fmt: skip
        p = Path(path)
        return cls(connect(p, create=False, busy_timeout_ms=busy_timeout_ms, read_only=True), p,
                   busy_timeout_ms, recorder)  # fmt: skip

    def refuse(self) -> NoReturn:
        raise errors.ReadOnly(REFUSAL)

    def append(self, event: Any, *, origin: str = "local") -> Any:
        self.refuse()

    @contextmanager
    def _write(self) -> Iterator[Any]:  # every other write goes through here
        self.refuse()
        yield  # pragma: no cover
