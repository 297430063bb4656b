"""Every loader of a user's own files: checklists, update templates, the service catalog.

One convention for all of them, so a team learns it once:

- Each kind of file has its folder in the user config folder (`COCKPIT_CONFIG_DIR`, else the
  platform's), e.g. `checklists/`, `templates/`; TOML unless the format is someone else's
  (Backstage's `catalog-info.yaml`, read with `yaml.safe_load` only).
- A file that cannot be used is skipped with ONE line saying which file and why; it never
  stops the cockpit from starting, and the built-in ones always remain.
- Files added or edited while the screen runs are picked up at its next poll
  (`folder.FolderWatch`: one scandir, no reading unless something changed).

Themes are the exception: they become Textual `Theme` objects, so their loader lives with the
screen (cockpit/tui/themes.py) and this package stays free of the UI.
"""
