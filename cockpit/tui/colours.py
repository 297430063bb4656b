"""Theme colours for Rich text: the cockpit's theme variables as Rich styles."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from textual.app import App

from cockpit.core.vocabulary import Role, Severity
from cockpit.tui.themes import VARIABLE_DEFAULTS


def colour(app: App, variable: str) -> str:
    value = app.theme_variables.get(variable) or VARIABLE_DEFAULTS.get(variable, "")
    return value.split()[0] if value else "default"


def style(app: App, variable: str, **kwargs: Any) -> Style:
    try:
        return Style(color=colour(app, variable), **kwargs)
    except Exception:
        return Style(**kwargs)


def severity_badge(app: App, severity: Severity | None) -> Style:
    if severity is None:
        return style(app, "kind-system", bold=True)
    try:
        return Style(
            color=colour(app, "background"), bgcolor=colour(app, severity.value.lower()), bold=True
        )
    except Exception:
        return Style(bold=True, reverse=True)


def role_variable(role: Role) -> str:
    return {Role.IC: "role-ic", Role.SCRIBE: "role-scribe"}.get(role, "role-other")
