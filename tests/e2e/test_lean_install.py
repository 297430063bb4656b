"""`pip install cockpit` is the client: a fresh venv with the wheel and only the dependencies
the wheel declares has no FastAPI, uvicorn or psycopg, runs the everyday commands, and
`cockpit serve` there says in one line how to add the server.

Offline and fast (~10 s, no PyPI): the wheel is built from a copy of the project with the
setuptools of the test venv, installed with `--no-deps`, and each distribution the wheel's
metadata requires (followed transitively, extras left out) is linked in from the test venv.
A dependency the code imports but the wheel does not declare is missing there, as it would
be for a user; one the code does not need but the wheel drags in shows up in the assertion on
what is importable."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SERVER_ONLY = ("fastapi", "starlette", "uvicorn", "psycopg", "psycopg_pool")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def client_closure(requires: list[str]) -> set[str]:
    """The distributions `requires` needs (markers evaluated with no extra), transitively."""
    seen: set[str] = set()
    todo = list(requires)
    while todo:
        req = Requirement(todo.pop())
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        name = canonical(req.name)
        if name in seen:
            continue
        seen.add(name)
        todo.extend(metadata.distribution(name).requires or [])
    return seen


def link_distribution(name: str, site: Path) -> None:
    """Make an installed distribution importable in another venv, without copying it."""
    dist = metadata.distribution(name)
    base = Path(str(dist.locate_file("")))
    tops = {Path(str(f)).parts[0] for f in dist.files or []}
    for top in tops - {"..", "__pycache__"}:
        if (base / top).exists() and not (site / top).exists():
            (site / top).symlink_to(base / top)


@pytest.fixture(scope="module")
def lean_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("lean")
    src = tmp / "src"  # setuptools writes build/ and *.egg-info next to the sources
    shutil.copytree(ROOT, src, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", ".git", "__pycache__", "build", "*.egg-info", ".*_cache", "tests", "bench",
        "*.sqlite3*",
    ))  # fmt: skip
    wheels = tmp / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w",
                    str(wheels), str(src)], check=True, capture_output=True, timeout=300)  # fmt: skip
    (wheel,) = wheels.glob("cockpit-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)  # fmt: skip
    py = venv / "bin" / "python"
    subprocess.run([*pip, "--python", str(py), "install", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_path("
                                "'purelib'))"], check=True, capture_output=True, text=True,
                               timeout=60).stdout.strip())  # fmt: skip
    requires = subprocess.run(  # away from the project, whose cockpit.egg-info would answer
        [str(py), "-c", "from importlib.metadata import requires; print('\\n'.join(requires("
         "'cockpit')))"], check=True, capture_output=True, text=True, timeout=60, cwd=tmp,
    ).stdout.splitlines()  # fmt: skip
    for name in client_closure(requires):
        link_distribution(name, site)
    return venv


def run(venv: Path, tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["COCKPIT_CONFIG_DIR"] = str(tmp_path / "config")
    # Run away from the project: `python -c` would import its cockpit/ from the current folder.
    return subprocess.run([str(venv / "bin" / argv[0]), *argv[1:]], capture_output=True,
                          text=True, env=env, timeout=120, cwd=tmp_path)  # fmt: skip


def test_the_client_install_has_no_server_parts(lean_venv, tmp_path):
    for module in SERVER_ONLY:
        out = run(lean_venv, tmp_path, "python", "-c", f"import {module}")
        assert out.returncode == 1 and "ModuleNotFoundError" in out.stderr, module
    # ...and everything the client itself imports (textual, rich, sqlite_utils, httpx...).
    out = run(lean_venv, tmp_path, "python", "-c", "import cockpit.tui.app, cockpit.sync.engine,"
              " cockpit.cli.summary, tomli_w, platformdirs")  # fmt: skip
    assert out.returncode == 0, out.stderr


def test_the_everyday_commands_work(lean_venv, tmp_path):
    out = run(lean_venv, tmp_path, "cockpit", "--version")
    assert out.returncode == 0 and out.stdout.startswith("cockpit "), out.stderr
    db = str(tmp_path / "c.sqlite3")
    out = run(lean_venv, tmp_path, "cockpit", "--db", db, "declare", "Checkout down")
    assert out.returncode == 0, out.stderr
    out = run(lean_venv, tmp_path, "cockpit", "--db", db, "note", "INC-1", "rolled back")
    assert out.returncode == 0, out.stderr
    out = run(lean_venv, tmp_path, "cockpit", "--db", db, "timeline", "INC-1")
    assert "rolled back" in out.stdout, out.stderr


@pytest.mark.parametrize("argv", [
    ("serve",),
    ("serve", "token", "list"),
    ("serve", "token", "create", "--person", "a", "--team", "t"),
    ("serve", "new-epoch"),
])  # fmt: skip
def test_a_server_command_says_how_to_add_the_server(lean_venv, tmp_path, argv):
    out = run(lean_venv, tmp_path, "cockpit", *argv, "--database", str(tmp_path / "s.sqlite3"))
    assert out.returncode == 1
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and "pip install 'cockpit[server]'" in lines[0], out.stderr
    assert "Traceback" not in out.stderr


def test_cockpit_web_says_how_to_add_the_browser_view(lean_venv, tmp_path):
    db = str(tmp_path / "c.sqlite3")
    assert run(lean_venv, tmp_path, "cockpit", "--db", db, "declare", "Down").returncode == 0
    out = run(lean_venv, tmp_path, "cockpit", "--db", db, "web", "INC-1")
    assert out.returncode == 1
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and "pip install 'cockpit[web]'" in lines[0], out.stderr
