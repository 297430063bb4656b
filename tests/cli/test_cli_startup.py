"""`cockpit note` starts fast: the incident commands load no UI, network or server library."""

import json
import subprocess
import sys

HEAVY = ("textual", "httpx", "fastapi", "uvicorn", "starlette", "psycopg", "rich")

CODE = """
import json, sys
from cockpit.cli.main import main
db = sys.argv[1]
assert main(["--db", db, "declare", "Startup"]) == 0
assert main(["--db", db, "note", "INC-1", "hello"]) == 0
assert main(["--db", db, "show", "INC-1"]) == 0
assert main(["--db", db, "timeline", "INC-1", "--json"]) == 0
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_incident_commands_import_no_heavy_library(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", CODE, str(tmp_path / "c.sqlite3")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    loaded = json.loads(out.stderr.strip().splitlines()[-1])
    heavy = sorted({m.split(".")[0] for m in loaded} & set(HEAVY))
    assert heavy == []
    assert "cockpit.cli.entry_cmds" in loaded


def test_with_destinations_configured_a_note_still_imports_no_http_client(tmp_path):
    """Sending is looked up after each command (an update just posted goes out before it
    exits), but with nothing new to send nothing heavy is imported."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(
        '[destinations.chat]\ntype = "slack"\nurl = "https://x/y"\n'
    )
    env = {**__import__("os").environ, "COCKPIT_CONFIG_DIR": str(config)}
    out = subprocess.run(
        [sys.executable, "-c", CODE, str(tmp_path / "c.sqlite3")],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    loaded = json.loads(out.stderr.strip().splitlines()[-1])
    assert sorted({m.split(".")[0] for m in loaded} & set(HEAVY)) == []
