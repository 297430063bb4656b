"""The incident commands: every action the screen can take, scriptable.

`register(subs)` adds them all to the parser; each family lives in its own module.
"""

from __future__ import annotations

import argparse

from cockpit.cli import declare_cmds, entry_cmds, state_cmds, timeline_cmds, work_cmds

FAMILIES = (declare_cmds, entry_cmds, state_cmds, work_cmds, timeline_cmds)


def register(subs: argparse._SubParsersAction) -> None:
    for family in FAMILIES:
        family.register(subs)
