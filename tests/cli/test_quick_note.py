"""A script's plain `cockpit note` is written without the models (cli/quick_note.py): it writes
what the full path writes, and anything else (other words, input the models would refuse, a
configuration to validate, a damaged or joined file) is left to the full path, unwritten."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cockpit import settings
from cockpit.cli import quick_note as quick
from cockpit.core import events as ev
from cockpit.core.limits import MAX_NAME, MAX_TEXT
from cockpit.store import Store


def rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, kind, author, recorded_by, origin, hlc, json FROM events "
                            "ORDER BY seq").fetchall()  # fmt: skip


def note(db: Path, *words: str, before: tuple[str, ...] = ()) -> int | None:
    return quick.quick_note([*before, "--db", str(db), "note", *words])


def test_a_plain_note_is_written_as_the_full_path_writes_it(cli, inc, capsys):
    capsys.readouterr()
    assert note(cli.db, inc, "rolled back 42", "--kind", "decision", "--link=https://x/1") == 0
    short = capsys.readouterr().out.strip()
    cli.ok("note", inc, "rolled back 42", "--kind", "decision", "--link", "https://x/1")
    *_, mine, theirs = rows(cli.db)
    assert mine[0].replace("-", "").endswith(short)
    assert mine[1:5] == theirs[1:5] == ("decision", os.environ.get("USER") or mine[2], None,
                                         "local")  # fmt: skip
    with Store.open(cli.db) as store:
        a, b = store.events(store.incident(inc).id)[-2:]
    assert a.body == b.body and a.author == b.author and a.prev == b.prev == ()
    assert a.model_dump_json() == mine[6]  # read back, the models write the same bytes
    assert theirs[5] > mine[5]  # the clock moved on


def test_provenance_and_the_clock_as_store_append_keeps_them(cli, inc, tmp_path):
    config = Path(os.environ["COCKPIT_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('name = "alice"\n[servers."https://x"]\ntoken = "t"\n')
    with sqlite3.connect(cli.db) as conn:  # a value far ahead: the next must pass it
        conn.execute("UPDATE events SET hlc = '999999999999999.000000'")
    assert note(cli.db, inc, "deployed", "--author", "deploy-bot") == 0
    assert note(cli.db, inc, "by me") == 0
    *_, bot, mine = rows(cli.db)
    assert (bot[2], bot[3]) == ("deploy-bot", "alice")  # "deploy-bot via alice"
    assert (mine[2], mine[3]) == ("alice", None)
    assert "999999999999999.000000" < bot[5] < mine[5]
    assert note(cli.db, inc, "as bob", before=("--author", "bob")) == 0
    assert rows(cli.db)[-1][2:4] == ("bob", None)


@pytest.mark.parametrize(
    "words",
    [("INC-1", "x", "--at", "-5m"), ("INC-1", "-"), ("INC-1",), ("INC-1", "x", "--kind", "page"),
     ("INC-1", "   "), ("INC-1", ""), ("INC-1", "x" * (MAX_TEXT + 1)), ("INC-1", "bad \udcff"),
     ("INC-1", "x", "--author", "b" * (MAX_NAME + 1)), ("INC-1", "x", "--link", "\udc80"),
     ("INC-9", "x"), ("INC-99999999999999999999", "x"), ("INC-1", "x", "--help"),
     ("INC-1", "x", "--kin", "decision"), ("INC-1", "x", "--kind"), ("INC-1", "x", "y"),
     ("INC-1", "-5m late"), ("INC-1", "x", "--kind", "note", "--kind", "action")],
)  # fmt: skip
def test_anything_else_is_the_full_paths_and_nothing_is_written(cli, inc, words):
    before = rows(cli.db)
    assert note(cli.db, *words) is None
    assert rows(cli.db) == before


@pytest.mark.parametrize(
    "argv",
    [["note", "INC-1", "x"], ["--tz", "UTC", "--db", "{db}", "note", "INC-1", "x"],
     ["--db", "{db}", "list"], ["--db", "{db}", "--version", "note", "INC-1", "x"],
     ["--db", "{db}", "--auth", "bob", "note", "INC-1", "x"], ["--db", "{db}"]],
)  # fmt: skip
def test_other_words_are_the_full_paths(cli, inc, argv):
    before = rows(cli.db)
    # (the first: no --db, so the default file, which does not exist)
    assert quick.quick_note([w.format(db=cli.db) for w in argv]) is None
    assert rows(cli.db) == before


@pytest.mark.parametrize(
    "config",
    ['tz = "Europe/Berlin"\n', 'nmae = "typo"\n', "cadence = {SEV1 = 15}\n", 'name = 3\n',
     'token = "old"\n', '[servers."https://x"]\ntoken = "t"\nurl = "y"\n', "not toml [",
     '[catalog]\npaths = ["x"]\n'],
)  # fmt: skip
def test_a_configuration_to_validate_is_the_full_paths(cli, inc, config):
    folder = Path(os.environ["COCKPIT_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(config)
    before = rows(cli.db)
    assert note(cli.db, inc, "x") is None
    assert rows(cli.db) == before


@pytest.mark.parametrize("variable", ["COCKPIT_TZ", "COCKPIT_KEYS", "COCKPIT_CADENCE",
                                      "COCKPIT_SOMETHING_NEW"])  # fmt: skip
def test_variables_to_validate_are_the_full_paths(cli, inc, monkeypatch, variable):
    monkeypatch.setenv(variable, "{bad")
    assert note(cli.db, inc, "x") is None


def test_a_damaged_or_joined_file_is_the_full_paths(cli, inc):
    before = rows(cli.db)
    mark = cli.db.with_name(cli.db.name + "-damaged")
    mark.write_text("database disk image is malformed\n")
    assert note(cli.db, inc, "x") is None
    mark.unlink()
    with sqlite3.connect(cli.db) as conn:
        conn.execute("INSERT INTO sync_links (incident, url, joined_at) "
                     "SELECT id, 'http://127.0.0.1:9', '2026' FROM incidents")  # fmt: skip
    assert note(cli.db, inc, "x") is None
    assert rows(cli.db) == before


def test_it_takes_what_the_models_take() -> None:
    """The quick path's limits and plain settings are the models' (one may not drift)."""
    assert MAX_TEXT == ev.MAX_TEXT
    author = ev.Event.model_fields["author"].metadata
    assert any(getattr(rule, "max_length", None) == MAX_NAME for rule in author)
    for name in quick.SCALAR_SETTINGS:  # any string is a valid value
        field = settings.Settings.model_fields[name]
        assert field.annotation is str and not field.metadata, name
    assert set(settings.ServerSettings.model_fields) == {"token"}
    assert settings.ServerSettings.model_fields["token"].annotation is str


def test_the_command_writes_it_without_loading_pydantic(cli, inc, tmp_path):
    """The whole process, as a script runs it; then an error still reads as it always did."""
    code = ("import sys; sys.argv = ['cockpit', *sys.argv[1:]]; import cockpit.cli as c; "
            "r = c.run(); print('pydantic' in sys.modules); sys.exit(r)")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    done = subprocess.run([sys.executable, "-c", code, "--db", str(cli.db), "note", inc, "hi"],
                          capture_output=True, text=True, env=env, check=True)  # fmt: skip
    short, loaded = done.stdout.split()
    assert loaded == "False" and rows(cli.db)[-1][0].replace("-", "").endswith(short)
    missing = subprocess.run([sys.executable, "-c", code, "--db", str(cli.db), "note", "INC-7",
                              "hi"], capture_output=True, text=True, env=env)  # fmt: skip
    assert missing.returncode == 1
    assert missing.stderr.startswith("cockpit: no incident 'INC-7'")
    assert len(missing.stderr.splitlines()) == 1
