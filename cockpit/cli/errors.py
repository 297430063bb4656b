"""The one place where what went wrong becomes an exit code and one line on standard error.

Exit codes: 0 ok, 1 the command failed, 2 a usage error, 130 interrupted. Every command runs
inside `run()`; a command raises (UsageError, Failure, a StoreError...) and never prints its
own error or picks its own code. Anything unexpected still gets one line, not a traceback
(COCKPIT_DEBUG=1 shows the traceback, for a bug report).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from cockpit.cli.context import Failure, UsageError
from cockpit.store.errors import StoreError

OK, FAILED, USAGE, INTERRUPTED = 0, 1, 2, 130


def outcome(exc: BaseException) -> tuple[int, str | None]:
    """The exit code for `exc` and the line to print (None: print nothing)."""
    if isinstance(exc, UsageError):
        return USAGE, str(exc)
    if isinstance(exc, Failure | StoreError) or _is_server_error(exc):
        return FAILED, str(exc)
    if isinstance(exc, KeyboardInterrupt):
        return INTERRUPTED, None
    if isinstance(exc, BrokenPipeError):  # `cockpit timeline | head`: the reader has enough
        return OK, None
    if isinstance(exc, UnicodeError):  # a surrogate from argv that reached an encoder
        return USAGE, ("an argument is not valid UTF-8 text; retype it in UTF-8, or pipe the "
                       "text in on standard input")  # fmt: skip
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return FAILED, (f"cannot use{where} ({exc.strerror or exc}); check the path, its "
                        "permissions and the disk, then retry")  # fmt: skip
    name = type(exc).__name__
    return FAILED, (f"unexpected error ({name}: {str(exc)[:200]}); this is a bug: rerun with "
                    "COCKPIT_DEBUG=1 and report what it prints")  # fmt: skip


# The server's errors whose str() is the line to show (`cockpit serve`, its admin commands).
SERVER_ERRORS = (
    ("cockpit.server.storage.base", "StorageError"),
    ("cockpit.server.run", "ServeError"),
)


def _is_server_error(exc: BaseException) -> bool:
    """One of SERVER_ERRORS, without importing the server for every other command: if its
    module is not loaded, `exc` cannot be one."""
    for module, name in SERVER_ERRORS:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return True
    return False


def report(exc: BaseException) -> int:
    """Print `exc`'s one line (if any) and give its exit code."""
    code, line = outcome(exc)
    if line is not None:  # messages quote what was typed, names, paths: said safe
        from cockpit.cli.output import say

        say(f"cockpit: {line}", err=True)
    if code == OK and isinstance(exc, BrokenPipeError):
        _silence_stdout()
    return code


def run(step: Callable[[], int | None]) -> int:
    """Run `step`; its exception, whatever it is, becomes one line and an exit code."""
    try:
        return int(step() or 0)
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 (this is the one place that decides)
        code, _ = outcome(exc)
        if os.environ.get("COCKPIT_DEBUG") and code not in (OK, INTERRUPTED):
            raise
        return report(exc)


def _silence_stdout() -> None:
    """After a closed pipe, Python's exit would flush standard output again and print a
    second error ("Exception ignored ... BrokenPipeError"): point it at /dev/null."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (captured in a test)
        pass
