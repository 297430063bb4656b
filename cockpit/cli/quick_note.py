"""`cockpit note INC-n TEXT` from a script, without the event models or pydantic.

A bot posting deploy events pays a whole process per note, and loading the models, pydantic
and the settings model was most of it (issue 12: at most 5x a bare sqlite3 insert; see
bench/bench_cli_append.py). This is the plain case only, and it only ever goes ahead when it
would write exactly what the full path writes and nothing could go wrong that the full path
would have to explain:

- the words: `note INC TEXT` with `--kind`, `--link` and `--author`, the global `--db` and
  `--author`, spelt out in full; anything else (`--at`, standard input, `--help`, a flag it
  does not know, a value that looks like a flag) is the full path's;
- the input: a known entry kind, text and names that the models take as they are (checked
  here with the models' own limits, core/limits.py; tests/cli/test_quick_note.py holds the two
  equal); anything the full path would refuse is refused there, with its message;
- the configuration: no file, or one holding only settings that any string satisfies (name,
  db, theme, and server tokens), and only those COCKPIT_* variables; anything else (a time
  zone, a table, a typo) is the full path's, which validates it and names what is wrong;
- the file: see store/quick_append.py (not damaged, not joined to a server, the incident
  there); otherwise it raises NotQuick having written nothing.

`quick_note(argv)` returns the exit code, or None: run the full command.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from cockpit.config_paths import config_path, os_user
from cockpit.core.limits import MAX_NAME, MAX_TEXT

GLOBAL_FLAGS = ("--db", "--author", "--theme")
NOTE_FLAGS = ("--kind", "--link", "--author")
SCALAR_SETTINGS = ("name", "db", "theme")  # plain `str` fields of cockpit.settings.Settings
QUIET_VARIABLES = frozenset({"COCKPIT_NAME", "COCKPIT_DB", "COCKPIT_THEME", "COCKPIT_CONFIG_DIR",
                             "COCKPIT_TOKEN", "COCKPIT_DEBUG"})  # fmt: skip


def quick_note(argv: Sequence[str]) -> int | None:
    words = _words(argv)
    if words is None:
        return None
    flags, incident, text, options = words
    config = _settings()
    if config is None:
        return None
    kind = options.get("--kind", "note").strip().lower()
    link = options.get("--link", "").strip()
    recorder = flags.get("--author", "").strip() or config.get("name", "").strip() or os_user()
    author = options.get("--author", "").strip() or recorder
    if not (_entry_kind(kind) and _text(text) and _utf8(link) and _name(author)
            and _utf8(recorder)):  # fmt: skip
        return None
    from cockpit.core.clock import SystemClock
    from cockpit.core.plain_json import entry_json
    from cockpit.store import location
    from cockpit.store.quick_append import NotQuick, append_entry

    now = SystemClock().now()
    path = location.resolve(flags.get("--db") or config.get("db") or None)
    try:
        event_id = append_entry(
            path, incident, kind=kind, author=author, recorder=recorder, now=now,
            make_json=lambda eid, inc, clock: entry_json(eid, inc, author, now, now, clock,
                                                         kind, text, link),
        )  # fmt: skip
    except NotQuick:
        return None
    return _say_id(event_id)  # committed: whatever happens now, the full path must not run


def _words(argv: Sequence[str]) -> tuple[dict[str, str], str, str, dict[str, str]] | None:
    """(global flags, INC, TEXT, the note's flags) for the plain form; None for any other."""
    flags: dict[str, str] = {}
    options: dict[str, str] = {}
    positionals: list[str] = []
    words = list(argv)
    i, seen_note = 0, False
    while i < len(words):
        word = words[i]
        if not word.startswith("-") or word == "-":
            if not seen_note:
                if word != "note":
                    return None
                seen_note = True
            else:
                positionals.append(word)
            i += 1
            continue
        name, eq, value = word.partition("=")
        known = NOTE_FLAGS if seen_note else GLOBAL_FLAGS
        target = options if seen_note else flags
        if name not in known or name in target:
            return None
        if not eq:
            if i + 1 >= len(words) or words[i + 1].startswith("-"):
                return None
            value, i = words[i + 1], i + 1
        target[name] = value
        i += 1
    if not seen_note or len(positionals) != 2 or positionals[1] == "-":
        return None
    return flags, positionals[0], positionals[1], options


def _settings() -> dict[str, str] | None:
    """The settings a note needs, when the configuration is one the model takes as it is."""
    if any(k.startswith("COCKPIT_") and k not in QUIET_VARIABLES for k in os.environ):
        return None
    config: dict[str, str] = {}
    path = config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError:
        return None
    if raw is not None:
        import tomllib

        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
        for key, value in data.items():
            if key in SCALAR_SETTINGS and isinstance(value, str):
                config[key] = value
            elif key == "servers" and _servers(value):
                continue
            else:
                return None
    for key in SCALAR_SETTINGS:
        value = os.environ.get(f"COCKPIT_{key.upper()}")
        if value is not None:
            config[key] = value
    return config


def _servers(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(server, dict) and set(server) <= {"token"}
        and all(isinstance(t, str) for t in server.values())
        for server in value.values()
    )  # fmt: skip


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _entry_kind(kind: str) -> bool:
    from cockpit.core.kinds import ENTRY_KINDS

    return kind in ENTRY_KINDS


def _text(text: str) -> bool:
    return bool(text.strip()) and len(text) <= MAX_TEXT and _utf8(text)


def _name(name: str) -> bool:
    return 1 <= len(name) <= MAX_NAME and _utf8(name)


def _say_id(event_id: str) -> int:
    from cockpit.core.ids import short

    try:
        print(short(event_id))
        sys.stdout.flush()
    except BrokenPipeError:  # `cockpit note ... | head -0`: saved; nobody wants the id
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    return 0
