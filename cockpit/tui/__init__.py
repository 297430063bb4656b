"""cockpit.tui: the full-screen cockpit (Textual)."""

import os

# Textual paints at most TEXTUAL_FPS times a second (default 60), and its update timer, resumed
# just after a paint, waits for the next-but-one slot: an entry saved right after a key's echo
# waited up to 33 ms before being drawn. At 120 that wait is at most 17 ms (p95 of a new entry
# to visible, 100,000 entries: 43-47 ms -> 30-35 ms here). Painting stays on demand: idle is
# idle. A user's own TEXTUAL_FPS wins. Set before textual is imported (it reads it once).
os.environ.setdefault("TEXTUAL_FPS", "120")
