"""The team's sections of the config (the closing issue's): its own words for severities and
roles (`[aliases]`), its working hours for the pager burden (`[working_hours]`), and where the
postmortem goes (`[export]`). Kept beside cockpit.settings, which holds them as sub-models.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, model_validator

from cockpit.core.aliases import Aliases
from cockpit.core.workhours import DAY_NAMES, WorkingHours, parse_days, parse_hour

if TYPE_CHECKING:
    from cockpit.settings import Settings

__all__ = ["AliasSettings", "ExportSettings", "WorkingHoursSettings", "export_folder"]


class ExportSettings(BaseModel):
    """Where the screen writes a postmortem draft (W)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    folder: str = Field(
        "",
        description="The folder for the postmortem draft and the JSON export that W writes; "
        "default: `exports` in the user data folder.",
    )


def export_folder(settings: Settings) -> Path:
    """The folder W writes to: the configured one, else `exports` in the user data folder."""
    folder = settings.export.folder.strip()
    if folder:
        return Path(folder).expanduser()
    return Path(platformdirs.user_data_dir("cockpit", appauthor=False)) / "exports"


class AliasSettings(BaseModel):
    """A team's own words (cockpit.core.aliases): `[aliases.severity] P0 = "SEV1"`."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    severity: dict[str, str] = Field(
        default_factory=dict, description='Your words for severities, e.g. {P0 = "SEV1"}.'
    )
    role: dict[str, str] = Field(
        default_factory=dict,
        description='Your words for roles, e.g. {"incident coordinator" = "ic"}.',
    )

    @model_validator(mode="after")
    def _readable(self) -> AliasSettings:
        self.build()  # a ValueError names the alias that cannot be
        return self

    def build(self) -> Aliases:
        return Aliases.from_words(self.severity, self.role)


class WorkingHoursSettings(BaseModel):
    """When pages count as in working hours, for the pager burden (`cockpit stats`), in the
    `tz` zone: `[working_hours] start = "09:00"`, `end = "17:00"`, `days = ["mon", ...]`."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    start: str = Field("09:00", description="When the working day starts (HH:MM).")
    end: str = Field("17:00", description="When it ends (HH:MM).")
    days: list[str] = Field(
        default_factory=lambda: list(DAY_NAMES[:5]), description="Working days, e.g. [mon, fri]."
    )

    @model_validator(mode="after")
    def _readable(self) -> WorkingHoursSettings:
        self.build()
        return self

    def build(self) -> WorkingHours:
        return WorkingHours(parse_hour(self.start), parse_hour(self.end), parse_days(self.days))
