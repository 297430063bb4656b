"""A command builds only its own module's parser (start-up time: the screen's, and a script's
`cockpit note`); the list of commands (`--help`), and anything odd, gets the whole one."""

from __future__ import annotations

import contextlib
import importlib
import io

import pytest

from cockpit.cli import main as cli


def commands(parser) -> set[str]:
    return set(parser.commands.choices)


@pytest.mark.parametrize(
    ("argv", "word"),
    [([], None), (["open", "INC-2"], "open"), (["--db", "x.db", "open", "INC-1"], "open"),
     (["--theme", "open", "demo"], "demo"), (["--author=kim", "note", "hi"], "note")],
)  # fmt: skip
def test_the_command_word_skips_flags_and_their_values(argv, word) -> None:
    assert cli.command_word(argv) == word


def test_screen_commands_get_a_small_parser_that_reads_them_the_same() -> None:
    full = cli.build_parser(None)
    for argv in ([], ["--db", "f.db", "open", "INC-2"], ["demo", "--entries", "40"],
                 ["--theme=cockpit-light", "--author", "kim"], ["--db", "f.db", "watch", "INC-1"],
                 ["watch", "https://x.example", "01a2"]):  # fmt: skip
        small = cli.build_parser(argv)
        assert commands(small) == {"open", "demo", "watch"}
        assert vars(small.parse_args(argv)) == vars(full.parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["INC-3"], ["--he"], ["--version"], ["--auth", "open", "note", "hi"],
     ["-h", "note"], ["--help", "note", "INC-1", "x"], ["no-such-command", "x"]],
)  # fmt: skip
def test_the_list_of_commands_and_anything_odd_get_the_whole_parser(argv) -> None:
    assert {"note", "serve", "open"} <= commands(cli.build_parser(argv))


def test_every_command_is_at_home_where_its_module_registers_it() -> None:
    """COMMAND_HOMES is what the modules register, no more, no less: a command added to a
    module and not here would still work, but slowly (the whole parser)."""
    registered: dict[str, str] = {}
    for name in cli.COMMAND_MODULES:
        parser = cli.Parser(prog="cockpit")
        subs = parser.add_subparsers(dest="command", parser_class=cli.Parser)
        importlib.import_module(f"cockpit.cli.{name}").register(subs)
        for word in subs.choices:
            registered[word] = name
    resolved = {}
    for word, home in cli.COMMAND_HOMES.items():
        parser = cli.Parser(prog="cockpit")
        subs = parser.add_subparsers(dest="command", parser_class=cli.Parser)
        importlib.import_module(f"cockpit.cli.{home}").register(subs)
        assert word in subs.choices, f"{word} is not registered by {home}"
        resolved[word] = home
    assert set(resolved) == set(registered)


def help_text(argv: list[str], parser) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        parser.parse_args(argv)
    return out.getvalue()


@pytest.mark.parametrize(
    "argv",
    [["note", "INC-1", "--at=-5m", "text", "--kind", "decision"], ["--db", "f.db", "note", "1"],
     ["--author=kim", "--tz", "UTC", "page", "INC-2", "sam", "--via", "phone"],
     ["severity", "INC-1", "sev1", "--reason", "x"], ["mitigation", "INC-1", "start", "roll"],
     ["timeline", "INC-1", "--json"], ["serve", "--port", "0"]],
)  # fmt: skip
def test_a_command_gets_its_own_parser_that_reads_it_the_same(argv) -> None:
    small, full = cli.build_parser(argv), cli.build_parser(None)
    assert commands(small) < commands(full)
    assert vars(small.parse_args(argv)) == vars(full.parse_args(argv))


@pytest.mark.parametrize("argv", [["note", "--help"], ["open", "-h"], ["serve", "--help"],
                                  ["mitigation", "start", "--help"]])  # fmt: skip
def test_a_commands_help_is_the_same_from_its_own_parser(argv) -> None:
    small = cli.build_parser(argv)
    assert commands(small) < commands(cli.build_parser(None))
    assert help_text(argv, small) == help_text(argv, cli.build_parser(None))
