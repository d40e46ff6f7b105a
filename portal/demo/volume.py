"""A service's worth of fictional history, to see how the portal copes with
volume: by default 1,000 young people, each with a parent, 10 meetings,
1,000 feedback responses over two years (with the requests that asked for
them, parts of text answers, theme tags and notices for staff), 200 audit
events and 20 text messages. `flask --app portal generate-data` runs it.

It adds to what is there (an empty database, or the demo data): every id it
gives comes after the largest already used, so later rows can point at
earlier ones without reading them back, and running it twice adds two lots.
Rows go in with Core inserts of 10,000 at a time (SQLAlchemy sends each as
multi-row INSERTs within the database's parameter limit). The random choices
come from a seeded generator: the same arguments give the same data.
Everything is fictional: names "Volume Person 12", addresses @example.org,
mobiles in the 07700 900300 to 900999 part of the drama range (the demo
families use the numbers below it).

Commits nothing: the caller's connection or unit of work owns the transaction.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text
from sqlalchemy.orm import Session

from portal.demo.volume_feedback import FeedbackCounts, add_feedback
from portal.demo.volume_history import add_audit_events, add_messages
from portal.demo.volume_rows import Batches, VolumeIds, bulk, volume_mobile
from portal.models import (
    Channel,
    Contact,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackTheme,
    Meeting,
    MeetingKind,
    MeetingStatus,
    RegisterStatus,
    Relationship,
    StaffRole,
    StaffUser,
    Team,
    YoungPerson,
)
from portal.services.feedback.day_counts import recount_all
from portal.services.feedback.themes import STANDARD_THEMES
from portal.timezones import london_today

TEAMS = 10
KEYWORKERS_PER_TEAM = 5
# No password hash matches this: volume staff cannot sign in.
NO_PASSWORD = "!volume"  # noqa: S105 (not a password: matches none)
MEETING_KINDS = (MeetingKind.MDT, MeetingKind.CETR, MeetingKind.REGISTER_REVIEW, MeetingKind.OTHER)


@dataclass(frozen=True)
class VolumeShape:
    """How much to make: per young person, spread over `years` to today."""

    young_people: int = 1_000
    meetings_per_person: int = 10
    responses_per_person: int = 1_000
    audit_events_per_person: int = 200
    messages_per_person: int = 20
    years: int = 2

    def __post_init__(self) -> None:
        if self.young_people < 1 or self.meetings_per_person < 1 or self.years < 1:
            raise ValueError("At least one young person, one meeting each and one year.")
        counts = (self.responses_per_person, self.audit_events_per_person)
        if min(*counts, self.messages_per_person) < 0:
            raise ValueError("Counts cannot be negative.")

    @property
    def responses(self) -> int:
        return self.young_people * self.responses_per_person

    @property
    def meetings(self) -> int:
        return self.young_people * self.meetings_per_person


@dataclass(frozen=True)
class VolumeSummary:
    young_people: int
    meetings: int
    responses: int
    parts: int
    requests: int
    tags: int
    notices: int
    audit_events: int
    messages: int
    seconds: float


def generate_volume(
    connection: Connection,
    shape: VolumeShape | None = None,
    *,
    today: date | None = None,
    seed: int = 13,
) -> VolumeSummary:
    """Add the rows in `connection`'s transaction (a migrated database)."""
    shape = shape or VolumeShape()
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 (fictional data, the same for the same seed)
    end = datetime.combine(today or london_today(), datetime.min.time(), tzinfo=UTC)
    start = end - timedelta(days=365 * shape.years)
    ids = _next_ids(connection)
    if connection.dialect.name == "sqlite":
        # Millions of rows go into indexes in no particular order: a cache of
        # 256 MB for this connection, not SQLite's 2 MB, keeps their pages
        # in memory instead of reading them again for each batch.
        connection.exec_driver_sql("PRAGMA cache_size = -262144")
    bulk(connection, Team.__table__, [_team(ids.team + n) for n in range(1, TEAMS + 1)])
    keyworkers = _add_staff(connection, ids)
    _add_people(connection, shape, ids, keyworkers, rng)
    _add_meetings(connection, shape, ids, start, end)
    feedback = add_feedback(connection, shape, ids, start, end, rng, _theme_ids(connection))
    events = add_audit_events(connection, shape, ids, keyworkers, start, end, rng)
    messages = add_messages(connection, shape, ids, start, end, rng)
    _move_sequences_on(connection)
    # Rows added with SQL, not through the ORM: count the days once, at the end.
    recount_all(Session(bind=connection))
    if connection.dialect.name == "postgresql":
        # What autovacuum would do soon: the planner's figures for the new rows.
        connection.exec_driver_sql("ANALYZE")
    else:
        connection.exec_driver_sql("PRAGMA cache_size = -2000")  # SQLite's own
    return _summary(shape, feedback, events, messages, time.perf_counter() - started)


def _summary(
    shape: VolumeShape, feedback: FeedbackCounts, events: int, messages: int, seconds: float
) -> VolumeSummary:
    return VolumeSummary(
        young_people=shape.young_people,
        meetings=shape.meetings,
        responses=shape.responses,
        parts=feedback.parts,
        requests=feedback.requests,
        tags=feedback.tags,
        notices=feedback.notices,
        audit_events=events,
        messages=messages,
        seconds=seconds,
    )


def _next_ids(connection: Connection) -> VolumeIds:
    """The largest id each table has now: every new id comes after it."""

    def largest(model: Any) -> int:
        return connection.scalar(select(func.max(model.__table__.c.id))) or 0

    return VolumeIds(
        team=largest(Team),
        staff=largest(StaffUser),
        person=largest(YoungPerson),
        contact=largest(Contact),
        meeting=largest(Meeting),
        request=largest(FeedbackRequest),
        response=largest(FeedbackResponse),
    )


def _team(team_id: int) -> dict[str, Any]:
    return {"id": team_id, "name": f"Volume Team {team_id}"}


def _add_staff(connection: Connection, ids: VolumeIds) -> list[tuple[int, int]]:
    """(keyworker id, team id) of every keyworker; a manager for each team,
    the first of them before every keyworker."""
    rows: list[dict[str, Any]] = []
    keyworkers: list[tuple[int, int]] = []
    for team in range(ids.team + 1, ids.team + TEAMS + 1):
        for number in range(KEYWORKERS_PER_TEAM + 1):
            staff_id = ids.staff + len(rows) + 1
            role = StaffRole.MANAGER if number == 0 else StaffRole.KEYWORKER
            rows.append(
                {
                    "id": staff_id,
                    "name": f"Volume {role.value.title()} {staff_id}",
                    "email": f"volume{staff_id}@example.org",
                    "role": role,
                    "team_id": team,
                    "password_hash": NO_PASSWORD,
                }
            )
            if role is StaffRole.KEYWORKER:
                keyworkers.append((staff_id, team))
    bulk(connection, StaffUser.__table__, rows)
    return keyworkers


def _add_people(
    connection: Connection,
    shape: VolumeShape,
    ids: VolumeIds,
    keyworkers: list[tuple[int, int]],
    rng: random.Random,
) -> None:
    """Each young person with one parent, who gets text messages."""
    people, contacts = YoungPerson.__table__, Contact.__table__
    out = Batches(connection, people, contacts)
    for number in range(1, shape.young_people + 1):
        keyworker_id, team_id = keyworkers[number % len(keyworkers)]
        person_id = ids.person_id(number)
        out.add(
            people,
            {
                "id": person_id,
                "legal_name": f"Volume Person {person_id}",
                "preferred_name": f"Person {person_id}",
                # Aged about 10 to 25.
                "date_of_birth": date(2002, 1, 1) + timedelta(days=rng.randrange(5400)),
                "register_status": RegisterStatus.ON_REGISTER,
                "team_id": team_id,
                "keyworker_id": keyworker_id,
            },
        )
        out.add(
            contacts,
            {
                "id": ids.contact_id(number),
                "young_person_id": person_id,
                "name": f"Volume Parent {person_id}",
                "relation": Relationship.PARENT,
                "mobile_e164": volume_mobile(number),
                "preferred_channel": Channel.SMS,
            },
        )
    out.flush()


def _add_meetings(
    connection: Connection, shape: VolumeShape, ids: VolumeIds, start: datetime, end: datetime
) -> None:
    """Each person's meetings spaced evenly from `start`, the last two still
    to come (planned), the rest held."""
    table = Meeting.__table__
    meetings = Batches(connection, table)
    per_person = shape.meetings_per_person
    gap = (end - start) / max(per_person - 2, 1)
    for number in range(1, shape.young_people + 1):
        first = start + timedelta(days=number % 28)
        for index in range(per_person):
            starts_at = (first + gap * index).replace(hour=10, minute=0, second=0, microsecond=0)
            meetings.add(
                table,
                {
                    "id": ids.meeting_id(number, index, per_person),
                    "young_person_id": ids.person_id(number),
                    "kind": MEETING_KINDS[index % len(MEETING_KINDS)],
                    "starts_at": starts_at,
                    "ends_at": starts_at + timedelta(hours=1),
                    "place": "Room 1, Volume Clinic",
                    "status": MeetingStatus.HELD if starts_at < end else MeetingStatus.PLANNED,
                },
            )
    meetings.flush()


def _theme_ids(connection: Connection) -> list[int]:
    """The standard themes' ids, adding those not there yet."""
    table: Table = FeedbackTheme.__table__  # type: ignore[assignment]
    have = set(connection.scalars(select(table.c.code)))
    missing = [theme for theme in STANDARD_THEMES if theme.code not in have]
    if missing:
        order = connection.scalar(select(func.max(table.c.display_order))) or 0
        rows = [
            {"code": theme.code, "name": theme.name, "display_order": order + number}
            for number, theme in enumerate(missing, start=1)
        ]
        connection.execute(insert(table), rows)
    codes = [theme.code for theme in STANDARD_THEMES]
    return list(connection.scalars(select(table.c.id).where(table.c.code.in_(codes))))


def _move_sequences_on(connection: Connection) -> None:
    """On PostgreSQL, ids given here leave the sequences behind: move each on
    past the largest id, so the next row the app adds gets a new one."""
    if connection.dialect.name != "postgresql":
        return
    tables = (Team, StaffUser, YoungPerson, Contact, Meeting, FeedbackTheme)
    for model in (*tables, FeedbackRequest, FeedbackResponse):
        table: Table = model.__table__  # type: ignore[assignment]
        largest = connection.scalar(select(func.max(table.c.id))) or 1
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :largest)"),
            {"table": table.name, "largest": largest},
        )
