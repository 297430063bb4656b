"""Commands: being written (see the issue); register() adds them to the parser."""

from __future__ import annotations

import argparse


def register(subs: argparse._SubParsersAction) -> None:
    pass
