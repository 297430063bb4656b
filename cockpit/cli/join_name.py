"""`cockpit join` settles the name first: before anything is pushed, it says under which name
this terminal records (and where that name comes from, and how to change it); with no name
configured it offers the token's person and keeps it in the config when the user says yes or
joins with `--name`.

The name is the author of what is written from now on. Entries written before it was set keep
the name they were written under (a stored event never changes); the server records them as
pushed by the token's person.
"""

from __future__ import annotations

import os
import sys

from cockpit import settings
from cockpit.cli.context import Context, UsageError
from cockpit.cli.output import say
from cockpit.core.display import safe

MAX_NAME = 200


def settle(ctx: Context, given: str | None, person: str) -> str:
    """The name this terminal records as, said on one line; saved with `--name` or a yes."""
    name, source = _current(ctx, given, person)
    say(f"this terminal records what you write as {name!r} ({source}); change it with "
        f"--name NAME, `name` in {settings.config_path()} or COCKPIT_NAME")  # fmt: skip
    if name != person:
        say(f"the token belongs to {person!r}: the server records what this terminal sends as "
            f"sent by {person!r}")  # fmt: skip
    return name


def _current(ctx: Context, given: str | None, person: str) -> tuple[str, str]:
    """(the name, where it comes from), keeping `given` or, after a yes, `person`."""
    flag = (ctx.author_flag or "").strip()
    env = os.environ.get("COCKPIT_NAME", "").strip()
    configured = _configured()
    kept = ""
    if given is not None:
        kept = given.strip()
        if not kept or len(kept) > MAX_NAME:
            raise UsageError(f"--name must be 1 to {MAX_NAME} characters")
        _keep(kept)
    elif not (flag or env or configured) and ctx.stdin_is_tty and _yes(_offer(person)):
        _keep(person)
        kept = person
    also = f"; the config now says {safe(kept)!r}" if kept else ""
    if flag:
        return flag, "--author, for this command only" + also
    if env:
        return env, "COCKPIT_NAME, which wins over the config" + also
    if kept:
        return kept, "kept in the config"
    if configured:
        return configured, "the config's name"
    return settings.os_user(), "your OS user: no name is set"


def _offer(person: str) -> str:
    return (
        f"No name is set: record what you write here as {safe(person)!r}, the token's person? "
        "[Y/n] "
    )


def _configured() -> str:
    """The name in the config file itself (the settings also hold COCKPIT_NAME)."""
    try:
        return str(settings.load_file().get("name") or "").strip()
    except ValueError:
        return ""


def _keep(name: str) -> None:
    try:
        settings.save({"name": name})
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot keep the name in {settings.config_path()}: {exc}") from None


def _yes(prompt: str) -> bool:
    """A yes/no question on the terminal; Enter says yes, end of input says no."""
    print(prompt, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    if not answer:  # end of input
        print(file=sys.stderr)
        return False
    return answer.strip().lower() in ("", "y", "yes")
