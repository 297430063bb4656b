"""One wrapper decides every exit code and error line (cockpit/cli/errors.py): a command
raises, the wrapper prints one line and picks the code; nothing else does."""

from __future__ import annotations

import ast
import errno
from pathlib import Path

import pytest

import cockpit.cli
from cockpit.cli import errors
from cockpit.cli.context import Failure, UsageError
from cockpit.store.errors import DatabaseCorrupt, UnknownIncident

CLI = Path(cockpit.cli.__file__).parent


@pytest.mark.parametrize(
    ("exc", "code"),
    [(UsageError("type this"), 2), (Failure("do that"), 1), (UnknownIncident("no INC-9"), 1),
     (DatabaseCorrupt("damaged"), 1), (KeyboardInterrupt(), 130), (BrokenPipeError(), 0),
     (UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed"), 2),
     (FileNotFoundError(errno.ENOENT, "No such file or directory", "/x/y"), 1),
     (RuntimeError("a bug"), 1)],
)  # fmt: skip
def test_every_exception_gets_its_code_and_at_most_one_line(exc, code, capsys) -> None:
    def step() -> int:
        raise exc

    assert errors.run(step) == code
    err = capsys.readouterr().err
    assert err.count("\n") <= 1 and "Traceback" not in err
    if code not in (0, 130):
        assert err.startswith("cockpit: ")


def test_the_server_storage_error_is_a_failure(capsys) -> None:
    from cockpit.server.storage import StorageError

    assert errors.run(lambda: (_ for _ in ()).throw(StorageError("no db"))) == 1
    assert capsys.readouterr().err == "cockpit: no db\n"


def test_an_unexpected_error_says_how_to_report_it(capsys, monkeypatch) -> None:
    def step() -> int:
        raise ZeroDivisionError("x")

    assert errors.run(step) == 1
    assert "COCKPIT_DEBUG=1" in capsys.readouterr().err
    monkeypatch.setenv("COCKPIT_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        errors.run(step)


def test_an_error_line_shows_controls_inertly(capsys) -> None:
    errors.run(lambda: (_ for _ in ()).throw(Failure("no incident 'x\x1b]0;pwned\x07'")))
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and err.count("\n") == 1


MAPPED = {"Failure", "UsageError", "StoreError", "StorageError"}


def _mappings(path: Path) -> list[int]:
    """Lines where an `except` of one of MAPPED turns it into another error or an exit code
    (a handler that decides something else, such as "not a local incident", is fine)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ExceptHandler) or node.type is None:
            continue
        caught = {n.id if isinstance(n, ast.Name) else n.attr
                  for n in ast.walk(node.type) if isinstance(n, ast.Name | ast.Attribute)}  # fmt: skip
        if not caught & MAPPED:
            continue
        for inner in ast.walk(node):
            reraised = isinstance(inner, ast.Raise) and inner.exc is not None
            code = (isinstance(inner, ast.Return) and isinstance(inner.value, ast.Constant)
                    and type(inner.value.value) is int)  # fmt: skip
            if reraised or code:
                found.append(node.lineno)
    return found


def test_no_command_maps_errors_to_exit_codes_itself() -> None:
    """Only cli/errors.py turns Failure, StoreError, StorageError or UsageError into a code."""
    for path in CLI.glob("*.py"):
        if path.name != "errors.py":
            assert not _mappings(path), f"{path.name}:{_mappings(path)}: let cli/errors.py decide"


def test_the_parser_uses_no_private_argparse_member() -> None:
    """main.py reaches into no object's private members but its own (`self`); the one private
    name it writes is typeshed's type for the subcommands, in annotations."""
    tree = ast.parse((CLI / "main.py").read_text())
    private = {
        (ast.unparse(n.value), n.attr)
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and n.attr.startswith("_") and not n.attr.endswith("__")
    }
    assert {(owner, name) for owner, name in private if owner != "self"} <= {
        ("argparse", "_SubParsersAction")
    }


def _closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening: one the system just gave, then closed."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_join_a_dead_server_says_what_to_check_and_a_missing_incident_first(cli, inc):
    """`cannot reach http://127.0.0.1:9 (All connection attempts failed)`: the URL twice in
    effect, and no next step; a wrong INC-n was only found out after the network."""
    url = f"http://127.0.0.1:{_closed_port()}"
    r = cli("join", url, inc, "--token", "x")
    assert r.code == 1 and r.out == "" and r.err.count("\n") == 1
    assert r.err == (f"cockpit: cannot reach {url}: nothing is listening there; is `cockpit "
                     "serve` running? (check the URL and port)\n")  # fmt: skip
    r = cli("join", url, "INC-7", "--token", "x")
    assert r.code == 1 and r.err.count("\n") == 1 and "cannot reach" not in r.err
    assert r.err.startswith("cockpit: no incident 'INC-7' in this file (known: INC-1;")
    assert f"`cockpit join {url}` lists them" in r.err
    r = cli("join", url, "INC-7")  # no token either: the incident is still said first
    assert "no incident 'INC-7'" in r.err
