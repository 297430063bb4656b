"""What a follower opens (`cockpit watch`, `cockpit web`): a local incident, or a server's.

A local incident (`INC-3`) is read from the user's own file, opened read-only. A server's
(`URL ID`) is pulled into a file of the follower's own, one per server in the user data folder
(`store.location.watch_cache` says why), and read from there: the first pull happens here, so
the screen opens on the incident, not on an empty page; later ones run beside the screen.
"""

from __future__ import annotations

import os
from pathlib import Path

from cockpit.cli.context import Context, Failure, UsageError
from cockpit.core.display import safe
from cockpit.store.read_only import ReadOnlyStore

FIRST_PULL_SECONDS = 10.0


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def open_watched(ctx: Context, source: str, incident: str | None) -> tuple[ReadOnlyStore, str, str]:
    """(the file, read-only; the incident's label in it; the server's URL or "")."""
    if is_url(source):
        path, label = pull_first(ctx, source, incident)
        return ReadOnlyStore.open(path), label, source.rstrip("/")
    if incident:
        raise UsageError("`cockpit watch INC-n` follows one incident of this file; a server's "
                         "is `cockpit watch URL ID`")  # fmt: skip
    if not ctx.db_path.exists():
        raise Failure(f"no cockpit file at {ctx.db_path}; pass --db with the file to watch")
    store = ReadOnlyStore.open(ctx.db_path)
    try:
        return store, store.incident(source).label, ""
    except BaseException:
        store.close()
        raise


def pull_first(ctx: Context, url: str, incident: str | None,
               timeout: float = FIRST_PULL_SECONDS) -> tuple[Path, str]:  # fmt: skip
    """Pull a server's incident into this user's follower file for that server (nothing is
    ever pushed from it); its path and the incident's label there. A server that cannot be
    reached is fine if an earlier watch left a copy: the screen says it is offline."""
    from cockpit.cli.join_cmds import LOCAL_REF, check_url
    from cockpit.store import location
    from cockpit.store.outbox import SyncBook
    from cockpit.store.store import Store
    from cockpit.sync.once import run_once

    url = check_url(url)
    if not incident:
        raise UsageError(f"name the incident: `cockpit watch {url} ID` (`cockpit join {url}` "
                         "lists the server's incidents and their ids)")  # fmt: skip
    if LOCAL_REF.match(incident.strip()):
        raise UsageError(f"{safe(incident)!r} is a number in one file; the server knows its "
                         f"incidents by id: `cockpit join {url}` lists them")  # fmt: skip
    token = ctx.settings.token_for(url)
    if not token:
        raise UsageError(f"no token for {url}: set COCKPIT_TOKEN (a `read` token is enough; "
                         "its admin makes one with `cockpit serve token create --permission "
                         "read`)")  # fmt: skip
    path = location.watch_cache(url)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)  # the copies of incidents: for this user's eyes only
    with Store.open(path, create=True) as cache:
        ref = cache.ensure_incident(incident.strip(), ctx.clock.now())
        SyncBook(cache, ctx.clock).join(ref.id, url)
        status = run_once(cache, token, [ref.id], timeout=timeout, push=False)[ref.id]
        held = cache.count(ref.id)
    if not held and "may not see it" in status.detail:  # missing, or restricted to others
        raise Failure(f"no incident {safe(incident)} on {url} (or you may not see it: a "
                      "restricted incident shows only to the people named on it); "
                      f"`cockpit join {url}` lists those you may see")  # fmt: skip
    if not held:
        raise Failure(f"nothing to watch: {status.line(ctx.tz)} (is {safe(incident)} an id "
                      f"that `cockpit join {url}` lists?)")  # fmt: skip
    return path, ref.label
