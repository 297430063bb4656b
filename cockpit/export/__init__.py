"""After the incident: the postmortem draft (Markdown) and the complete incident as JSON, to
archive, mail or move to another file (`cockpit import`). Uses the core and the store; the
CLI and the screen use it."""
