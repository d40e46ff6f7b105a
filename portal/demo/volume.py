"""A service's worth of fictional feedback, to see how the portal copes with
volume: by default 1,000 young people and 1,000,000 feedback responses over
two years, with the requests that asked for them, parts of text answers,
theme tags and notices for staff.

Rows go in with Core inserts of 10,000 at a time (SQLAlchemy sends each as
multi-row INSERTs within the database's parameter limit), with ids given
here so later rows can point at earlier ones without reading them back. The
random choices come from a seeded generator: the same arguments give the
same data. Everything is fictional: names "Volume Person 12", addresses
@example.org, mobiles in the 07700 900xxx drama range.

It writes to an empty database (just migrated) and commits nothing: the
caller's connection or unit of work owns the transaction.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text
from sqlalchemy.orm import Session

from portal.models import (
    AnsweredBy,
    Channel,
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackTheme,
    FeedbackThemeTag,
    FftAnswer,
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

BATCH = 10_000
TEAMS = 10
KEYWORKERS_PER_TEAM = 5
# Weights of the six answers, roughly what NHS services see.
ANSWER_WEIGHTS = (50, 30, 7, 5, 3, 5)
COMMENTS = (
    "Staff listened to us and explained things well.",
    "It took a long time to hear back.",
    "The meeting helped us plan for college.",
    "I liked seeing the same person each time.",
)
IMPROVEMENTS = ("Reply to messages sooner.", "Shorter meetings, please.")
# No password hash matches this: volume staff cannot sign in.
NO_PASSWORD = "!volume"  # noqa: S105 (not a password: matches none)


@dataclass(frozen=True)
class VolumeSummary:
    young_people: int
    responses: int
    parts: int
    requests: int
    tags: int
    notices: int
    seconds: float


def generate_volume(
    connection: Connection,
    *,
    young_people: int = 1_000,
    responses: int = 1_000_000,
    years: int = 2,
    today: date | None = None,
    seed: int = 13,
) -> VolumeSummary:
    """Add the rows in `connection`'s transaction (an empty, migrated database)."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 (fictional data, the same for the same seed)
    end = datetime.combine(today or london_today(), datetime.min.time(), tzinfo=UTC)
    start = end - timedelta(days=365 * years)
    _bulk(connection, Team.__table__, [_team(number) for number in range(1, TEAMS + 1)])
    keyworkers = _add_staff(connection)
    _add_people(connection, young_people, keyworkers, rng)
    _bulk(connection, FeedbackTheme.__table__, _themes())
    counts = _add_feedback(connection, young_people, responses, start, end, rng)
    _move_sequences_on(connection)
    # Rows added with SQL, not through the ORM: count the days once, at the end.
    recount_all(Session(bind=connection))
    return VolumeSummary(young_people, responses, *counts, time.perf_counter() - started)


def _team(number: int) -> dict[str, Any]:
    return {"id": number, "name": f"Volume Team {number}"}


def _add_staff(connection: Connection) -> list[tuple[int, int]]:
    """(keyworker id, team id) of every keyworker; a manager for each team."""
    rows: list[dict[str, Any]] = []
    keyworkers: list[tuple[int, int]] = []
    for team in range(1, TEAMS + 1):
        for number in range(KEYWORKERS_PER_TEAM + 1):
            staff_id = len(rows) + 1
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
    _bulk(connection, StaffUser.__table__, rows)
    return keyworkers


def _add_people(
    connection: Connection, count: int, keyworkers: list[tuple[int, int]], rng: random.Random
) -> None:
    people, contacts, meetings = [], [], []
    for person_id in range(1, count + 1):
        keyworker_id, team_id = keyworkers[person_id % len(keyworkers)]
        people.append(
            {
                "id": person_id,
                "legal_name": f"Volume Person {person_id}",
                "preferred_name": f"Person {person_id}",
                "date_of_birth": date(2004, 1, 1) + timedelta(days=rng.randrange(7000)),
                "register_status": RegisterStatus.ON_REGISTER,
                "team_id": team_id,
                "keyworker_id": keyworker_id,
            }
        )
        contacts.append(
            {
                "id": person_id,
                "young_person_id": person_id,
                "name": f"Volume Parent {person_id}",
                "relation": Relationship.PARENT,
                "mobile_e164": f"+447700900{person_id % 1000:03d}",
                "preferred_channel": Channel.SMS,
            }
        )
        for kind_number, kind in enumerate((MeetingKind.MDT, MeetingKind.CETR)):
            starts_at = datetime(2025, 1, 6, 10, tzinfo=UTC) + timedelta(days=person_id)
            meetings.append(
                {
                    "id": person_id * 2 - 1 + kind_number,
                    "young_person_id": person_id,
                    "kind": kind,
                    "starts_at": starts_at,
                    "ends_at": starts_at + timedelta(hours=1),
                    "place": "Room 1, Volume Clinic",
                    "status": MeetingStatus.HELD,
                }
            )
    _bulk(connection, YoungPerson.__table__, people)
    _bulk(connection, Contact.__table__, contacts)
    _bulk(connection, Meeting.__table__, meetings)


def _themes() -> list[dict[str, Any]]:
    return [
        {"id": number, "code": theme.code, "name": theme.name, "display_order": number}
        for number, theme in enumerate(STANDARD_THEMES, start=1)
    ]


class _Feedback:
    """The rows of the feedback tables, sent to the database a batch at a
    time: when one table has a batch, every table's rows go, in the order
    of `tables`, so a row never arrives before the row it points at."""

    def __init__(self, connection: Connection, tables: tuple[Table, ...]) -> None:
        self.connection = connection
        self.tables: dict[Table, list[dict[str, Any]]] = {table: [] for table in tables}
        self.counts: dict[Table, int] = dict.fromkeys(tables, 0)

    def add(self, table: Table, row: dict[str, Any]) -> None:
        rows = self.tables[table]
        rows.append(row)
        self.counts[table] += 1
        if len(rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        for table, rows in self.tables.items():
            if rows:
                self.connection.execute(insert(table), rows)
                rows.clear()


def _add_feedback(
    connection: Connection,
    people: int,
    responses: int,
    start: datetime,
    end: datetime,
    rng: random.Random,
) -> tuple[int, int, int, int]:
    """Responses in time order, each with a request (nine in ten), a part
    (one in 20 by text), a tag (one in five) and, for the last 60 days, a
    notice (one in ten still unread)."""
    models = (FeedbackRequest, FeedbackResponse, FeedbackThemeTag, FamilyInputNotice)
    tables: tuple[Table, ...] = tuple(model.__table__ for model in models)  # type: ignore[misc]
    request_table, response_table, tag_table, notice_table = tables
    out = _Feedback(connection, tables)
    step = (end - start) / responses
    next_id = responses + 1  # parts come after every first part
    themes = len(STANDARD_THEMES)
    for response_id in range(1, responses + 1):
        at = start + step * (response_id - 1)
        person = rng.randrange(1, people + 1)
        request_id = _maybe_request(out, request_table, response_id, person, at, rng)
        row = _response(response_id, person, at, request_id, rng)
        out.add(response_table, row)
        if row["channel"] is FeedbackChannel.SMS and rng.random() < 0.05:
            out.add(response_table, _part(next_id, row, rng))
            next_id += 1
        if rng.random() < 0.2:
            tag = {
                "response_id": response_id,
                "theme_id": rng.randrange(1, themes + 1),
                "young_person_id": person,
                "tagged_by_id": 1,
                "tagged_at": at,
            }
            out.add(tag_table, tag)
        if end - at < timedelta(days=60):
            out.add(notice_table, _notice(response_id, person, at, rng))
    out.flush()
    counts = out.counts
    return (
        counts[response_table] - responses,
        counts[request_table],
        counts[tag_table],
        counts[notice_table],
    )


def _maybe_request(
    out: _Feedback, table: Table, number: int, person: int, at: datetime, rng: random.Random
) -> int | None:
    """Nine responses in ten answer a request sent two days before; one
    request in four more is never answered (so about 68% are answered)."""
    if rng.random() >= 0.9:
        return None
    for answered in (True, False) if rng.random() < 0.33 else (True,):
        asked = at - timedelta(days=2)
        out.add(
            table,
            {
                "id": number * 2 - (0 if answered else 1),
                "young_person_id": person,
                "contact_id": person,
                "channel": Channel.SMS,
                "automatic": True,
                "requested_at": asked,
                "expires_at": asked + timedelta(days=14),
                "open_key": None,
                "answered_at": at if answered else None,
                "closed_at": at if answered else asked + timedelta(days=14),
            },
        )
    return number * 2


def _response(
    response_id: int, person: int, at: datetime, request_id: int | None, rng: random.Random
) -> dict[str, Any]:
    words = rng.random() < 0.3
    return {
        "id": response_id,
        "young_person_id": person,
        "contact_id": person,
        "meeting_id": person * 2 - 1 if rng.random() < 0.3 else None,
        "channel": FeedbackChannel.SMS if rng.random() < 0.4 else FeedbackChannel.WEB,
        "fft_answer": rng.choices(list(FftAnswer), ANSWER_WEIGHTS)[0],
        "comment": rng.choice(COMMENTS) if words else None,
        "improvement": rng.choice(IMPROVEMENTS) if words and rng.random() < 0.5 else None,
        "may_use_anonymously": False,
        "answered_by": rng.choice((*AnsweredBy, None)),
        "request_id": request_id,
        "part_of_id": None,
        "flagged": False,
        "received_at": at,
    }


def _part(part_id: int, first: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    return first | {
        "id": part_id,
        "fft_answer": None,
        "comment": rng.choice(COMMENTS),
        "improvement": None,
        "request_id": None,
        "part_of_id": first["id"],
        "received_at": first["received_at"] + timedelta(minutes=3),
    }


def _notice(response_id: int, person: int, at: datetime, rng: random.Random) -> dict[str, Any]:
    seen = rng.random() >= 0.1
    return {
        "young_person_id": person,
        "contact_id": person,
        "kind": FamilyInputKind.FEEDBACK,
        "subject_id": response_id,
        "summary": "Feedback",
        "urgent": False,
        "created_at": at,
        "seen_at": at + timedelta(days=1) if seen else None,
        "seen_by_id": 2 if seen else None,
    }


def _bulk(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    for batch in _batches(rows):
        connection.execute(insert(table), batch)


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for begin in range(0, len(rows), BATCH):
        yield rows[begin : begin + BATCH]


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
