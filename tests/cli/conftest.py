"""Running `cockpit ...` in-process through `cli.main.main`, against a real file under tmp_path,
with the fake clock and UTC injected, standard input given as bytes or a terminal."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from cockpit.cli.main import main
from cockpit.core.clock import FakeClock


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def line(self) -> str:
        return self.out.strip()


class Cli:
    def __init__(self, db: Path, clock: FakeClock, capsys, monkeypatch) -> None:
        self.db = db
        self.clock = clock
        self._capsys = capsys
        self._monkeypatch = monkeypatch

    def __call__(self, *argv: str, stdin: str | bytes | None = None, tick: float = 1) -> Result:
        """Run one command (the clock moves on `tick` seconds first); stdin=None is a terminal."""
        self.clock.advance(tick)
        tty = stdin is None
        if stdin is not None:
            data = stdin.encode() if isinstance(stdin, str) else stdin
            self._monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        self._capsys.readouterr()
        try:
            code = main(["--db", str(self.db), *argv], clock=self.clock, tz=UTC, stdin_is_tty=tty)
        except SystemExit as exc:  # argparse's own usage errors
            code = int(exc.code or 0)
        out, err = self._capsys.readouterr()
        return Result(code, out, err)

    def ok(self, *argv: str, **kw: Any) -> str:
        r = self(*argv, **kw)
        assert r.code == 0, r.err
        return r.line

    def timeline(self, ref: str = "INC-1") -> list[dict]:
        return self("timeline", ref, "--json").json

    def show(self, ref: str = "INC-1") -> dict:
        return self("show", ref, "--json").json


@pytest.fixture
def cli(db_path: Path, clock: FakeClock, capsys, monkeypatch) -> Cli:
    return Cli(db_path, clock, capsys, monkeypatch)


@pytest.fixture
def inc(cli: Cli) -> str:
    """A declared incident, INC-1, by alice."""
    assert cli.ok("declare", "Checkout API errors", "--service", "checkout",
                  "--author", "alice") == "INC-1"  # fmt: skip
    return "INC-1"
