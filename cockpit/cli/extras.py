"""The optional parts of the install: `pip install cockpit` is the client; the shared server and
its PostgreSQL driver are extras (pyproject.toml). A server command run without them says, in
one line, which extra to add, instead of a ModuleNotFoundError traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec

from cockpit.cli.context import Failure

# The modules each extra brings, by top-level name (starlette comes with fastapi).
EXTRA_OF = {
    "fastapi": "server",
    "starlette": "server",
    "uvicorn": "server",
    "psycopg": "postgres",
    "psycopg_pool": "postgres",
    "textual_serve": "web",
    "aiohttp": "web",
}
WHAT = {"server": "the server (FastAPI, uvicorn)", "postgres": "the PostgreSQL driver (psycopg)",
        "web": "the browser view (textual-serve)"}  # fmt: skip

P = ParamSpec("P")


def missing_extra(exc: ModuleNotFoundError) -> str | None:
    """The extra that would bring the module `exc` could not find, if it is one of ours."""
    return EXTRA_OF.get((exc.name or "").partition(".")[0])


def needs_extras(command: str) -> Callable[[Callable[P, int]], Callable[P, int]]:
    """Wrap a command whose imports need an extra: its absence becomes one line (exit 1)."""

    def wrap(func: Callable[P, int]) -> Callable[P, int]:
        @functools.wraps(func)
        def run(*args: P.args, **kwargs: P.kwargs) -> int:
            try:
                return func(*args, **kwargs)
            except ModuleNotFoundError as exc:
                extra = missing_extra(exc)
                if extra is None:
                    raise
                raise Failure(
                    f"`cockpit {command}` needs {WHAT[extra]}, which this install does not have: "
                    f"pip install 'cockpit[{extra}]'"
                ) from None

        return run

    return wrap
