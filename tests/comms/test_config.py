"""`[destinations.NAME]` resolved for sending: secrets from the file or the environment, what
each type needs, and which destinations an update is offered to."""

from __future__ import annotations

import pytest

from cockpit.comms import config
from tests.comms.conftest import settings


def test_secrets_come_from_the_file_or_the_variable_it_names():
    s = settings(chat={"type": "slack", "url_env": "HOOK"},
                 hook={"type": "webhook", "url": "https://h.example/x", "secret_env": "SIGN"},
                 mail={"type": "email", "smtp_host": "smtp", "from": "a@example.com",
                       "to": ["b@example.com"], "smtp_user": "u", "smtp_password_env": "PW"})  # fmt: skip
    env = {"HOOK": "https://hooks.slack.com/services/T/B/X", "SIGN": "k", "PW": "p"}
    chat = config.resolve("chat", s.destinations["chat"], env)
    assert chat.url == env["HOOK"] and chat.secrets == (env["HOOK"],)
    assert config.resolve("hook", s.destinations["hook"], env).secret == "k"
    assert config.resolve("mail", s.destinations["mail"], env).password == "p"
    with pytest.raises(config.NotConfigured, match="HOOK is not set"):
        config.resolve("chat", s.destinations["chat"], {})


@pytest.mark.parametrize(("d", "problem"), [
    ({"type": "teams"}, "has no url"),
    ({"type": "slack", "url": "ftp://x"}, "must start with https://"),
    ({"type": "webhook", "url": "https://x"}, "no secret to sign with"),
    ({"type": "email", "smtp_host": "h", "from": "a@example.com", "to": []}, "no recipients"),
    ({"type": "email", "smtp_host": "h", "from": "a@example.com",
      "to": ["b@example.com\r\nBcc: c@example.com"]}, "is not an email address"),
    ({"type": "command"}, "has no cmd"),
    ({"type": "email", "smtp_host": "h", "from": "a@example.com", "to": ["b@example.com"],
      "notify": "here"}, "notify works for slack"),
])  # fmt: skip
def test_what_each_type_needs_is_said_in_one_line(d, problem):
    (said,) = config.problems("x", settings(x=d).destinations["x"], {})
    assert problem in said


def test_an_update_is_offered_to_the_destinations_of_its_severity_team_and_audience():
    s = settings(everyone={"type": "slack", "url": "https://a"},
                 sev1={"type": "slack", "url": "https://b", "severities": ["SEV1"]},
                 payments={"type": "slack", "url": "https://c", "teams": ["payments"]},
                 execs={"type": "email", "audiences": ["exec"]})  # fmt: skip
    assert config.offered(s, severity="SEV2", audience="responders") == ["everyone"]
    assert config.offered(s, severity="SEV1", audience="exec", team="payments") == [
        "everyone",
        "sev1",
        "payments",
        "execs",
    ]
    assert config.offered(s, severity="SEV1", audience="customers", team="search") == [
        "everyone",
        "sev1",
    ]
