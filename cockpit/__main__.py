"""`python -m cockpit`: the `cockpit` command, for a process started by another (the browser
sessions of `cockpit web`), whatever is on its PATH."""

from cockpit.cli import run

raise SystemExit(run())
