"""cockpit.tui"""
