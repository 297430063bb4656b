"""The CLI side of issue 14: `cockpit update --to` sends before it exits (a few seconds at
most) and leaves the rest; `cockpit deliver` drains, lists and checks; bad names are refused
before anything is written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cockpit import settings as settings_module
from tests.cli.conftest import Cli
from tests.comms.receivers import closed_port


@pytest.fixture
def cli(db_path: Path, clock, capsys, monkeypatch) -> Cli:
    return Cli(db_path, clock, capsys, monkeypatch)


def configure(text: str) -> Path:
    path = settings_module.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    os.chmod(path, 0o600)
    return path


@pytest.fixture
def inc(cli: Cli) -> str:
    assert cli.ok("declare", "Checkout API errors", "--author", "alice") == "INC-1"
    return "INC-1"


def deliveries(cli: Cli) -> list[dict]:
    return [e for e in cli.timeline() if e["kind"] == "delivery"]


def test_update_to_a_destination_sends_before_it_exits(cli, receiver, inc):
    configure(f'[destinations.inc-42]\ntype = "slack"\nurl = "{receiver.url()}"\n')
    r = cli("update", inc, "Rolled back; errors falling", "--to", "inc-42", "--audience", "exec")
    assert r.code == 0, r.err
    assert len(r.line) == 8  # the update's id alone on stdout, as before
    assert r.err.strip() == "cockpit: sent to inc-42"
    (req,) = receiver.requests
    assert "Rolled back; errors falling" in json.loads(req.body)["text"]
    (d,) = deliveries(cli)
    assert "sent to inc-42" in d["text"]
    assert cli("deliver", "--status").line == "nothing waits to be sent"


def test_a_destination_that_is_down_leaves_it_for_the_next_sender(cli, inc):
    configure(f'[destinations.mail]\ntype = "email"\nsmtp_host = "127.0.0.1"\n'
              f'smtp_port = {closed_port()}\nfrom = "c@example.com"\nto = ["vp@example.com"]\n')  # fmt: skip
    r = cli("update", inc, "update", "--to", "mail")
    assert r.code == 0  # the update is in; sending is not the command's failure
    assert "mail failed (connection refused), retrying" in r.err
    assert "`cockpit deliver` retries" in r.err
    status = cli("deliver", "--status", inc).line
    assert status.endswith("→ mail: retrying after attempt 1: connection refused")
    r = cli("note", inc, "meanwhile")  # another command does not wait on the retry
    assert r.code == 0 and r.err == ""
    r = cli("deliver", "--once")  # asked for: tried now, and said
    assert r.code == 1 and "mail failed (connection refused), retrying" in r.line


def test_unknown_or_unsuitable_destinations_are_refused_an_unready_one_fails_in_sight(cli, inc):
    configure('[destinations.status]\ntype = "command"\ncmd = ["true"]\naudiences = ["customers"]\n'
              '[destinations.hook]\ntype = "webhook"\nurl = "https://example.invalid/h"\n')  # fmt: skip
    before = len(cli.timeline())
    r = cli("update", inc, "x", "--to", "nope")
    assert r.code == 2 and "no destination named 'nope' (configured: status, hook)" in r.err
    r = cli("update", inc, "x", "--to", "status", "--audience", "exec")
    assert r.code == 2 and "status does not take exec updates (it takes customers)" in r.err
    assert len(cli.timeline()) == before
    # A destination that cannot send as configured: the update is kept (as the composer
    # keeps it), and its failure is said at once and in the timeline, never retried.
    r = cli("update", inc, "x", "--to", "hook")
    assert r.code == 0
    assert "NOT sent to hook (destination 'hook' (webhook) has no secret to sign with" in r.err
    (d,) = deliveries(cli)
    assert d["text"].startswith("NOT sent to hook: destination 'hook' (webhook) has no secret")
    assert cli("deliver", "--status").line == "nothing waits to be sent"


def test_deliver_check_lists_destinations_and_never_their_secrets(cli):
    path = configure('[destinations.chat]\ntype = "slack"\nurl = "https://hooks.slack.com/services/T1/B2/SECRETXYZ"\n'
                     '[destinations.mail]\ntype = "email"\n'
                     '[destinations.env]\ntype = "teams"\nurl_env = "TEAMS_URL_FOR_TEST"\n')  # fmt: skip
    r = cli("deliver", "--check")
    assert r.code == 1
    lines = r.out.splitlines()
    assert lines[0].split() == ["chat", "slack", "ready"]
    assert "has no smtp_host" in lines[1]
    assert "TEAMS_URL_FOR_TEST is not set" in lines[2]
    assert "SECRET" not in r.out + r.err
    os.chmod(path, 0o644)
    r = cli("deliver", "--check")
    assert f"chmod 600 {path}" in r.err


def test_again_puts_a_failed_update_back(cli, receiver, inc):
    from tests.comms.receivers import Answer

    configure(f'[destinations.chat]\ntype = "slack"\nurl = "{receiver.url()}"\n')
    receiver.answer(Answer(status=410, body=b"channel_is_archived"))
    uid = cli.ok("update", inc, "hello", "--to", "chat")
    assert [d["text"].split(" · ")[0] for d in deliveries(cli)] == [
        "NOT sent to chat: HTTP 410: channel_is_archived; not retried"
    ]
    r = cli("deliver", inc, "--again", uid)
    assert r.code == 0 and r.line == f"{uid} goes to chat again"
    assert len(receiver.requests) == 2  # that command sent it before exiting
    assert deliveries(cli)[-1]["text"].startswith("sent to chat")
    r = cli("deliver", inc, "--again", uid)
    assert r.code == 1 and "failed at none of its destinations" in r.err


def test_while_another_cockpit_sends_a_command_leaves_it_and_status_sends_nothing(
    cli, receiver, inc, db_path
):
    from cockpit.comms.lock import SendLock

    configure(f'[destinations.chat]\ntype = "slack"\nurl = "{receiver.url()}"\n')
    with SendLock(db_path) as screen:  # a cockpit screen open on the file sends
        assert screen.acquire()
        r = cli("update", inc, "x", "--to", "chat")
        assert r.code == 0 and r.err == ""
        r = cli("deliver", "--once")
        assert r.code == 1 and "another cockpit (pid" in r.err
    assert receiver.requests == []
    assert cli("deliver", "--status").line.endswith("→ chat: not tried yet")
    assert receiver.requests == []  # --status only lists
    cli.ok("note", inc, "meanwhile")  # the next command, with the file free, sends it
    assert len(receiver.requests) == 1
