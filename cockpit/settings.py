"""Configuration: one TOML file in the user config folder, overridden by COCKPIT_* environment
variables, overridden by command-line flags (which cli.py applies on top)."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import BaseModel, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


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
    url: str = ""  # the shared endpoint, e.g. https://cockpit.example.com
    token: str = ""  # bearer token; COCKPIT_TOKEN overrides


class Settings(BaseSettings):
    """Everything a user may configure. Unknown keys in the file are an error, so typos show."""

    model_config = SettingsConfigDict(
        env_prefix="COCKPIT_", env_nested_delimiter="__", extra="forbid", validate_default=True
    )

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

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, config_path()))

    @property
    def author(self) -> str:
        return self.name.strip() or os_user()


def load(**overrides: Any) -> Settings:
    """Settings from file and environment, with flags given as keyword overrides."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


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
