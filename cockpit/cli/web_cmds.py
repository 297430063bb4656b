"""`cockpit web`: a follower's cockpit in a browser, for anyone on the call without a terminal.

    cockpit web                 # the open incident of this file
    cockpit web INC-3           # one of this file's incidents
    cockpit web URL ID          # a server's incident (a `read` token is enough)

Read-only only: each browser runs a `cockpit watch` of its own here (textual-serve starts one
process per session, with this process's environment), so a session that could write would
act as the host. Secure by default: 127.0.0.1, a secret link exchanged for a cookie, the
websocket's Origin checked, at most --max-sessions at once (cockpit/web/ says how).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from typing import Any

from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.extras import needs_extras
from cockpit.cli.output import say
from cockpit.core.display import safe

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(subs: argparse._SubParsersAction) -> None:
    p = subs.add_parser(
        "web",
        help="serve a read-only cockpit to browsers, behind a secret link",
        description="Serve a follower's cockpit (read-only) to browsers: anyone with the link "
        "it prints can watch the incident live. Binds 127.0.0.1 unless --host says otherwise.",
    )
    p.add_argument("source", metavar="INC|URL", nargs="?",
                   help="INC-3 of this file (default: the open incident), or a server's URL")  # fmt: skip
    p.add_argument("incident", metavar="ID", nargs="?",
                   help="with a URL: the incident's id there (`cockpit join URL` lists them)")  # fmt: skip
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; anything wider needs TLS in "
                   "front, a reverse proxy)")  # fmt: skip
    p.add_argument("--port", type=int, default=8710, help="port (default 8710; 0 picks one)")
    p.add_argument("--public-url", default="", metavar="URL",
                   help="the address browsers use, behind a reverse proxy (https://...)")  # fmt: skip
    p.add_argument("--max-sessions", type=int, default=10, metavar="N",
                   help="browsers at once (default 10; each runs a cockpit process here)")  # fmt: skip
    p.add_argument("--theme", default=argparse.SUPPRESS, help="the browsers' colour theme")
    p.set_defaults(func=cmd_web)


@needs_extras("web")
def cmd_web(ctx: Context, args: argparse.Namespace) -> int:
    import importlib.util

    from cockpit.web.gate import Gate, origins_for
    from cockpit.web.launch import Backend, bind, session_environment

    if importlib.util.find_spec("textual_serve") is None:  # the extra, before anything starts
        raise ModuleNotFoundError("no textual_serve", name="textual_serve")
    _check(args)
    path, label, title, incident_id, pull_url = _target(ctx, args)
    command = [sys.executable, "-m", "cockpit", "--db", str(path)]
    if getattr(args, "theme", None):
        command += ["--theme", args.theme]
    if args.tz:
        command += ["--tz", args.tz]
    command += ["watch", label]
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        raise Failure(f"cannot listen on {safe(args.host)}:{args.port} ({exc.strerror or exc}); "
                      "--port 0 picks a free port") from None  # fmt: skip
    gate = Gate(tuple(origins_for(args.host, sock.getsockname()[1], args.public_url)))
    # textual-serve's process starts now, while this one imports the proxy's aiohttp.
    env = session_environment(os.environ, ctx.settings.destinations)  # no secret of the config
    backend = Backend(command, f"{label} {title} (cockpit, watching)", gate.public_origin,
                      env).spawn()  # fmt: skip
    try:
        return _serve(ctx, args, sock, gate, backend, (label, title, incident_id, path, pull_url))
    finally:
        backend.stop()
        sock.close()


def _serve(ctx: Context, args: argparse.Namespace, sock: Any, gate: Any, backend: Any,
           what: tuple[str, str, str, Any, str]) -> int:  # fmt: skip
    import asyncio

    from cockpit.web.serve import WebOptions, serve

    label, title, incident_id, path, pull_url = what

    def ready(link: str, proxy: Any) -> None:
        say(f"cockpit web: {label} {safe(title)!r}, read-only, for up to {args.max_sessions} "
            "browsers at once", err=True)  # fmt: skip
        say("anyone with this link can watch it until you stop this (Ctrl-C):", err=True)
        say(link, flush=True)
        if args.host not in LOOPBACK:
            say(f"cockpit web: listening on {safe(args.host)}, beyond this machine: put TLS in "
                "front (a reverse proxy) and pass --public-url https://...; without it the "
                "link's key and the cookie cross the network in clear", err=True)  # fmt: skip

    options = WebOptions(
        max_sessions=args.max_sessions, ready=ready,
        say=lambda line: say(f"cockpit web: {line}", err=True, flush=True),
    )  # fmt: skip
    puller = _pull(ctx, path, incident_id, pull_url, options.say) if pull_url else None
    try:
        asyncio.run(serve(options, sock, gate, backend))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        raise Failure(f"cockpit web could not start: {exc}") from None
    finally:
        if puller is not None:
            puller.stop()
            puller.join(5)
    return 0


def _check(args: argparse.Namespace) -> None:
    if not 1 <= args.max_sessions <= 100:
        raise UsageError("--max-sessions is between 1 and 100 (each is a process here)")
    if not 0 <= args.port <= 65535:
        raise UsageError("--port is between 0 and 65535 (0 picks a free one)")
    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        raise UsageError(
            "--public-url is the address browsers use, e.g. https://cockpit.example.com"
        )


def _target(ctx: Context, args: argparse.Namespace) -> tuple[Any, str, str, str, str]:
    """(file, label, title, incident id, URL to pull from or "")."""
    from cockpit.cli.watch_source import open_watched
    from cockpit.store.outbox import SyncBook

    source = args.source
    if source is None:
        if not ctx.db_path.exists():
            raise Failure(f"no cockpit file at {ctx.db_path}; name the incident, or --db")
        source = _the_open_incident(ctx)
    store, label, url = open_watched(ctx, source, args.incident)
    with store:
        ref = store.incident(label)
        title = store.state(ref.id).title
        link = SyncBook(store).link(ref.id)
    # A server's incident, or one of this file joined to a server: one pull for every browser
    # (none of them pushes), so they follow it even with no cockpit open here.
    pull_url = url or (link.url if link is not None else "")
    return store.path, label, title, ref.id, pull_url


def _the_open_incident(ctx: Context) -> str:
    from cockpit.store.read_only import ReadOnlyStore
    from cockpit.tui.incidents import open_incidents

    with ReadOnlyStore.open(ctx.db_path) as store:
        found = open_incidents(store)
    if len(found) == 1:
        return found[0].label
    if not found:
        raise Failure("no open incident in this file; name one: `cockpit web INC-n`")
    names = ", ".join(s.label for s in found[:8])
    raise UsageError(f"several incidents are open ({names}); name one: `cockpit web INC-n`")


def _pull(ctx: Context, path: Any, incident: str, url: str, tell: Any) -> Any:
    """A pull-only sync engine on its own thread, into the file the browsers follow."""
    from cockpit.sync.engine import SyncEngine
    from cockpit.sync.thread import EngineRunner

    last: list[str] = []

    def status(_incident: str, st: Any) -> None:
        line = st.line(ctx.tz)
        if not last or last[-1] != line:
            last.append(line)
            tell(line)

    runner = EngineRunner(lambda: SyncEngine(path, token=ctx.settings.token_for, clock=ctx.clock,
                                             incidents=[incident], push=False, on_status=status))  # fmt: skip
    threading.Thread(target=runner.run, name="cockpit-web-pull", daemon=True).start()
    return runner
