"""Configuration: one TOML file in the user config folder, overridden by COCKPIT_* environment
variables, overridden by command-line flags (which cli.py applies on top).

The three sources are merged here in a few lines rather than with pydantic-settings, whose
import alone took ~110 ms of the cockpit's start-up (a third of a minimal Textual app's).
Environment: COCKPIT_NAME, COCKPIT_THEME...; nested with `__` (COCKPIT_SYNC__URL); the
dict settings take JSON (COCKPIT_KEYS='{"note": "ctrl+n"}').
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import BaseModel, ConfigDict, Field


def config_dir() -> Path:
    env = os.environ.get("COCKPIT_CONFIG_DIR")
    return Path(env) if env else Path(platformdirs.user_config_dir("cockpit", appauthor=False))


def config_path() -> Path:
    return config_dir() / "config.toml"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def user_checklists_dir() -> Path:
    return config_dir() / "checklists"


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in a container, say
        return "someone"


class SyncSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = ""  # the shared endpoint, e.g. https://cockpit.example.com
    token: str = ""  # bearer token; COCKPIT_TOKEN overrides


class Settings(BaseModel):
    """Everything a user may configure. Unknown keys in the file are an error, so typos show."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    name: str = Field("", description="Your name, written as the author of what you record.")
    db: str = Field("", description="The cockpit file; default: the user data folder.")
    theme: str = Field("cockpit-dark", description="The colour theme.")
    cadence: dict[str, int | None] = Field(
        default_factory=dict,
        description="Minutes between status updates by severity, e.g. {SEV1 = 15}; 0 for none.",
    )
    keys: dict[str, str] = Field(
        default_factory=dict, description='Key remaps by binding id, e.g. {"note" = "ctrl+n"}.'
    )
    token: str = Field("", description="Sync bearer token (COCKPIT_TOKEN).")
    sync: SyncSettings = Field(default_factory=SyncSettings)

    @property
    def author(self) -> str:
        return self.name.strip() or os_user()


def _from_file() -> dict[str, Any]:
    path = config_path()
    if not path.exists():
        return {}
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path} is not valid TOML ({exc}); fix or remove it") from None


def _from_env(environ: dict[str, str]) -> dict[str, Any]:
    import json

    out: dict[str, Any] = {}
    for name, field in Settings.model_fields.items():
        nested = field.annotation is SyncSettings
        if nested:
            sub = {
                key: environ[f"COCKPIT_{name.upper()}__{key.upper()}"]
                for key in SyncSettings.model_fields
                if f"COCKPIT_{name.upper()}__{key.upper()}" in environ
            }
            if sub:
                out[name] = sub
            continue
        raw = environ.get(f"COCKPIT_{name.upper()}")
        if raw is None:
            continue
        if isinstance(field.default_factory, type) and field.default_factory is dict:
            try:
                out[name] = json.loads(raw)
            except ValueError:
                raise ValueError(
                    f"COCKPIT_{name.upper()} must be JSON, e.g. '{{\"a\": 1}}'"
                ) from None
        else:
            out[name] = raw
    return out


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load(**overrides: Any) -> Settings:
    """Settings from file and environment, with flags given as keyword overrides."""
    data = _merge(_from_file(), _from_env(dict(os.environ)))
    data = _merge(data, {k: v for k, v in overrides.items() if v is not None})
    return Settings.model_validate(data)


def save(changes: dict[str, Any]) -> None:
    """Write some keys to the config file, keeping the others (the theme choice, say)."""
    import tomllib

    import tomli_w

    path = config_path()
    data: dict[str, Any] = {}
    if path.exists():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
    tmp.replace(path)
