"""`cockpit open` with the CLI's and the screen's modules imported first, a marker printed
between: bench_tui_startup.py times the two phases apart (imports, then Textual's work to the
first frame). Run as `python _start_phases.py FILE`, or `python _start_phases.py --minimal`
for the one-label app measured the same way."""

import sys

if sys.argv[1:] == ["--minimal"]:
    from textual.app import App
    from textual.widgets import Label

    print("IMPORTED", flush=True)

    class Minimal(App):
        def compose(self):
            yield Label("MINIMAL-READY")

    Minimal().run()
else:
    import cockpit.cli.app_cmds
    import cockpit.cli.main
    import cockpit.tui.app  # noqa: F401  (and with it the main screen and its panes)
    from cockpit.cli import run

    print("IMPORTED", flush=True)
    sys.argv = ["cockpit", "--db", sys.argv[1], "open", "INC-1"]
    raise SystemExit(run())
