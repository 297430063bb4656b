"""`cockpit watch` and `cockpit web` refuse what they cannot do in one line (exit 2 for what
was typed wrong, 1 for what failed), before any screen or server starts."""

from __future__ import annotations

import socket

from tests.cli.test_cli_extras import without


def test_watch_says_what_to_type(cli, inc):
    r = cli("watch", "INC-1", "0196e1a4-0000-7000-8000-00000000c0de")
    assert r.code == 2 and "`cockpit watch URL ID`" in r.err
    r = cli("watch", "INC-7")
    assert r.code == 1 and "no incident 'INC-7'" in r.err
    r = cli("watch", "http://127.0.0.1:1")
    assert r.code == 2 and "name the incident" in r.err
    r = cli("watch", "http://127.0.0.1:1", "INC-3")
    assert r.code == 2 and "knows its incidents by id" in r.err
    r = cli("watch", "http://127.0.0.1:1", "0196e1a4-0000-7000-8000-00000000c0de")
    assert r.code == 2 and "no token for http://127.0.0.1:1" in r.err and "read" in r.err
    for r in [cli("watch", "INC-1", "x")] + [cli("web", "--max-sessions", "0")]:
        assert r.err.count("\n") == 1


def test_watch_without_a_file(cli):
    r = cli("watch", "INC-1")
    assert r.code == 1 and "no cockpit file" in r.err


def test_web_says_what_to_type(cli, inc):
    assert cli("web", "--max-sessions", "0").code == 2
    assert cli("web", "--port", "70000").code == 2
    r = cli("web", "--public-url", "cockpit.example.com")
    assert r.code == 2 and "https://" in r.err
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        r = cli("web", "INC-1", "--port", str(taken.getsockname()[1]))
    assert r.code == 1 and "cannot listen on 127.0.0.1" in r.err and "--port 0" in r.err


def test_web_with_several_open_incidents_asks_which(cli, inc):
    cli.ok("declare", "Second one")
    r = cli("web")
    assert r.code == 2 and "INC-1, INC-2" in r.err


def test_web_without_its_extra_names_it(cli, inc, monkeypatch):
    without(monkeypatch, "textual_serve")
    r = cli("web", "INC-1")
    assert r.code == 1 and "pip install 'cockpit[web]'" in r.err and r.err.count("\n") == 1
