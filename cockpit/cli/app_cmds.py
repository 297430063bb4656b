"""Commands: being written (see the issue); register() adds them to the parser."""

from __future__ import annotations

import argparse


def register(subs: argparse._SubParsersAction) -> None:
    pass


def default_command(ctx, args) -> int:
    raise NotImplementedError("the cockpit screen is being written")
