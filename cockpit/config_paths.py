"""Where the user's configuration lives, and who the user is, without the settings model
(cockpit/settings.py re-exports these; a script's `cockpit note` reads them alone)."""

from __future__ import annotations

import getpass
import os
from pathlib import Path


def config_dir() -> Path:
    env = os.environ.get("COCKPIT_CONFIG_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir("cockpit", appauthor=False))


def config_path() -> Path:
    return config_dir() / "config.toml"


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in a container, say
        return "someone"
