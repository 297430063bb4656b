"""The Store's reading queries: events in this file's arrival order, by incident, by kind, and
the cheap questions a poll asks ("anything new?"). A mixin of `cockpit.store.Store`, which
holds the connection, its lock and its readable errors (`_read`)."""

from __future__ import annotations

from collections.abc import Iterable

from cockpit.core.bulk import paused_gc
from cockpit.core.events import Event
from cockpit.core.state import IncidentState


def with_recorder(e: Event, recorded_by: str | None) -> Event:
    """The event as read, with who recorded it when not its author (kept beside it)."""
    return e.model_copy(update={"recorded_by": recorded_by}) if recorded_by else e


class Reads:
    def _read(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        raise NotImplementedError  # the Store's, under its lock

    def event(self, event_id: str) -> Event | None:
        rows = self._read("SELECT json, recorded_by FROM events WHERE id = ?", (event_id,))
        return with_recorder(Event.model_validate_json(rows[0][0]), rows[0][1]) if rows else None

    def events(self, incident_id: str, after_seq: int = 0) -> list[Event]:
        return [e for _, e in self.events_with_seq(incident_id, after_seq)]

    def events_with_seq(
        self, incident_id: str | None = None, after_seq: int = 0
    ) -> list[tuple[int, Event]]:
        """Events in this file's arrival order after a local cursor (all incidents if None)."""
        if incident_id is None:
            rows = self._read(
                "SELECT seq, json, recorded_by FROM events WHERE seq > ? ORDER BY seq",
                (after_seq,),
            )
        else:
            rows = self._read(
                "SELECT seq, json, recorded_by FROM events WHERE incident = ? AND seq > ? "
                "ORDER BY seq",
                (incident_id, after_seq),
            )
        validate = Event.model_validate_json
        with paused_gc():
            return [
                (seq, validate(js) if by is None else with_recorder(validate(js), by))
                for seq, js, by in rows
            ]

    def events_of_kinds(self, kinds: Iterable[str], incident_id: str | None = None) -> list[Event]:
        """Only the events of some kinds, in arrival order (an incident list needs no notes)."""
        kinds = tuple(kinds)
        marks = ", ".join("?" for _ in kinds)
        sql = f"SELECT json, recorded_by FROM events WHERE kind IN ({marks})"
        params: list[object] = list(kinds)
        if incident_id is not None:
            sql += " AND incident = ?"
            params.append(incident_id)
        rows = self._read(sql + " ORDER BY seq", params)
        return [with_recorder(Event.model_validate_json(js), by) for js, by in rows]

    def last_seq(self) -> int:
        return self._read("SELECT coalesce(max(seq), 0) FROM events")[0][0]

    def count(self, incident_id: str) -> int:
        return self._read("SELECT count(*) FROM events WHERE incident = ?", (incident_id,))[0][0]

    def latest_hlc(self) -> str | None:
        return self._read("SELECT max(hlc) FROM events")[0][0]

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file: a cheap "anything new?"."""
        return self._read("PRAGMA data_version")[0][0]

    def state(self, incident_id: str) -> IncidentState:
        state = IncidentState(incident_id)
        state.apply_all(self.events(incident_id))
        return state
