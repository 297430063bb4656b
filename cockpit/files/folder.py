"""Reading a folder of a user's TOML files, and noticing when it changes.

`read_toml(folder, what, model)` validates each `*.toml` file with a pydantic model and
returns the good ones with one notice per bad one (`checklist x.toml skipped: items: ...`).
`FolderWatch` tells a running screen that a folder's files changed, for one `scandir`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def read_toml(
    folder: Path, what: str, model: type[M], suffixes: Iterable[str] = (".toml",)
) -> tuple[list[tuple[Path, M]], list[str]]:
    """Every file of the folder with one of `suffixes`, in name order, validated; a missing
    folder is no files. `what` names the kind of file in notices ("checklist")."""
    found: list[tuple[Path, M]] = []
    notices: list[str] = []
    if not folder.is_dir():
        return found, notices
    wanted = tuple(suffixes)
    for path in sorted(p for p in folder.iterdir() if p.name.endswith(wanted)):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            found.append((path, model.model_validate(data)))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            notices.append(f"{what} {path.name} skipped: cannot read it ({exc})")
        except ValidationError as exc:
            notices.append(f"{what} {path.name} skipped: {first_error(exc)}")
    return found, notices


def first_error(exc: ValidationError) -> str:
    """`where: what` for the first problem pydantic found, as one line."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "file"
    return f"{where}: {first['msg']}"


class FolderWatch:
    """Has anything in the folder been added, changed or removed since last asked?

    Compares names, sizes and modification times from one scandir (a file edited in place
    leaves the folder's own mtime as it was, so the folder's alone is not enough)."""

    def __init__(self, folder: Path, suffixes: Iterable[str] = (".toml",)) -> None:
        self.folder = folder
        self.suffixes = tuple(suffixes)
        self._seen = self._signature()  # as loaded when the watch started

    def _signature(self) -> tuple:
        try:
            with os.scandir(self.folder) as entries:
                return tuple(sorted(
                    (e.name, e.stat().st_size, e.stat().st_mtime_ns)
                    for e in entries if e.name.endswith(self.suffixes)
                ))  # fmt: skip
        except OSError:  # no folder (yet), or not readable: nothing of the user's
            return ()

    def changed(self) -> bool:
        now = self._signature()
        if now == self._seen:
            return False
        self._seen = now
        return True
