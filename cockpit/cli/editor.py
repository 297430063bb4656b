"""`--edit`: the person's own editor ($VISUAL, then $EDITOR) on a text, in a file of their own.

The file is private (0600, in the temporary folder) and is kept when anything goes wrong (the
editor fails, the text cannot be saved), and the message says where it is: nothing typed is
lost. The caller removes it once the text is saved (`Edited.done`).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from contextlib import suppress
from dataclasses import dataclass

from cockpit.cli.context import Failure, UsageError


@dataclass
class Edited:
    text: str
    path: str

    def done(self) -> None:
        with suppress(OSError):
            os.unlink(self.path)


def editor_command(interactive: bool) -> list[str]:
    """The editor's argv; `vi` when neither variable is set, and only at a terminal."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                argv = shlex.split(value)
            except ValueError as exc:
                raise UsageError(f"${name} cannot be read as a command ({exc}); fix it") from None
            if argv:
                return argv
    if not interactive:
        raise UsageError("--edit needs a terminal or $EDITOR; give the text, or pipe it in")
    return ["vi"]


def edit(text: str, *, interactive: bool, what: str = "update") -> Edited:
    """Open the editor on `text`; what the file says when it closes."""
    argv = editor_command(interactive)
    fd, path = tempfile.mkstemp(prefix=f"cockpit-{what}-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text if text.endswith("\n") else text + "\n")
    try:
        code = subprocess.call([*argv, path])
    except OSError as exc:
        raise Failure(f"cannot run the editor {argv[0]!r} ({exc.strerror or exc}); set $EDITOR; "
                      f"the text is in {path}") from None  # fmt: skip
    if code != 0:
        raise Failure(f"the editor exited with {code}; nothing saved; the text is in {path}")
    try:
        with open(path, encoding="utf-8") as f:
            edited = f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise Failure(f"cannot read back {path} ({exc}); nothing saved") from None
    if not edited.strip():
        with suppress(OSError):
            os.unlink(path)
        raise UsageError(f"the {what} is empty; nothing saved")
    return Edited(edited.rstrip("\n"), path)
