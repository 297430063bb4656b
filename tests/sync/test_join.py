"""`cockpit join` against the real server on 127.0.0.1: it settles the name before anything is
pushed (says which name, where it comes from and how to change it; offers the token's person
when none is set), keeps the token for that server in the config file (0600), and says when a
token may only read."""

from __future__ import annotations

import io
import stat
import sys
import tomllib

import pytest

from cockpit import settings
from cockpit.cli.main import main
from cockpit.server.auth import create_token
from cockpit.store import Store
from cockpit.store.outbox import SyncBook
from tests.sync.helpers import token


@pytest.fixture
def declared(tmp_path, capsys, monkeypatch):
    """A file with INC-1, declared by the OS user (no name is set yet)."""
    monkeypatch.setattr(settings, "os_user", lambda: "root")
    db = ["--db", str(tmp_path / "a.sqlite3")]
    assert main([*db, "declare", "Checkout down"]) == 0
    capsys.readouterr()
    return db


def _lines(text: str) -> list[str]:
    return text.splitlines()


def test_join_says_the_name_before_pushing_and_keeps_the_token_0600(server, declared, capsys):
    alice = token(server.storage, "alice")
    assert main([*declared, "join", server.url, "INC-1", "--token", alice]) == 0
    out = capsys.readouterr()
    lines = _lines(out.out) + _lines(out.err)
    said = next(i for i, x in enumerate(lines) if "records what you write as 'root'" in x)
    assert "your OS user: no name is set" in lines[said]
    assert "--name NAME" in lines[said] and "COCKPIT_NAME" in lines[said]
    assert any("the token belongs to 'alice': the server records" in x for x in lines)
    pushed = next(i for i, x in enumerate(lines) if x.startswith("sync:"))
    assert said < pushed  # said before anything was pushed
    path = settings.config_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = tomllib.loads(path.read_text())
    assert data == {"servers": {server.url: {"token": alice}}}  # no name was offered: not a tty


def test_join_offers_the_tokens_person_when_no_name_is_set(server, declared, capsys, monkeypatch):
    alice = token(server.storage, "alice")
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))  # Enter: yes
    assert main([*declared, "join", server.url, "INC-1", "--token", alice],
                stdin_is_tty=True) == 0  # fmt: skip
    out = capsys.readouterr()
    assert "record what you write here as 'alice', the token's person? [Y/n]" in out.err
    assert "records what you write as 'alice' (kept in the config)" in out.out
    assert settings.load().name == "alice"
    assert main([*declared, "note", "INC-1", "now as alice"]) == 0
    with Store.open(declared[1]) as s:
        (note,) = [e for e in s.events(s.incidents()[0].id) if e.kind == "note"]
    assert note.author == "alice"


def test_join_says_no_and_keeps_the_os_user(server, declared, capsys, monkeypatch):
    alice = token(server.storage, "alice")
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    assert main([*declared, "join", server.url, "INC-1", "--token", alice],
                stdin_is_tty=True) == 0  # fmt: skip
    assert "as 'root' (your OS user" in capsys.readouterr().out
    assert settings.load().name == ""


def test_join_with_name_keeps_it_and_says_what_overrides_it(server, declared, capsys, monkeypatch):
    alice = token(server.storage, "alice")
    assert main([*declared, "join", server.url, "INC-1", "--token", alice, "--name", "alice"]) == 0
    assert "records what you write as 'alice' (kept in the config)" in capsys.readouterr().out
    assert settings.load().name == "alice"
    assert settings.load().token_for(server.url) == alice

    monkeypatch.setenv("COCKPIT_NAME", "al")
    assert main([*declared, "join", server.url, "INC-1", "--name", "alice2"]) == 0
    out = capsys.readouterr().out
    assert "as 'al' (COCKPIT_NAME, which wins over the config; the config now says 'alice2')" in out
    monkeypatch.delenv("COCKPIT_NAME")
    assert main([*declared, "--author", "bot", "join", server.url, "INC-1"]) == 0
    assert "as 'bot' (--author, for this command only)" in capsys.readouterr().out
    assert main([*declared, "join", server.url, "INC-1"]) == 0
    assert "as 'alice2' (the config's name)" in capsys.readouterr().out
    assert main([*declared, "join", server.url, "INC-1", "--name", " "]) == 2


def test_a_read_token_is_told_it_only_reads(server, declared, capsys, monkeypatch):
    _, reader = create_token(server.storage, person="sam", team="sre", incident=None, now=0,
                             expires_at=None, permission="read")  # fmt: skip
    writer = token(server.storage, "alice")
    assert main([*declared, "join", server.url, "INC-1", "--token", writer, "--name", "alice"]) == 0
    capsys.readouterr()
    other = ["--db", declared[1].replace("a.sqlite3", "b.sqlite3")]
    with Store.open(declared[1]) as s:
        incident = s.incidents()[0].id
    assert main([*other, "join", server.url, incident, "--token", reader]) == 0
    out = capsys.readouterr()
    assert "may only read (permission 'read')" in out.out
    assert main([*other, "note", "INC-1", "from a reader"]) == 0
    err = capsys.readouterr().err
    assert "kept in this file, not shared" in err and "permission 'read'" in err
    # a read-only link is not a paused incident: it still pulls what the writers push
    monkeypatch.setenv("COCKPIT_TOKEN", writer)  # one config folder: the reader's token is there
    assert main([*declared, "note", "INC-1", "from the writer"]) == 0
    monkeypatch.delenv("COCKPIT_TOKEN")
    assert main([*other, "sync", "--once"]) == 0
    out = capsys.readouterr().out
    assert "sync: live, read only · 1 not shared" in out
    assert main([*other, "timeline", "INC-1"]) == 0
    assert "from the writer" in capsys.readouterr().out
    with Store.open(other[1]) as s:
        assert SyncBook(s).link(incident).paused == ""


def test_old_config_files_keep_working(server, declared, capsys):
    alice = token(server.storage, "alice")
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'name = "alice"\n[sync]\nurl = "{server.url}"\ntoken = "{alice}"\n')
    assert main([*declared, "join", server.url, "INC-1"]) == 0  # the old token is read
    assert "sync: live" in capsys.readouterr().out
    assert main([*declared, "join", server.url, "INC-1", "--token", alice]) == 0
    data = tomllib.loads(path.read_text())
    assert data == {"name": "alice", "servers": {server.url: {"token": alice}}}
