"""The volume data for the benchmarks and `generate-data`: the rows it says
it added, stored as the ORM stores them, added after what is there (the
demo data, or an earlier lot) without touching it, and the collated view
counting each response once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from portal.demo.seed import seed_demo_data
from portal.demo.volume import VolumeShape, generate_volume
from portal.extensions import db
from portal.models import (
    AuditEvent,
    Contact,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackThemeTag,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Message,
    MessageStatus,
    StaffUser,
    Team,
    YoungPerson,
)
from portal.services.feedback.collation import collate
from portal.services.feedback.collation_scope import Scope, ScopeKind
from portal.services.feedback.periods import Period
from tests.support.bulk_loads import start_every_table_afresh


@pytest.fixture(autouse=True)
def _every_table_afresh_afterwards(app: Flask, migrated_engine: Engine) -> Iterator[None]:
    yield
    start_every_table_afresh(migrated_engine)


TODAY = date(2026, 12, 1)
SMALL = VolumeShape(
    young_people=20,
    meetings_per_person=4,
    responses_per_person=50,
    audit_events_per_person=8,
    messages_per_person=4,
)


def _count(session: Session, model: type, *where: object) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_the_volume_data_is_what_it_says(app: Flask) -> None:
    with app.app_context():
        with db.engine.begin() as connection:
            summary = generate_volume(connection, SMALL, today=TODAY)
        session = db.session
        first_parts = FeedbackResponse.part_of_id.is_(None)
        assert _count(session, FeedbackResponse, first_parts) == 1_000
        assert _count(session, FeedbackResponse) == 1_000 + summary.parts
        assert _count(session, FeedbackRequest) == summary.requests
        assert _count(session, FeedbackThemeTag) == summary.tags
        assert _count(session, YoungPerson) == _count(session, Contact) == 20
        assert _count(session, Meeting) == summary.meetings == 80
        assert _count(session, AuditEvent) == summary.audit_events == 160
        assert _count(session, Message) == summary.messages == 80
        assert summary.parts > 0 and summary.requests > 600 and summary.notices > 0
        whole = Period(date(2024, 12, 1), date(2026, 11, 30))
        figures = collate(session, whole, Scope(ScopeKind.SERVICE))
        assert figures.responses == 1_000 and figures.no_answer == 0
        assert 0 < figures.requests_answered < figures.requests_sent


def test_rows_read_back_as_the_orm_would_have_stored_them(app: Flask) -> None:
    with app.app_context():
        with db.engine.begin() as connection:
            generate_volume(connection, SMALL, today=TODAY)
        session = db.session
        response = session.scalars(select(FeedbackResponse).order_by(FeedbackResponse.id)).first()
        assert response is not None
        assert response.received_at == datetime(2024, 12, 1, tzinfo=UTC)
        assert response.young_person.preferred_name.startswith("Person ")
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.actor_contact_id.is_not(None))
        ).first()
        assert event is not None and event.detail["page"].startswith("family.")
        assert event.occurred_at.tzinfo is UTC
        person = session.scalars(select(YoungPerson)).first()
        assert person is not None and date(2002, 1, 1) <= person.date_of_birth <= date(2017, 1, 1)
        assert person.preferred_language == "en"
        # Mobiles in the drama range, above the demo families' numbers.
        mobiles = set(session.scalars(select(Contact.mobile_e164)))
        assert all("+447700900300" <= str(mobile) <= "+447700900999" for mobile in mobiles)
        # Past meetings held, the last ones each still to come; nothing for the worker to send.
        planned = _count(session, Meeting, Meeting.status == MeetingStatus.PLANNED)
        assert planned == 40
        assert _count(session, Message, Message.status == MessageStatus.QUEUED) == 0


def test_it_adds_after_the_demo_data_without_touching_it(app: Flask) -> None:
    with app.app_context():
        session = db.session
        seed_demo_data(session, fast_hashing=True)
        session.commit()
        demo_people = {p.id: p.legal_name for p in session.scalars(select(YoungPerson))}
        demo_staff = _count(session, StaffUser)
        first_parts = FeedbackResponse.part_of_id.is_(None)
        demo_responses = _count(session, FeedbackResponse, first_parts)
        generate_volume(session.connection(), SMALL, today=TODAY)
        generate_volume(session.connection(), SMALL, today=TODAY, seed=14)
        session.commit()
        people = {p.id: p.legal_name for p in session.scalars(select(YoungPerson))}
        assert len(people) == len(demo_people) + 40
        assert all(people[number] == name for number, name in demo_people.items())
        assert min(set(people) - set(demo_people)) == max(demo_people) + 1
        assert _count(session, StaffUser) == demo_staff + 120
        assert _count(session, FeedbackResponse, first_parts) == demo_responses + 2_000
        # The app's own next rows still get new ids (PostgreSQL's sequences moved on).
        largest = session.scalar(select(func.max(Meeting.id)))
        sam = session.scalars(select(YoungPerson).where(YoungPerson.preferred_name == "Sam")).one()
        starts = datetime(2027, 1, 4, 10, tzinfo=UTC)
        meeting = Meeting(
            young_person_id=sam.id,
            kind=MeetingKind.MDT,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            place="Room 2",
        )
        team = Team(name="A team added afterwards")
        session.add_all([meeting, team])
        session.commit()
        assert largest is not None and meeting.id == largest + 1
        assert team.id == _count(session, Team)


def test_a_shape_with_nobody_in_it_is_refused() -> None:
    with pytest.raises(ValueError, match="At least one young person"):
        VolumeShape(young_people=0)
    with pytest.raises(ValueError, match="negative"):
        VolumeShape(responses_per_person=-1)
