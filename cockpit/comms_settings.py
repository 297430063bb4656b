"""The communications sections of the config: where status updates go (`[destinations.NAME]`,
README "Sending updates") and the announcement of a new incident (`[announce]`). Kept beside
cockpit.settings, which holds them as sub-models and re-exports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DestinationType = Literal["slack", "mattermost", "rocketchat", "teams", "webhook", "email",
                          "command"]  # fmt: skip


class DestinationSettings(BaseModel):
    """One place status updates are sent to: `[destinations.NAME]` (README, "Sending
    updates"). Secrets (the webhook URL, the signing secret, the SMTP password) live here, in
    this 0600 file, or in the environment variable a `*_env` key names; never in the log. What
    each type needs is checked when it is used (`cockpit deliver --check`), so one unfinished
    destination never stops the cockpit from starting."""

    model_config = ConfigDict(defer_build=True, extra="forbid", populate_by_name=True)

    type: DestinationType
    url: str = Field("", description="The webhook's URL (a secret: it holds the token).")
    url_env: str = Field("", description="Or the environment variable that holds the URL.")
    secret: str = Field("", description="webhook: the key of its HMAC signature.")
    secret_env: str = ""
    smtp_host: str = ""
    smtp_port: int = Field(0, ge=0, le=65535, description="0: 465 with smtp_tls=ssl, else 587.")
    smtp_tls: Literal["auto", "ssl", "off"] = Field(
        "auto", description="auto: STARTTLS when offered (a password only over TLS)."
    )
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_password_env: str = ""
    from_: str = Field("", alias="from", description="email: the sender's address.")
    to: list[str] = Field(default_factory=list, description="email: the recipients.")
    cmd: list[str] = Field(default_factory=list, description="command: argv; text on stdin.")
    severities: list[str] = Field(default_factory=list, description="Offered for these only.")
    teams: list[str] = Field(default_factory=list, description="Offered for these teams only.")
    audiences: list[str] = Field(default_factory=list, description="Takes these audiences only.")
    notify: Literal["", "here", "channel"] = Field(
        "", description="Chat: start each post with this mention (others are always escaped)."
    )
    timeout: float = Field(10.0, gt=0, le=120, description="Seconds one attempt may take.")
    give_up_after: int = Field(60, ge=1, le=24 * 60, description="Minutes of retrying.")


SYNC_TOKEN_ENV = "COCKPIT_TOKEN"  # a sync token for any server (cockpit.settings.load)


def secret_variables(destinations: Mapping[str, DestinationSettings]) -> frozenset[str]:
    """The environment variables that hold a secret: the one each destination's `url_env`,
    `secret_env` and `smtp_password_env` names, and the sync token's."""
    named = (
        name.strip()
        for d in destinations.values()
        for name in (d.url_env, d.secret_env, d.smtp_password_env)
    )
    return frozenset({SYNC_TOKEN_ENV, *(n for n in named if n)})


def without_secrets(
    environ: Mapping[str, str],
    destinations: Mapping[str, DestinationSettings],
    *,
    cockpit_settings: bool = False,
) -> dict[str, str]:
    """`environ` for a process the cockpit starts, less every destination's secret and the
    sync token (`cockpit_settings`: less every COCKPIT_ variable too, for a process that is
    not a cockpit). Used for a command destination (cockpit.comms.destinations.command) and
    for the sessions of `cockpit web` (cockpit.web.launch): neither has any business with the
    webhook URL, signing secret or SMTP password of another destination."""
    hidden = secret_variables(destinations)
    return {
        k: v
        for k, v in environ.items()
        if k not in hidden and not (cockpit_settings and k.startswith("COCKPIT_"))
    }


class AnnounceSettings(BaseModel):
    """The announcement of a new incident (`[announce]`): where the call and the channel are,
    and where it goes. `{incident}` (INC-42) and `{number}` (42) are filled in."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    call: str = Field("", description="Where the call is, e.g. https://meet.example/inc-{number}")
    channel: str = Field("", description="Where the channel is, e.g. #inc-{number}")
    to: list[str] = Field(default_factory=list, description="Destinations it goes to by default.")

    def where(self, label: str) -> tuple[str, str]:
        """(call, channel) for the incident labelled `label`."""
        number = label.rsplit("-", 1)[-1]

        def fill(text: str) -> str:
            return text.replace("{incident}", label).replace("{number}", number).strip()

        return fill(self.call), fill(self.channel)
