"""What `cockpit sync` says about entries the server refused: one line each (short id, kind,
first words, the server's reason), and `--resend ID|all`, which sends a copy as a new event
once the cause is fixed (SyncBook.resend in cockpit/store/outbox.py)."""

from __future__ import annotations

from datetime import tzinfo

from cockpit.cli.context import Context, Failure, UsageError
from cockpit.cli.output import kind_label
from cockpit.core.display import safe
from cockpit.core.ids import short
from cockpit.store.outbox import Refused, SyncBook
from cockpit.store.store import Store

FIRST_WORDS = 8
MAX_WORDS_CHARS = 60
HINT = "`cockpit sync --resend ID` (or `all`) sends a copy once the cause is fixed"


def first_words(text: str) -> str:
    words = text.split()
    head = " ".join(words[:FIRST_WORDS])
    if len(words) > FIRST_WORDS or len(head) > MAX_WORDS_CHARS:
        head = head[:MAX_WORDS_CHARS].rstrip() + "…"
    return head


def line(r: Refused, tz: tzinfo, label: str = "") -> str:
    e = r.event
    where = f"{label}  " if label else ""
    words = safe(first_words(e.body.describe(tz=tz)))
    return f"{where}{short(e.id)}  {kind_label(e.kind):<10}  {words}  — refused: {safe(r.reason)}"


def pending(store: Store, incidents: list[str] | None) -> list[Refused]:
    return [r for r in SyncBook(store).refused() if incidents is None or r.event.incident
            in incidents]  # fmt: skip


def lines(store: Store, incidents: list[str] | None, tz: tzinfo) -> list[str]:
    """The refused entries, one line each, under a line that says what to do; [] if none."""
    items = pending(store, incidents)
    if not items:
        return []
    several = len({r.event.incident for r in items}) > 1
    labels = {i.id: i.label for i in store.incidents()} if several else {}
    head = f"{len(items)} entr{'y' if len(items) == 1 else 'ies'} the server refused (kept "
    head += f"here, marked in the timeline); {HINT}:"
    return [head, *(line(r, tz, labels.get(r.event.incident, "")) for r in items)]


def resend(ctx: Context, store: Store, which: str, incidents: list[str] | None) -> list[str]:
    """Send again `which` (a short or full id, or `all`) as new events; a line for each."""
    items = pending(store, incidents)
    if not items:
        raise Failure("no refused entries to send again; `cockpit sync` lists them when there are")
    wanted = which.strip().lower()
    if wanted != "all":
        digits = wanted.replace("-", "")
        items = [r for r in items if r.event.id == wanted
                 or (len(digits) >= 4 and r.event.id.replace("-", "").endswith(digits))]  # fmt: skip
        if not items:
            raise Failure(f"no refused entry {safe(which)!r}; `cockpit sync` lists them with "
                          "their ids")  # fmt: skip
        if len(items) > 1:
            ids = ", ".join(short(r.event.id) for r in items[:5])
            raise UsageError(f"{safe(which)!r} matches several refused entries ({ids}); give "
                             "more digits")  # fmt: skip
    author = ctx.author
    if len(author) > 200:
        raise UsageError("the author name is longer than 200 characters; pass a shorter --author")
    done = SyncBook(store, ctx.clock).resend(items, author)
    return [f"{short(old.id)} sent again as {short(new.id)} (by {safe(author)})"
            for old, new in done]  # fmt: skip
