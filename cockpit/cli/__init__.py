"""The `cockpit` command: every action is scriptable."""

import os

# pydantic looks for third-party plugins through importlib.metadata at its first model
# (~40 ms of every command's start-up, email and calendar modules included). cockpit uses
# none; a user who wants one can still set the variable to select it.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
