"""Issue 14: a command destination reads the text on standard input only, never in its
arguments; its exit code says whether to retry."""

from __future__ import annotations

import json
import sys

from cockpit.comms.sender import Sender
from tests.comms.conftest import deliveries, post, settings

# A stand-in for `statuspage-cli post`: writes what it got (argv, stdin, environment) to a file.
RECORDER = """
import json, os, sys
out, code = sys.argv[1], int(sys.argv[2])
with open(out, "a") as f:
    f.write(json.dumps({"argv": sys.argv[1:], "stdin": sys.stdin.read(),
                        "env": {k: v for k, v in os.environ.items() if k.startswith("COCKPIT_")}}) + "\\n")
if code:
    print("status page said no", file=sys.stderr)
sys.exit(code)
"""


def command(tmp_path, code: int = 0):
    script = tmp_path / "post.py"
    script.write_text(RECORDER)
    out = tmp_path / "got.jsonl"
    return out, {"type": "command", "cmd": [sys.executable, str(script), str(out), str(code)]}


def runs(out):
    return [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []


def test_the_text_comes_on_stdin_and_never_in_the_arguments(tmp_path, store, incident, clock):
    out, cmd = command(tmp_path)
    u = post(store, incident, clock, "--delete-everything; $(rm -rf /) \x1b[2J", "page",
             audience="customers")  # fmt: skip
    sender = Sender(store, settings(page=cmd), clock, "alice")
    assert sender.step() is None
    sender.close()
    (run,) = runs(out)
    assert run["argv"] == cmd["cmd"][2:]  # exactly as configured
    assert run["stdin"] == "--delete-everything; $(rm -rf /) ␛[2J"
    assert run["env"]["COCKPIT_UPDATE_ID"] == u.id
    assert run["env"]["COCKPIT_AUDIENCE"] == "customers"
    assert run["env"]["COCKPIT_IDEMPOTENCY_KEY"] == f"{u.id}/page"
    assert not any("rm -rf" in v for v in run["env"].values())
    assert [d.status for d in deliveries(store, incident)] == ["sent"]


def test_a_failing_command_is_retried_and_a_usage_error_is_not(tmp_path, store, incident, clock):
    out, flaky = command(tmp_path, 1)
    (tmp_path / "w").mkdir()
    _, wrong = command(tmp_path / "w", 64)  # EX_USAGE
    post(store, incident, clock, "update", "flaky", "wrong")
    sender = Sender(store, settings(flaky=flaky, wrong=wrong), clock, "alice")
    assert sender.step() is not None
    sender.close()
    got = {d.destination: d for d in deliveries(store, incident)}
    assert got["flaky"].status == "retrying"
    assert got["flaky"].detail.endswith("exited with 1: status page said no")
    assert got["wrong"].status == "failed"


def test_a_command_that_is_not_there_fails_for_good(store, incident, clock):
    post(store, incident, clock, "update", "page")
    s = settings(page={"type": "command", "cmd": ["no-such-statuspage-cli-here", "post"]})
    sender = Sender(store, s, clock, "alice")
    assert sender.step() is None
    sender.close()
    (d,) = deliveries(store, incident)
    assert (d.status, d.detail) == ("failed", "no-such-statuspage-cli-here: command not found")


def test_the_command_gets_no_other_destinations_secret(tmp_path, store, incident, clock,
                                                       monkeypatch):  # fmt: skip
    got = tmp_path / "env.json"
    dump = f"import json, os; open({str(got)!r}, 'w').write(json.dumps(dict(os.environ)))"
    environ = {
        "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "STATUSPAGE_API_KEY": "its-own-key",
        "SLACK_INC_WEBHOOK": "https://hooks.slack.com/services/T1/B2/s3cr3t",
        "HOOK_SECRET": "hmac-key", "SMTP_PASS": "hunter2", "COCKPIT_TOKEN": "cpt_sync",
        "COCKPIT_HOOK_SECRET": "another", "COCKPIT_TZ": "Europe/Berlin",
    }  # fmt: skip
    for name, value in environ.items():  # the environment the cockpit runs in
        monkeypatch.setenv(name, value)
    s = settings(
        chat={"type": "slack", "url_env": "SLACK_INC_WEBHOOK"},
        hook={"type": "webhook", "url": "https://bot.example/x", "secret_env": "HOOK_SECRET"},
        other={"type": "webhook", "url": "https://bot.example/y",
               "secret_env": " COCKPIT_HOOK_SECRET "},
        mail={"type": "email", "smtp_host": "127.0.0.1", "from": "c@example.com",
              "to": ["vp@example.com"], "smtp_user": "c", "smtp_password_env": "SMTP_PASS"},
        page={"type": "command", "cmd": [sys.executable, "-c", dump]},
    )  # fmt: skip
    u = post(store, incident, clock, "update", "page")
    sender = Sender(store, s, clock, "alice")
    assert sender.step() is None
    sender.close()
    env = json.loads(got.read_text())
    for secret in ("SLACK_INC_WEBHOOK", "HOOK_SECRET", "SMTP_PASS", "COCKPIT_TOKEN",
                   "COCKPIT_HOOK_SECRET", "COCKPIT_TZ"):  # fmt: skip
        assert secret not in env
    assert not any(v in str(env) for v in ("s3cr3t", "hmac-key", "hunter2", "cpt_sync"))
    assert env["STATUSPAGE_API_KEY"] == "its-own-key" and env["LANG"] == "C.UTF-8"  # its own
    assert env["COCKPIT_UPDATE_ID"] == u.id
