"""The file's schema and its migrations, from the first release on.

Each migration takes the file from version N-1 to N inside one transaction. Never edit a
released migration: add the next one. `meta` says which app wrote the file and its version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

APP = "cockpit"


def _v1(db: sqlite_utils.Database) -> None:
    db.table("incidents").create(
        {"id": str, "number": int, "created_at": str},
        pk="id",
        not_null={"number", "created_at"},
    )
    db.table("incidents").create_index(["number"], unique=True)
    # seq: this file's own order of arrival (the cursor for "what is new since I last looked").
    db.execute(
        """
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            incident TEXT NOT NULL REFERENCES incidents(id),
            kind TEXT NOT NULL,
            author TEXT NOT NULL,
            at TEXT NOT NULL,
            hlc TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT 'local',
            json TEXT NOT NULL
        )
        """
    )
    db.table("events").create_index(["incident", "seq"])
    db.table("events").create_index(["hlc"])
    # drafts: what was typed but not yet saved, so that a crash loses nothing.
    db.table("drafts").create(
        {"incident": str, "slot": str, "text": str, "updated_at": str},
        pk=("incident", "slot"),
    )


def _v2(db: sqlite_utils.Database) -> None:
    """Sync bookkeeping (cockpit/store/outbox.py): which incidents are joined to a server, the
    pull cursor, and what became of each local event pushed (the outbox is every local event
    of a joined incident without a row in sync_pushed)."""
    db.execute(
        """
        CREATE TABLE sync_links (
            incident TEXT PRIMARY KEY REFERENCES incidents(id),
            url TEXT NOT NULL,
            epoch TEXT NOT NULL DEFAULT '',
            cursor INTEGER NOT NULL DEFAULT 0,
            pushed_upto INTEGER NOT NULL DEFAULT 0,
            paused TEXT NOT NULL DEFAULT '',
            joined_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE sync_pushed (
            event_id TEXT PRIMARY KEY,
            incident TEXT NOT NULL,
            status TEXT NOT NULL,
            seq INTEGER,
            reason TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        )
        """
    )
    db.table("sync_pushed").create_index(["incident", "status"])


def _v3(db: sqlite_utils.Database) -> None:
    """Indexes for opening a large incident fast: its state-setting events by kind, and its
    latest entries by time (the screen shows those first and reads the rest after)."""
    db.table("events").create_index(["incident", "kind"], if_not_exists=True)
    db.table("events").create_index(["incident", "at"], if_not_exists=True)


# The views of _v4, as they were then (a later migration replaces a view, never this text).
_V4_VIEWS = (
    """
    CREATE VIEW incident_overview AS
    SELECT
        'INC-' || i.number AS incident,
        i.id AS incident_id,
        coalesce(
            (SELECT coalesce(json_extract(f.json, '$.body.value_'), json_extract(f.json, '$.body.value'))
             FROM events f WHERE f.incident = i.id AND f.kind = 'field_set'
               AND json_extract(f.json, '$.body.field') = 'title'
             ORDER BY f.hlc DESC, f.id DESC LIMIT 1),
            json_extract(d.json, '$.body.title')) AS title,
        coalesce(
            (SELECT json_extract(s.json, '$.body.severity') FROM events s
             WHERE s.incident = i.id AND s.kind = 'severity_set'
             ORDER BY s.hlc DESC, s.id DESC LIMIT 1),
            json_extract(d.json, '$.body.severity')) AS severity,
        coalesce(
            (SELECT json_extract(p.json, '$.body.phase') FROM events p
             WHERE p.incident = i.id AND p.kind = 'phase_set'
             ORDER BY p.hlc DESC, p.id DESC LIMIT 1),
            'declared') AS phase,
        coalesce(
            (SELECT coalesce(json_extract(f.json, '$.body.value_'), json_extract(f.json, '$.body.value'))
             FROM events f WHERE f.incident = i.id AND f.kind = 'field_set'
               AND json_extract(f.json, '$.body.field') = 'service'
             ORDER BY f.hlc DESC, f.id DESC LIMIT 1),
            json_extract(d.json, '$.body.service')) AS service,
        d.at AS declared_at,
        d.author AS declared_by,
        (SELECT count(*) FROM events n WHERE n.incident = i.id
           AND n.kind IN ('note', 'decision', 'evidence', 'action', 'hypothesis', 'question'))
           AS entries,
        (SELECT max(l.at) FROM events l WHERE l.incident = i.id) AS last_at
    FROM incidents i
    LEFT JOIN events d ON d.id = (
        SELECT x.id FROM events x WHERE x.incident = i.id AND x.kind = 'incident_declared'
        ORDER BY x.at, x.hlc, x.id LIMIT 1)
    """,
    """
    CREATE VIEW entries AS
    WITH edits AS (
        SELECT json_extract(json, '$.body.target') AS target,
               json_extract(json, '$.body.text') AS text,
               row_number() OVER (PARTITION BY json_extract(json, '$.body.target')
                                  ORDER BY hlc DESC, id DESC) AS newest
        FROM events WHERE kind = 'entry_edited'
    ), redacted AS (
        SELECT DISTINCT json_extract(json, '$.body.target') AS target
        FROM events WHERE kind = 'entry_redacted'
    )
    SELECT
        'INC-' || i.number AS incident,
        e.at,
        e.author,
        e.kind,
        CASE WHEN r.target IS NOT NULL THEN NULL
             ELSE coalesce(ed.text, json_extract(e.json, '$.body.text')) END AS text,
        CASE WHEN r.target IS NOT NULL THEN NULL
             ELSE nullif(json_extract(e.json, '$.body.link'), '') END AS link,
        ed.target IS NOT NULL AS edited,
        r.target IS NOT NULL AS redacted,
        json_extract(e.json, '$.recorded_at') AS recorded_at,
        e.id,
        e.incident AS incident_id,
        e.seq
    FROM events e
    JOIN incidents i ON i.id = e.incident
    LEFT JOIN edits ed ON ed.target = e.id AND ed.newest = 1
    LEFT JOIN redacted r ON r.target = e.id
    WHERE e.kind IN ('note', 'decision', 'evidence', 'action', 'hypothesis', 'question')
    """,
    """
    CREATE VIEW milestones AS
    SELECT
        'INC-' || i.number AS incident,
        e.at,
        e.author,
        e.kind,
        CASE e.kind
            WHEN 'incident_declared' THEN json_extract(e.json, '$.body.title')
            WHEN 'severity_set' THEN json_extract(e.json, '$.body.severity')
            WHEN 'phase_set' THEN json_extract(e.json, '$.body.phase')
            WHEN 'role_assigned' THEN json_extract(e.json, '$.body.role') || ': '
                                      || json_extract(e.json, '$.body.person')
            WHEN 'role_released' THEN json_extract(e.json, '$.body.role') || ': '
                                      || json_extract(e.json, '$.body.person')
            WHEN 'mitigation_started' THEN json_extract(e.json, '$.body.what')
            WHEN 'mitigation_outcome' THEN json_extract(e.json, '$.body.outcome')
            WHEN 'status_update' THEN json_extract(e.json, '$.body.text')
        END AS what,
        nullif(coalesce(json_extract(e.json, '$.body.reason'), json_extract(e.json, '$.body.note'),
                        ''), '') AS why,
        e.id,
        e.incident AS incident_id,
        e.seq
    FROM events e
    JOIN incidents i ON i.id = e.incident
    WHERE e.kind IN ('incident_declared', 'severity_set', 'phase_set', 'role_assigned',
                     'role_released', 'mitigation_started', 'mitigation_outcome', 'status_update')
      AND e.id NOT IN (SELECT json_extract(json, '$.body.target') FROM events
                       WHERE kind = 'entry_redacted')
    """,
)


def _v4(db: sqlite_utils.Database) -> None:
    """Read-only views for people and their tools (`sqlite-utils query`, Datasette; README,
    "Querying the history"): `incident_overview` (title, severity, phase and service now, by
    the same last-writer-wins as the screen), `entries` (the timeline's entries with their
    text as it reads now: the newest edit, none for a redacted one) and `milestones`
    (declared, severity, phase, roles, mitigations, status updates). Views, not tables: they
    cost nothing on the write path and are always current; SQLite's json_extract reads the
    events as they are stored. Views rather than CREATE VIEW IF NOT EXISTS at every open: a
    command's open stays read-only and free, and the views change only with the schema."""
    for sql in _V4_VIEWS:
        db.execute(sql)


def _v5(db: sqlite_utils.Database) -> None:
    """Sync integrity (../shared/SYNC.md).

    - `events.recorded_by`: who recorded an event when it is not its author (a scribe's or a
      bot's `--author`: this terminal's configured name; from the server: who pushed it).
      NULL when the author recorded it. Metadata beside the event, never in its JSON; the
      `entries` and `milestones` views show it.
    - `events.kind` is 'unknown' for an event this cockpit does not understand (a newer
      one's kind or field): its JSON keeps the real kind. A release that learns a kind
      re-reads those rows in a migration and gives them their kind.
    - `sync_set_aside`: what the server sent that was not stored: a different event under an
      id this file already holds (a stored event is never replaced), or one that is not
      valid; with the reason, who pushed it and when it was set aside.
    - `sync_links.cursor_id`: the id of the event at the pull cursor, so that a server
      restored from a backup without a new epoch is noticed (that seq holds another event).
    - `sync_pushed` by seq: each acknowledged seq is checked against what later pulls show.
    """
    db.execute("ALTER TABLE events ADD COLUMN recorded_by TEXT")
    db.execute("ALTER TABLE sync_links ADD COLUMN cursor_id TEXT NOT NULL DEFAULT ''")
    db.execute(
        """
        CREATE TABLE sync_set_aside (
            n INTEGER PRIMARY KEY AUTOINCREMENT,
            incident TEXT NOT NULL,
            event_id TEXT NOT NULL,
            seq INTEGER,
            reason TEXT NOT NULL,
            pushed_by TEXT NOT NULL DEFAULT '',
            json TEXT NOT NULL,
            digest TEXT NOT NULL,
            at TEXT NOT NULL,
            UNIQUE (incident, event_id, digest)
        )
        """
    )
    db.table("sync_pushed").create_index(["incident", "seq"])
    # The views of _v4 with who recorded each row beside its author.
    for name, text in (("entries", _V4_VIEWS[1]), ("milestones", _V4_VIEWS[2])):
        with_recorder = text.replace("e.author,\n", "e.author,\n        e.recorded_by,\n", 1)
        assert with_recorder != text, f"the {name} view no longer reads as it did"
        db.execute(f"DROP VIEW {name}")
        db.execute(with_recorder)


# The `milestones` view of _v6: the incident's shape (milestones, pages and their answers) too.
_V6_MILESTONES = """
    CREATE VIEW milestones AS
    SELECT
        'INC-' || i.number AS incident,
        e.at,
        e.author,
        e.recorded_by,
        e.kind,
        CASE e.kind
            WHEN 'incident_declared' THEN json_extract(e.json, '$.body.title')
            WHEN 'severity_set' THEN json_extract(e.json, '$.body.severity')
            WHEN 'phase_set' THEN json_extract(e.json, '$.body.phase')
            WHEN 'role_assigned' THEN json_extract(e.json, '$.body.role') || ': '
                                      || json_extract(e.json, '$.body.person')
            WHEN 'role_released' THEN json_extract(e.json, '$.body.role') || ': '
                                      || json_extract(e.json, '$.body.person')
            WHEN 'mitigation_started' THEN json_extract(e.json, '$.body.what')
            WHEN 'mitigation_outcome' THEN json_extract(e.json, '$.body.outcome')
            WHEN 'status_update' THEN json_extract(e.json, '$.body.text')
            WHEN 'milestone' THEN json_extract(e.json, '$.body.name')
                || coalesce(' (' || nullif(json_extract(e.json, '$.body.component'), '') || ')', '')
                || coalesce(', ' || json_extract(e.json, '$.body.level'), '')
                || coalesce(', by ' || json_extract(e.json, '$.body.how'), '')
            WHEN 'person_paged' THEN 'paged: ' || json_extract(e.json, '$.body.person')
            WHEN 'page_acknowledged' THEN 'answered: ' || json_extract(e.json, '$.body.person')
        END AS what,
        nullif(coalesce(json_extract(e.json, '$.body.reason'), json_extract(e.json, '$.body.note'),
                        CASE WHEN e.kind = 'milestone' THEN json_extract(e.json, '$.body.text') END,
                        ''), '') AS why,
        e.id,
        e.incident AS incident_id,
        e.seq
    FROM events e
    JOIN incidents i ON i.id = e.incident
    WHERE e.kind IN ('incident_declared', 'severity_set', 'phase_set', 'role_assigned',
                     'role_released', 'mitigation_started', 'mitigation_outcome', 'status_update',
                     'milestone', 'person_paged', 'page_acknowledged')
      AND e.id NOT IN (SELECT json_extract(json, '$.body.target') FROM events
                       WHERE kind = 'entry_redacted')
    """


def _v6(db: sqlite_utils.Database) -> None:
    """The incident's shape (closing issue): milestones and page acknowledgements.

    - Events of a kind, or with a field, that this release learnt (`milestone`,
      `page_acknowledged`, a severity or role with the word as typed, `alias`), stored as
      'unknown' by an older cockpit that synced them, get their kind: any event the code now
      reads whole does (so it runs again, harmlessly, for a release that learns more).
    - The `milestones` view lists the milestones (name, component, level, how), the pages and
      their answers too; a milestone's note is its `why`.
    """
    from cockpit.core.events import Event

    for seq, js in db.execute("SELECT seq, json FROM events WHERE kind = 'unknown'").fetchall():
        try:
            e = Event.model_validate_json(js)
        except ValueError:  # not valid to this release either: it stays unknown
            continue
        if not e.unknown:
            db.execute("UPDATE events SET kind = ? WHERE seq = ?", [e.kind, seq])
    db.execute("DROP VIEW milestones")
    db.execute(_V6_MILESTONES)


def _v7_field(name: str) -> str:
    """One incident field in the v7 overview: the newest `field_set` of it, else the
    declaration's; a redacted source reads as the placeholder, as on the screen."""
    winner = (
        "(SELECT f.id FROM events f WHERE f.incident = i.id AND f.kind = 'field_set'"
        f" AND json_extract(f.json, '$.body.field') = '{name}' ORDER BY f.hlc DESC, f.id DESC"
        " LIMIT 1)"
    )
    value = (
        "(SELECT coalesce(json_extract(v.json, '$.body.value_'), json_extract(v.json, "
        f"'$.body.value')) FROM events v WHERE v.id = {winner})"
    )
    declared = f"json_extract(d.json, '$.body.{name}')"
    return f"""CASE
            WHEN {winner} IS NOT NULL THEN
                CASE WHEN {winner} IN (SELECT target FROM redacted) THEN '█ redacted'
                ELSE {value} END
            WHEN d.id IN (SELECT target FROM redacted) AND coalesce({declared}, '') != ''
                THEN '█ redacted'
            ELSE {declared}
        END"""


def _v7(db: sqlite_utils.Database) -> None:
    """`incident_overview` hides a redacted title or service: redacting the declaration or a
    title change hid the entry but the view (and so Datasette) kept showing the words."""
    db.execute("DROP VIEW incident_overview")
    db.execute(
        f"""
    CREATE VIEW incident_overview AS
    WITH redacted AS (
        SELECT json_extract(json, '$.body.target') AS target FROM events
        WHERE kind = 'entry_redacted'
    )
    SELECT
        'INC-' || i.number AS incident,
        i.id AS incident_id,
        {_v7_field("title")} AS title,
        coalesce(
            (SELECT json_extract(s.json, '$.body.severity') FROM events s
             WHERE s.incident = i.id AND s.kind = 'severity_set'
             ORDER BY s.hlc DESC, s.id DESC LIMIT 1),
            json_extract(d.json, '$.body.severity')) AS severity,
        coalesce(
            (SELECT json_extract(p.json, '$.body.phase') FROM events p
             WHERE p.incident = i.id AND p.kind = 'phase_set'
             ORDER BY p.hlc DESC, p.id DESC LIMIT 1),
            'declared') AS phase,
        {_v7_field("service")} AS service,
        d.at AS declared_at,
        d.author AS declared_by,
        (SELECT count(*) FROM events n WHERE n.incident = i.id
           AND n.kind IN ('note', 'decision', 'evidence', 'action', 'hypothesis', 'question'))
           AS entries,
        (SELECT max(l.at) FROM events l WHERE l.incident = i.id) AS last_at
    FROM incidents i
    LEFT JOIN events d ON d.id = (
        SELECT x.id FROM events x WHERE x.incident = i.id AND x.kind = 'incident_declared'
        ORDER BY x.at, x.hlc, x.id LIMIT 1)
    """
    )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7]
SCHEMA_VERSION = len(MIGRATIONS)
