"""The sender: drains the update outbox of one cockpit file, and records what happened.

    sender = Sender(store, settings, clock, author="alice")
    wait = sender.step()     # send whatever is due now; seconds until the next is due (None: idle)
    sender.close()

Each (update, destination) of the outbox (cockpit/store/update_outbox.py) is sent once it is
due, and every outcome that a person needs to see becomes a `delivery` event, written to the
file like any entry (and synced, so every terminal shows it and none sends again):

- `sent` when the receiver took it; `failed` when it refused it for good (or the destination
  is not usable as configured, or the update was redacted first): neither is retried;
- `retrying` after the first failure and whenever the reason changes (not at every attempt:
  the timeline says "email failed: connection refused, retrying" once, not forty times); the
  attempts between are counted here, and a new sender goes on from the last one recorded;
- `given_up` once the destination's `give_up_after` minutes have passed since the update was
  posted (or asked again).

Nothing is lost: an update leaves the outbox only with a final delivery. Nothing is sent twice
to a receiver that honours the idempotency key: a sender killed between the receiver's answer
and the record sends again with the same key; a record that fails (the file busy) is written
later, and the update is not sent again meanwhile. The schedule is read from `clock`, so tests
drive it with a FakeClock; `step` never sleeps.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cockpit.comms import mentions, retry
from cockpit.comms.config import NotConfigured, Target, accepts, resolve
from cockpit.comms.destinations import Destination, Outgoing, Permanent, Transient, make
from cockpit.comms.scrub import scrub
from cockpit.comms_settings import without_secrets
from cockpit.core.clock import Clock
from cockpit.core.compose import new_event
from cockpit.core.delivery import Delivery, DeliveryStatus
from cockpit.core.display import safe, safe_multiline
from cockpit.core.events import Event
from cockpit.core.kinds import SUMMARY_KINDS
from cockpit.core.state import IncidentState
from cockpit.core.updates import render
from cockpit.core.vocabulary import audience_of
from cockpit.settings import DestinationSettings, Settings
from cockpit.store.errors import StoreError
from cockpit.store.store import Store
from cockpit.store.update_outbox import Job, ToSend, UpdateOutbox

if TYPE_CHECKING:
    from cockpit.comms.destinations.http import Poster

log = logging.getLogger("cockpit.comms")

Destinations = Mapping[str, DestinationSettings]
OnRecord = Callable[[Event], object]


@dataclass
class _Try:
    """What this sender knows of one (update, destination) beyond the log."""

    attempts: int  # failed attempts so far
    next_at: datetime
    since: datetime  # posted, or asked again: the give-up clock starts here
    recorded: str  # the failure detail last recorded ('' none)
    seen: datetime | None  # when the delivery in force when this began was recorded
    done: bool = False  # sent or settled; the record may still be waiting to be written
    text: ToSend | None = None  # what the first attempt here sent: every retry sends the same


@dataclass
class Result:
    """What one `step` did (for the CLI's line and the tests)."""

    sent: list[Job] = field(default_factory=list)
    failed: list[tuple[Job, str]] = field(default_factory=list)  # final: failed or given up
    retrying: list[tuple[Job, str]] = field(default_factory=list)  # failed now, queued again
    waiting: list[tuple[Job, str]] = field(default_factory=list)  # not tried now, with why


class Sender:
    def __init__(
        self,
        store: Store,
        settings: Settings | Callable[[], Destinations],
        clock: Clock,
        author: str,
        *,
        environ: Mapping[str, str] | None = None,
        rng: random.Random | None = None,
        transport: object = None,
        timeout_cap: float | None = None,
        on_record: OnRecord | None = None,
    ) -> None:
        self.store = store
        self.outbox = UpdateOutbox(store)
        self._settings = settings
        self.clock = clock
        self.author = author
        self.environ = environ
        self.rng = rng or random.Random()
        self.transport = transport
        self.timeout_cap = timeout_cap  # the CLI's: an attempt never takes longer than this
        self.on_record = on_record
        self.tries: dict[tuple[str, str], _Try] = {}
        self.unrecorded: list[Event] = []  # outcomes whose write failed: written first, next step
        self.last = Result()  # what the last step did
        self._poster: Poster | None = None
        self._made: dict[str, tuple[DestinationSettings, Destination]] = {}

    # ---- configuration ------------------------------------------------------------------------

    def destinations(self) -> Destinations:
        s = self._settings
        return s.destinations if isinstance(s, Settings) else s()

    def _secrets(self, configured: Destinations) -> list[str]:
        found: list[str] = []
        for name, d in configured.items():
            try:
                found.extend(resolve(name, d, self.environ).secrets)
            except NotConfigured:
                found.extend(s for s in (d.url, d.secret, d.smtp_password) if s)
        return found

    def _inherited(self) -> dict[str, str]:
        """A command destination's environment: this one, less every destination's secrets
        (read now: the config may have changed) and the cockpit's own settings."""
        environ = os.environ if self.environ is None else self.environ
        return without_secrets(environ, self.destinations(), cockpit_settings=True)

    def _poster_made(self) -> Poster:
        if self._poster is None:
            from cockpit.comms.destinations.http import Poster  # httpx: only when used

            self._poster = Poster(self.transport)  # type: ignore[arg-type]
        return self._poster

    def _destination(self, target: Target) -> Destination:
        d = target.settings
        if self.timeout_cap is not None and d.timeout > self.timeout_cap:
            d = d.model_copy(update={"timeout": self.timeout_cap})
            target = Target(target.name, d, target.url, target.secret, target.password)
        made = self._made.get(target.name)
        if made is None or made[0] != d:
            dest = make(target, self._poster_made, lambda: self.clock.now().timestamp(),
                        self._inherited)  # fmt: skip
            self._made[target.name] = made = (d, dest)
        return made[1]

    def close(self) -> None:
        for _, dest in self._made.values():
            dest.close()
        self._made.clear()
        if self._poster is not None:
            self._poster.close()
            self._poster = None

    # ---- sending --------------------------------------------------------------------------------

    def pending(self) -> list[Job]:
        """What the outbox holds now (every destination still waiting)."""
        return self.outbox.jobs()

    def step(self, *, force: bool = False, fresh_only: bool = False,
             deadline: float | None = None) -> float | None:  # fmt: skip
        """Send what is due (`force`: everything waiting; `fresh_only`: only what was never
        tried, as a command does before it exits; `deadline`: a `time.monotonic()` after which
        nothing more is begun). Returns the seconds until the next is due, None when nothing
        waits."""
        self.last = Result()
        self._flush_unrecorded()
        configured = self.destinations()
        secrets = self._secrets(configured)
        infos: dict[str, tuple[str, str, str]] = {}
        nearest: float | None = None
        for job in self.pending():
            now = self.clock.now()
            t = self._try(job, now)
            if t.done:
                continue
            never_tried = t.attempts == 0
            due = force or t.next_at <= now
            if (fresh_only and not never_tried) or not due or _past(deadline):
                self.last.waiting.append((job, t.recorded or "waiting"))
                wait = max((t.next_at - now).total_seconds(), 0.0)
                nearest = wait if nearest is None else min(nearest, wait)
                continue
            d = configured.get(job.destination)
            give_up = (d.give_up_after if d is not None else 60) * 60
            if not force and (now - t.since).total_seconds() > give_up:
                detail = t.recorded or f"not sent within {give_up // 60} min of posting"
                self._final(job, t, "given_up", max(t.attempts, 1), detail, secrets)
                continue
            if job.incident not in infos:
                infos[job.incident] = self._incident(job.incident)
            again = self._attempt(job, t, d, infos[job.incident], secrets)
            if again is not None:
                nearest = again if nearest is None else min(nearest, again)
        return nearest

    def _try(self, job: Job, now: datetime) -> _Try:
        t = self.tries.get(job.key)
        last = job.last
        asked_again = last is not None and last.attempt == 0
        if t is not None and not (asked_again and job.last_at != t.seen):
            return t
        since = job.asked_at or job.update.recorded_at  # the give-up clock starts here
        if last is None or asked_again:  # never tried, or a person asked for it again
            t = _Try(0, now, since, "", job.last_at)
        else:  # a sender before this one failed and recorded it: go on from there
            wait = retry.wait(last.attempt, self.rng)
            start = job.last_at or now
            t = _Try(last.attempt, start + timedelta(seconds=wait), since, last.detail,
                     job.last_at)  # fmt: skip
        self.tries[job.key] = t
        return t

    def _attempt(self, job: Job, t: _Try, d: DestinationSettings | None,
                 info: tuple[str, str, str], secrets: list[str]) -> float | None:  # fmt: skip
        attempt = t.attempts + 1
        body = job.body
        if d is None:
            detail = f"no destination named {job.destination!r} in this terminal's config"
            self._final(job, t, "failed", attempt, detail, secrets)
            return None
        if not accepts(d, body.audience):
            takes = ", ".join(d.audiences)
            self._final(job, t, "failed", attempt, f"takes {takes} updates only, not "
                        f"{body.audience}", secrets)  # fmt: skip
            return None
        chosen = self.outbox.to_send(job.update, job.destination)
        if chosen is None:
            self._final(job, t, "failed", attempt, "the update was redacted before it was sent",
                        secrets)  # fmt: skip
            return None
        if t.text is not None:  # tried already: the same text again, whatever came since
            chosen = replace(t.text, now=chosen.now)
        t.text = chosen
        try:
            target = resolve(job.destination, d, self.environ)
        except NotConfigured as exc:
            self._final(job, t, "failed", attempt, str(exc), secrets)
            return None
        out = self._outgoing(job, target.type, chosen.text, info, attempt)
        try:
            note = self._destination(target).send(out)
        except Transient as exc:
            return self._failed_for_now(job, t, attempt, exc.detail, exc.retry_after, secrets)
        except Permanent as exc:
            self._final(job, t, "failed", attempt, exc.detail, secrets)
            return None
        except Exception as exc:  # a destination's bug must not stop the others: retried
            log.exception("sending %s to %s", job.update.id, job.destination)
            detail = f"{type(exc).__name__}: {exc}"
            return self._failed_for_now(job, t, attempt, detail, None, secrets)
        # which text went, when the timeline shows another (the note first: it is cut at the end)
        self._final(job, t, "sent", attempt, "; ".join(n for n in (chosen.note(), note) if n),
                    secrets)  # fmt: skip
        return None

    def _outgoing(self, job: Job, kind: str, text: str, info: tuple[str, str, str],
                  attempt: int) -> Outgoing:  # fmt: skip
        body = job.body
        label, title, severity = info
        edited = body if text == body.text else body.model_copy(update={"text": text})
        # Controls made visible, then mentions and markup made inert for this receiver.
        rendered = mentions.escape(kind, safe_multiline(render(edited, kind, label=label)))
        audience = audience_of(body.audience)  # customers never see internal names
        return Outgoing(
            update_id=job.update.id, destination=job.destination,
            incident_id=job.incident, incident=label,
            # people's words beside the text too: controls shown, mentions broken
            title="" if audience.external else mentions.neutral(safe(title)),
            severity=severity, audience=audience.value,
            author=mentions.neutral(safe(job.update.author)),
            posted_at=job.update.at, text=rendered, attempt=attempt,
            stage=body.stage.value if body.stage else "",
        )  # fmt: skip

    def _failed_for_now(self, job: Job, t: _Try, attempt: int, detail: str,
                        retry_after: float | None, secrets: list[str]) -> float:  # fmt: skip
        clean = scrub(detail, secrets)
        t.attempts = attempt
        wait = retry.wait(attempt, self.rng, retry_after)
        t.next_at = self.clock.now() + timedelta(seconds=wait)
        self.last.retrying.append((job, clean))
        if clean != t.recorded:
            t.recorded = clean
            self._record(job, "retrying", attempt, clean)
        return wait

    def _final(self, job: Job, t: _Try, status: DeliveryStatus, attempt: int, detail: str,
               secrets: list[str]) -> None:  # fmt: skip
        clean = scrub(detail, secrets)
        t.done = True
        if status == "sent":
            self.last.sent.append(job)
        else:
            self.last.failed.append((job, clean))
        self._record(job, status, attempt, clean)

    def _record(self, job: Job, status: DeliveryStatus, attempt: int, detail: str) -> None:
        body = Delivery(update=job.update.id, destination=job.destination, status=status,
                        attempt=attempt, detail=detail)  # fmt: skip
        event = new_event(job.incident, self.author, body, self.clock)
        try:
            stored = self.store.append(event)
        except StoreError as exc:  # sent, but not yet written: written at the next step
            log.warning("cannot record the delivery of %s yet: %s", job.update.id, exc)
            self.unrecorded.append(event)
            return
        if self.on_record is not None:
            self.on_record(stored)

    def _flush_unrecorded(self) -> None:
        waiting, self.unrecorded = self.unrecorded, []
        for event in waiting:
            try:
                stored = self.store.append(event)
            except StoreError:
                self.unrecorded.append(event)
                continue
            if self.on_record is not None:
                self.on_record(stored)

    def _incident(self, incident_id: str) -> tuple[str, str, str]:
        """(INC-n, title, severity) as this file reads them now."""
        label = self.store.incident(incident_id).label
        state = IncidentState(incident_id)
        state.apply_all(self.store.events_of_kinds(SUMMARY_KINDS, incident_id))
        severity = state.severity.value if state.severity else ""
        return label, state.title, severity


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() >= deadline
