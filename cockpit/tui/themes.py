"""Themes as data: TOML files in the built-in `themes/` folder and the user's themes folder.

Each file becomes a Textual `Theme`. The cockpit's own colours (severities, roles, entry
kinds, the alarm) are theme *variables*, used in the tcss as `$sev1`, `$role-ic`... and read
by the timeline when it paints lines. A bad user file is skipped with a one-line notice.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

DEFAULT_THEME = "cockpit-dark"

# Every cockpit variable with its fallback, so that any Textual theme (textual-dark...) works.
VARIABLE_DEFAULTS: dict[str, str] = {
    "sev1": "#FF4D5A",
    "sev2": "#FF9F1C",
    "sev3": "#F5D547",
    "sev4": "#7FB3D5",
    "role-ic": "#4C9AFF",
    "role-scribe": "#B48EF0",
    "role-other": "#8FA3B8",
    "role-empty": "#FF4D5A",
    "kind-note": "#DCE3EA",
    "kind-decision": "#F5D547",
    "kind-evidence": "#5BC0BE",
    "kind-action": "#3DBE7A",
    "kind-question": "#B48EF0",
    "kind-system": "#7D8B99",
    "alarm": "#FF4D5A",
}

_COLOUR_KEYS = (
    "primary", "secondary", "warning", "error", "success", "accent",
    "foreground", "background", "surface", "panel", "boost",
)  # fmt: skip
_OTHER_KEYS = {"name", "dark", "luminosity_spread", "text_alpha", "variables"}


class ThemeFileError(ValueError):
    """A theme file that cannot be used; str() is one line naming the file and the fix."""


@dataclass
class LoadedThemes:
    themes: list[Theme] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # one line per skipped file


def _colour(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(f'{path.name}: {key} must be a colour string such as "#1A2B3C"')
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(
            f'{path.name}: {key} = {value!r} is not a colour; use "#RRGGBB" or a colour name'
        ) from None
    return value


def theme_from_data(data: dict[str, Any], path: Path) -> Theme:
    """Validate one theme file's data and make a Textual Theme of it."""
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not name.strip():
        raise ThemeFileError(f"{path.name}: name must be a non-empty string")
    unknown = set(data) - set(_COLOUR_KEYS) - _OTHER_KEYS
    if unknown:
        raise ThemeFileError(
            f"{path.name}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join((*_COLOUR_KEYS, *sorted(_OTHER_KEYS)))}"
        )
    if "primary" not in data:
        raise ThemeFileError(f'{path.name}: primary is missing; add primary = "#RRGGBB"')
    colours: dict[str, Any] = {k: _colour(path, k, data[k]) for k in _COLOUR_KEYS if k in data}
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeFileError(f"{path.name}: dark must be true or false")
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ThemeFileError(f'{path.name}: [variables] must be a table of name = "colour"')
    checked_vars = {}
    for key, value in variables.items():
        if key in VARIABLE_DEFAULTS:
            checked_vars[key] = _colour(path, f"variables.{key}", value)
        elif isinstance(value, str):
            checked_vars[key] = value
        else:
            raise ThemeFileError(f"{path.name}: variables.{key} must be a string")
    extra: dict[str, Any] = {}
    for key in ("luminosity_spread", "text_alpha"):
        if key in data:
            if not isinstance(data[key], int | float) or not 0 <= data[key] <= 1:
                raise ThemeFileError(f"{path.name}: {key} must be a number between 0 and 1")
            extra[key] = float(data[key])
    return Theme(name=name.strip(), dark=dark, variables=checked_vars, **colours, **extra)


def load_file(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ThemeFileError(
            f"{path.name}: not valid TOML ({exc}); fix or remove the file"
        ) from None
    except OSError as exc:
        raise ThemeFileError(f"{path.name}: cannot read it ({exc.strerror})") from None
    return theme_from_data(data, path)


def builtin_theme_files() -> list[Path]:
    folder = resources.files("cockpit.themes")
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith(".toml"))


def load_themes(user_dir: Path | None) -> LoadedThemes:
    """The built-in themes, then the user's (a user theme may replace a built-in one)."""
    out = LoadedThemes()
    for path in builtin_theme_files():
        out.themes.append(load_file(path))  # built-ins are tested; a failure here is a bug
    if user_dir is not None and user_dir.is_dir():
        for path in sorted(user_dir.glob("*.toml")):
            try:
                out.themes.append(load_file(path))
            except ThemeFileError as exc:
                out.notices.append(f"theme file {exc} (in {user_dir}); it was skipped")
    return out
