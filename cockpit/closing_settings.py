"""The `[closing]` section of the config: how long to watch after the fix before calling an
incident resolved (cockpit.core.closing).

    [closing]
    monitor_minutes = 20                      # every severity
    monitor_minutes = {SEV1 = 30, default = 15}   # or by severity, with a default

Minutes, 0 for no window; a key that is not SEV1-SEV4 or `default` is an error, so a typo
shows. Without the section: 15 minutes at every severity (../shared/PRACTICE.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, field_validator

if TYPE_CHECKING:
    from cockpit.core.closing import MonitorPolicy

DAY = 24 * 60


class ClosingSettings(BaseModel):
    """The end of an incident: `[closing] monitor_minutes = {SEV1 = 30, default = 15}`."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    monitor_minutes: int | dict[str, int] = Field(
        default=15,
        description="Minutes to watch after the last `mitigated` before resolving without a "
        "reason: one number, or by severity ({SEV1 = 30, default = 15}); 0 for none.",
    )

    @field_validator("monitor_minutes")
    @classmethod
    def _minutes(cls, value: int | dict[str, int]) -> int | dict[str, int]:
        from cockpit.core.vocabulary import parse_severity

        given = value if isinstance(value, dict) else {"default": value}
        for key, minutes in given.items():
            if key.strip().lower() != "default":
                try:
                    parse_severity(key)
                except ValueError:
                    raise ValueError(f"monitor_minutes: {key!r} is not a severity; use SEV1, "
                                     "SEV2, SEV3, SEV4 or default") from None  # fmt: skip
            if not 0 <= minutes <= DAY:
                raise ValueError(f"monitor_minutes: {key} = {minutes}: between 0 and {DAY}")
        return value

    def policy(self) -> MonitorPolicy:
        from cockpit.core.closing import DEFAULT_MONITOR_MINUTES, MonitorPolicy
        from cockpit.core.vocabulary import parse_severity

        value = self.monitor_minutes
        if not isinstance(value, dict):
            return MonitorPolicy(value)
        default = next((m for k, m in value.items() if k.strip().lower() == "default"),
                       DEFAULT_MONITOR_MINUTES)  # fmt: skip
        by = {parse_severity(k): m for k, m in value.items() if k.strip().lower() != "default"}
        return MonitorPolicy(default, by)
