"""A writer process for the end-to-end tests: appends notes through the real Store, one
committed transaction each, and prints each id only after its append returned.

    python cli_writer.py DB INC-n COUNT AUTHOR [--wait-go]

With --wait-go it prints `ready` once the file is open and waits for a line on stdin, so that
several writers start at the same moment. COUNT 0 means forever (until killed).
"""

from __future__ import annotations

import itertools
import sys

from cockpit.core.clock import SystemClock
from cockpit.core.compose import new_event
from cockpit.store import Store


def main(argv: list[str]) -> int:
    db, ref, count, author = argv[:4]
    store = Store.open(db)
    incident = store.incident(ref).id
    clock = SystemClock()
    if "--wait-go" in argv:
        print("ready", flush=True)
        sys.stdin.readline()
    n = int(count)
    for i in itertools.count() if n == 0 else range(n):
        e = store.append(new_event(incident, author, {"kind": "note", "text": f"{author} {i}"},
                                   clock))  # fmt: skip
        print(e.id, flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
