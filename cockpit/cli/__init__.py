"""The `cockpit` command: every action is scriptable."""

import gc
import os

# Start-up builds tens of thousands of long-lived objects (textual, pydantic, our models);
# the cyclic GC rescans them again and again while they are made (~0.2 s here). It is off
# until start-up is over: cli.main turns it back on before any command runs, except the
# cockpit screen, which does so after its first frame (freezing what start-up built).
gc.disable()

# pydantic looks for third-party plugins through importlib.metadata at its first model. cockpit
# uses none; a user who wants one can still set the variable to select it.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
