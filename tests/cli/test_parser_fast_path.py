"""The screen's commands build only their own parser (start-up time); everything else, and
help, gets the whole one."""

from __future__ import annotations

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
    [["note", "hi"], ["--help"], ["open", "--help"], ["INC-3"], ["--he"], ["--version"],
     ["--auth", "open", "note", "hi"], ["open", "-h"]],
)  # fmt: skip
def test_other_commands_and_help_get_the_whole_parser(argv) -> None:
    assert {"note", "serve", "open"} <= commands(cli.build_parser(argv))
