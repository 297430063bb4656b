"""A browser's session of `cockpit web` runs with no secret of the config: not the sync token,
not the variables that hold the destinations' webhook URLs, signing secrets and SMTP
passwords. Checked on the builder and on the real textual-serve process (/proc/PID/environ)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cockpit.cli.main import main
from cockpit.settings import Settings
from cockpit.web.launch import session_environment

COCKPIT = Path(sys.executable).with_name("cockpit")
SECRETS = {
    "SLACK_INC_WEBHOOK": "https://hooks.slack.com/services/T1/B2/s3cr3t",
    "HOOK_SECRET": "hmac-key",
    "SMTP_PASS": "hunter2",
    "COCKPIT_TOKEN": "cpt_sync",
}
CONFIG = """
[destinations.chat]
type = "slack"
url_env = "SLACK_INC_WEBHOOK"
[destinations.hook]
type = "webhook"
url = "https://bot.example/x"
secret_env = "HOOK_SECRET"
[destinations.mail]
type = "email"
smtp_host = "smtp.example.com"
from = "c@example.com"
to = ["vp@example.com"]
smtp_user = "c"
smtp_password_env = "SMTP_PASS"
"""


def test_the_builder_removes_every_secret_the_config_names_and_keeps_the_rest():
    import tomllib

    s = Settings.model_validate(tomllib.loads(CONFIG))
    environ = {**SECRETS, "PATH": "/usr/bin", "COCKPIT_CONFIG_DIR": "/c", "COCKPIT_TZ": "UTC"}
    env = session_environment(environ, s.destinations)
    assert env == {"PATH": "/usr/bin", "COCKPIT_CONFIG_DIR": "/c", "COCKPIT_TZ": "UTC"}


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.e2e
def test_textual_serve_runs_without_them(tmp_path: Path):
    if not COCKPIT.exists() or not Path("/proc/self/environ").exists():
        pytest.skip("needs the installed cockpit command and /proc")
    pytest.importorskip("textual_serve")
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(CONFIG)
    db = tmp_path / "cockpit.sqlite3"
    assert main(["--db", str(db), "declare", "Checkout API errors"]) == 0
    env = {**os.environ, **SECRETS, "COCKPIT_CONFIG_DIR": str(config)}
    proc = subprocess.Popen([str(COCKPIT), "--db", str(db), "web", "INC-1", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)  # fmt: skip
    said: list[str] = []
    threading.Thread(target=lambda: said.extend(proc.stderr), daemon=True).start()
    watchdog = threading.Timer(120, proc.kill)  # never outlive a hung test
    watchdog.start()
    try:
        link = proc.stdout.readline().strip()  # printed once textual-serve listens
        assert link.startswith("http://127.0.0.1:"), (link, said)
        (backend,) = _children(proc.pid)
        raw = Path(f"/proc/{backend}/environ").read_bytes().split(b"\0")
        names = {item.split(b"=", 1)[0].decode() for item in raw if item}
        assert "COCKPIT_CONFIG_DIR" in names  # the same user's cockpit
        assert not names & set(SECRETS), names & set(SECRETS)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        watchdog.cancel()
