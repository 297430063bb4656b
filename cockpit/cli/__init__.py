"""The `cockpit` command: every action is scriptable."""

import os

# pydantic looks for third-party plugins through importlib.metadata at its first model. cockpit
# uses none; a user who wants one can still set the variable to select it.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def run() -> int:
    """The `cockpit` command (pyproject.toml's [project.scripts]). A script's plain note is
    written without loading the rest (cli/quick_note.py says when). Otherwise the cyclic GC is
    paused from here, before cli.main's own imports (~8 ms of every command with it on), until
    the command starts its work; then it is as it was (core.bulk.StartupGC, cli.main.main)."""
    import sys

    from cockpit.cli.quick_note import quick_note

    code = quick_note(sys.argv[1:])
    if code is not None:
        return code
    from cockpit.core.bulk import StartupGC

    with StartupGC() as startup_gc:
        from cockpit.cli.main import main

        return main(startup_gc=startup_gc)
