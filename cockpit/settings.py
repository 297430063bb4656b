"""Configuration: one TOML file in the user config folder, overridden by COCKPIT_* environment
variables, overridden by command-line flags (which cli.py applies on top).

The three sources are merged here in a few lines rather than with pydantic-settings, whose
import alone took ~110 ms of the cockpit's start-up (a third of a minimal Textual app's).
Environment: COCKPIT_NAME, COCKPIT_THEME...; the dict settings take JSON
(COCKPIT_KEYS='{"note": "ctrl+n"}').

Sync tokens (../shared/SYNC.md, "Tokens and permissions"): one per server URL, in the file as
`[servers."https://x"] token = "..."`; COCKPIT_TOKEN overrides it for any server. Files written
before that kept one token for every server (`token = ...` or `[sync] token`): they are still
read, and the next token written (`cockpit join --token`) moves them under their servers
without a word (see `save_token`). The file holds secrets: it is written 0600, atomically,
through a uniquely named temporary file beside it, under a lock so that two processes saving
at once (a theme and a token) do not lose either.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from cockpit.closing_settings import ClosingSettings
from cockpit.comms_settings import AnnounceSettings as AnnounceSettings
from cockpit.comms_settings import DestinationSettings as DestinationSettings
from cockpit.config_paths import config_dir as config_dir
from cockpit.config_paths import config_path as config_path
from cockpit.config_paths import os_user as os_user
from cockpit.nudge_settings import NudgeSettings
from cockpit.team_settings import AliasSettings, ExportSettings, WorkingHoursSettings


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def user_checklists_dir() -> Path:
    return config_dir() / "checklists"


def user_catalog_dir() -> Path:
    return config_dir() / "catalog"


def user_templates_dir() -> Path:
    return config_dir() / "templates"


class ServerSettings(BaseModel):
    """What this user keeps for one sync server."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    token: str = Field("", description="Bearer token for this server (COCKPIT_TOKEN overrides).")


class CatalogSettings(BaseModel):
    """Where the service catalog is read from (cockpit/files/catalog.py)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    paths: list[str] = Field(
        default_factory=list,
        description="Folders or files of Backstage catalog-info.yaml or cockpit's TOML "
        "catalog form, read besides the config folder's catalog/; relative to the config "
        "folder, ~ allowed.",
    )

    def folders(self) -> list[Path]:
        """The config folder's catalog/, then each configured path, resolved."""
        out = [user_catalog_dir()]
        for p in self.paths:
            path = Path(p.strip()).expanduser()
            out.append(path if path.is_absolute() else config_dir() / path)
        return list(dict.fromkeys(out))


def server_key(url: str) -> str:
    """The form a server URL is kept under (no trailing slash)."""
    return url.strip().rstrip("/")


class Settings(BaseModel):
    """Everything a user may configure. Unknown keys in the file are an error, so typos show."""

    model_config = ConfigDict(defer_build=True, extra="forbid", validate_default=True)

    name: str = Field("", description="Your name, written as the author of what you record.")
    db: str = Field("", description="The cockpit file; default: the user data folder.")
    theme: str = Field("cockpit-dark", description="The colour theme.")
    tz: str = Field(
        "",
        description="Time zone for every time shown and typed, e.g. Europe/Berlin; "
        "default: the system's (COCKPIT_TZ, --tz).",
    )
    cadence: dict[str, int | None | dict[str, int | None]] = Field(
        default_factory=dict,
        description="Minutes between status updates: by severity for responders ({SEV1 = 15}), "
        "and per audience ({exec = 60} or [cadence.exec] SEV1 = 60); 0 for none.",
    )
    keys: dict[str, str] = Field(
        default_factory=dict, description='Key remaps by binding id, e.g. {"note" = "ctrl+n"}.'
    )
    catalog: CatalogSettings = Field(
        default_factory=CatalogSettings,
        description='The service catalog: [catalog] paths = ["~/src/backstage-catalog"].',
    )
    servers: dict[str, ServerSettings] = Field(
        default_factory=dict,
        description='One sync token per server URL: [servers."https://x"] token = "...".',
    )
    destinations: dict[str, DestinationSettings] = Field(
        default_factory=dict,
        description="Where status updates are sent, by name: [destinations.NAME] type = ...",
    )
    announce: AnnounceSettings = Field(
        default_factory=AnnounceSettings,  # type: ignore[arg-type]
        description="The announcement of a new incident: call, channel, destinations.",
    )
    export: ExportSettings = Field(
        default_factory=ExportSettings,  # type: ignore[arg-type]
        description='Where the postmortem goes: [export] folder = "~/incidents".',
    )

    aliases: AliasSettings = Field(
        default_factory=AliasSettings,
        description="Your team's words for severities and roles.",
    )
    working_hours: WorkingHoursSettings = Field(
        default_factory=WorkingHoursSettings,  # type: ignore[arg-type]
        description="Working hours, for counting pages outside them.",
    )
    nudges: NudgeSettings = Field(
        default_factory=NudgeSettings,
        description="When each nudge comes due: [nudges] break_every_minutes = 90.",
    )
    closing: ClosingSettings = Field(
        default_factory=ClosingSettings,
        description="The end: [closing] monitor_minutes = {SEV1 = 30, default = 15}.",
    )

    @field_validator("cadence")
    @classmethod
    def _cadence(cls, value: dict[str, Any]) -> dict[str, Any]:
        from cockpit.core.cadence import cadences_from

        cadences_from(value)  # its ValueError names the key that is wrong
        return value

    @field_validator("destinations")
    @classmethod
    def _destination_names(cls, value: dict[str, Any]) -> dict[str, Any]:
        for name in value:  # a name is shown in the timeline and typed in `--to`
            if not name.strip() or len(name) > 64 or not name.isprintable() or "," in name:
                raise ValueError(f"destination name {name[:64]!r}: 1-64 printable characters, "
                                 "no comma")  # fmt: skip
        return value

    # Not written in the file: COCKPIT_TOKEN (or a token given for this run), and the one
    # token of a file written before tokens were kept per server.
    _override_token: str = PrivateAttr("")
    _legacy_token: str = PrivateAttr("")

    def model_post_init(self, context: Any) -> None:
        if isinstance(context, dict):  # from load()
            self._override_token = context.get("override_token", "")
            self._legacy_token = context.get("legacy_token", "")

    @property
    def cadences(self) -> Any:  # cockpit.core.cadence.Cadences (imported only when asked)
        from cockpit.core.cadence import cadences_from

        return cadences_from(self.cadence)

    @property
    def author(self) -> str:
        return self.name.strip() or os_user()

    def token_for(self, url: str) -> str:
        """The token to use with the server at `url`: COCKPIT_TOKEN, then the server's own,
        then an old file's one token; "" when there is none."""
        if self._override_token:
            return self._override_token
        key = server_key(url)
        for name, server in self.servers.items():
            if server_key(name) == key and server.token.strip():
                return server.token.strip()
        return self._legacy_token


def load_file() -> dict[str, Any]:
    """The config file as written (no environment, no flags); {} when there is none."""
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
        if name == "servers":  # tokens come from COCKPIT_TOKEN (any server)
            continue
        raw = environ.get(f"COCKPIT_{name.upper()}")
        if raw is None:
            continue
        if isinstance(field.default_factory, type) and (
            field.default_factory is dict or issubclass(field.default_factory, BaseModel)
        ):  # a table of the file: COCKPIT_CATALOG='{"paths": ["/srv/catalog"]}'
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


def _legacy(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Take an old file's token out of `data`. It was the token for every server: `[sync] url`
    and `token` (what `cockpit join` wrote) go under that server, and the token (that one, or
    `token = ...` at the top) is returned, to be used for any server without one of its own."""
    data = dict(data)
    loose = str(data.pop("token", "") or "").strip()
    sync = data.pop("sync", None)
    if isinstance(sync, dict):
        url, token = str(sync.get("url") or ""), str(sync.get("token") or "").strip()
        if url and token:
            servers = dict(data.get("servers") or {})
            if not any(server_key(k) == server_key(url) for k in servers):
                servers[server_key(url)] = {"token": token}
            data["servers"] = servers
        loose = loose or token
    return data, loose


def load(**overrides: Any) -> Settings:
    """Settings from file and environment, with flags given as keyword overrides (`token=`:
    a token for every server in this run, as COCKPIT_TOKEN)."""
    data, legacy = _legacy(load_file())
    data = _merge(data, _from_env(dict(os.environ)))
    override = (overrides.pop("token", None) or os.environ.get("COCKPIT_TOKEN") or "").strip()
    data = _merge(data, {k: v for k, v in overrides.items() if v is not None})
    return Settings.model_validate(
        data, context={"override_token": override, "legacy_token": legacy}
    )


def save(changes: dict[str, Any]) -> None:
    """Write some keys to the config file, keeping the others (the theme choice, say)."""
    _update(lambda data: data.update(changes))


def save_token(url: str, token: str, also: tuple[str, ...] = ()) -> None:
    """Keep `token` for the server at `url`, and the rest of the file as it was.

    An old file's one token (`token = ...`, `[sync] token`) was the token for every server:
    it moves under its `[sync] url` and under each server of `also` (the others this terminal
    syncs with) that has no token of its own, and the old keys leave the file.
    """
    key = server_key(url)

    def change(data: dict[str, Any]) -> None:
        rest, legacy = _legacy(data)
        data.clear()
        data.update(rest)
        servers = data.setdefault("servers", {})
        for name in [k for k in servers if server_key(k) == key and k != key]:
            servers[key] = servers.pop(name)  # one spelling of each URL
        servers[key] = {**(servers.get(key) or {}), "token": token}
        if legacy:
            for other in {server_key(u) for u in also} - {key}:
                if not any(server_key(k) == other for k in servers):
                    servers[other] = {"token": legacy}

    _update(change)


def _update(change: Callable[[dict[str, Any]], None]) -> None:
    """Read the file, change it, write it back: 0600, atomically, through a uniquely named
    temporary file in the same folder, under a lock held across the read and the write."""
    import tempfile
    import tomllib

    import tomli_w

    path = config_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _locked(path.parent / ".config.lock"):
        data: dict[str, Any] = {}
        if path.exists():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ValueError(
                    f"{path} is not valid TOML ({exc}); fix or remove it, nothing was saved"
                ) from None
        change(data)
        text = tomli_w.dumps(data)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """An advisory lock between processes (POSIX; elsewhere, none)."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
