"""A command the team already has (`cmd = ["statuspage-cli", "post"]`, `apprise`...), given
the update's text on standard input only: never in its arguments, where `ps` would show it
and where a word could turn into an option. What it is about comes in the environment
(COCKPIT_INCIDENT, COCKPIT_AUDIENCE, COCKPIT_SEVERITY, COCKPIT_STAGE, COCKPIT_UPDATE_ID,
COCKPIT_DESTINATION, COCKPIT_IDEMPOTENCY_KEY). The rest of its environment is the cockpit's,
less every secret the config names (each destination's `url_env`, `secret_env` and
`smtp_password_env`, and COCKPIT_TOKEN) and the cockpit's own COCKPIT_ settings: a status
page's command has no business with the Slack webhook or the SMTP password.

Exit 0 is sent. Exit codes of sysexits.h that say the input or the setup is wrong (64-68,
70-73, 76-78: usage, data, no input, no user, no host, software, OS, file, permission,
config) are refused for good; anything else (1, 75 EX_TEMPFAIL, 69 unavailable, 74 I/O, a
kill, no exit within `timeout`) is retried.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping

from cockpit.comms.config import Target
from cockpit.comms.destinations.base import Outgoing, Permanent, Transient
from cockpit.core.display import safe

PERMANENT_EXITS = frozenset({64, 65, 66, 67, 68, 70, 71, 72, 73, 76, 77, 78})


def environment(out: Outgoing, inherited: Mapping[str, str]) -> dict[str, str]:
    """The command's environment: `inherited` (secrets removed already: see Command), with
    what the update is about."""
    return {
        **inherited,
        "COCKPIT_INCIDENT": out.incident,
        "COCKPIT_AUDIENCE": out.audience,
        "COCKPIT_SEVERITY": out.severity,
        "COCKPIT_STAGE": out.stage,
        "COCKPIT_UPDATE_ID": out.update_id,
        "COCKPIT_DESTINATION": out.destination,
        "COCKPIT_IDEMPOTENCY_KEY": out.key,
    }


class Command:
    def __init__(self, target: Target, inherited: Callable[[], Mapping[str, str]]) -> None:
        """`inherited`: the environment it runs in, read at each send, secrets removed by the
        caller (the sender, which knows every destination: `comms_settings.without_secrets`)."""
        self.name = target.name
        self.target = target
        self.inherited = inherited

    def send(self, out: Outgoing) -> str:
        d = self.target.settings
        argv = list(d.cmd)
        try:
            done = subprocess.run(
                argv, input=out.text.encode("utf-8"), capture_output=True, timeout=d.timeout,
                env=environment(out, self.inherited()), close_fds=True, check=False,
            )  # fmt: skip
        except FileNotFoundError:
            raise Permanent(f"{argv[0]}: command not found") from None
        except PermissionError:
            raise Permanent(f"{argv[0]}: not allowed to run it") from None
        except subprocess.TimeoutExpired:
            raise Transient(f"{argv[0]} did not finish within {d.timeout:g} s") from None
        except OSError as exc:
            raise Permanent(f"{argv[0]}: {exc.strerror or exc}") from None
        if done.returncode == 0:
            return ""
        said = _last_line(done.stderr) or _last_line(done.stdout)
        detail = f"{argv[0]} exited with {done.returncode}" + (f": {said}" if said else "")
        if done.returncode in PERMANENT_EXITS:
            raise Permanent(detail)
        raise Transient(detail)

    def close(self) -> None:
        pass


def _last_line(data: bytes) -> str:
    lines = [ln for ln in data.decode("utf-8", errors="replace").splitlines() if ln.strip()]
    return safe(lines[-1].strip())[:120] if lines else ""
