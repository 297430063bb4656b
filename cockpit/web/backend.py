"""The textual-serve process behind cockpit's proxy:

    python -m cockpit.web.backend PORT PUBLIC_URL TITLE COMMAND

It listens on 127.0.0.1:PORT only (the proxy is the way in, serve.py picks the port) and runs
COMMAND, a `cockpit watch`, for each browser session; the pages it makes name PUBLIC_URL, the
proxy's. Quiet: textual-serve's banner and per-request log stay out of the host's terminal
(the proxy says what matters); warnings and errors go to standard error.
"""

from __future__ import annotations

import logging
import sys


def main(argv: list[str]) -> int:
    from rich.console import Console
    from textual_serve.server import Server

    port, public_url, title, command = argv

    class QuietServer(Server):
        def initialize_logging(self) -> None:  # documented as the method to override
            logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                                format="cockpit web (textual-serve): %(message)s")  # fmt: skip

    server = QuietServer(command, host="127.0.0.1", port=int(port), title=title,
                         public_url=public_url)  # fmt: skip
    server.console = Console(stderr=True, quiet=True)  # its banner
    server.serve()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
