"""One sender per cockpit file at a time: an advisory lock on `<file>.send.lock`.

Every process on the file (the screen, `cockpit update`, `cockpit deliver`) sees the same
outbox, so without this two of them would send the same update at once. The lock is the
operating system's (flock): a sender that dies, even by SIGKILL, lets go of it at once, and
the next one carries on from what the log says. The holder's pid is written in the file, so
one that waits can say who sends. Where there is no flock (Windows), every process sends
alone and the idempotency key lets receivers drop what arrives twice.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".send.lock")


class SendLock:
    def __init__(self, db: Path) -> None:
        self.path = lock_path(db)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another process holds it."""
        if self._fd is not None:
            return True
        try:
            import fcntl
        except ImportError:  # no flock here: see the module's docstring
            self._fd = -1
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def holder(self) -> str:
        """The pid written by whoever holds it ('' when unknown)."""
        try:
            return self.path.read_text(encoding="ascii").strip()[:12]
        except (OSError, UnicodeError):
            return ""

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None and fd >= 0:
            os.close(fd)  # closing the descriptor lets go of the flock

    def __enter__(self) -> SendLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
