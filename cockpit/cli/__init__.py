"""The `cockpit` command: every action is scriptable."""
