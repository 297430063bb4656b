"""A server command without its extra says in one line which to add (exit 1), not a traceback.
The whole client install is tested for real in tests/e2e/test_lean_install.py; here the two
extras are taken away one at a time inside this process."""

from __future__ import annotations

import sys

from cockpit.cli.main import main


def without(monkeypatch, *modules: str) -> None:
    """Make `modules` unimportable, and forget ours that imported them, for this test only."""
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)
    for name in [m for m in sys.modules if m.startswith("cockpit.server")]:
        monkeypatch.delitem(sys.modules, name)


def test_a_postgresql_database_without_psycopg_names_the_postgres_extra(monkeypatch, capsys):
    without(monkeypatch, "psycopg", "psycopg_pool")
    url = "postgresql://cockpit@127.0.0.1:1/cockpit"
    assert main(["serve", "token", "list", "--database", url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'cockpit[postgres]'" in err
    assert "serve token list" in err


def test_serve_without_fastapi_names_the_server_extra(monkeypatch, capsys, tmp_path):
    without(monkeypatch, "fastapi")
    assert main(["serve", "--database", str(tmp_path / "s.sqlite3")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'cockpit[server]'" in err


def test_another_missing_module_is_not_blamed_on_an_extra():
    from cockpit.cli.extras import missing_extra

    assert missing_extra(ModuleNotFoundError("x", name="psycopg.pq")) == "postgres"
    assert missing_extra(ModuleNotFoundError("x", name="starlette")) == "server"
    assert missing_extra(ModuleNotFoundError("x", name="yaml")) is None
