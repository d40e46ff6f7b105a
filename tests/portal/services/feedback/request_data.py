"""A young person with a texting parent, and the settings the feedback request tests use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Contact, FeedbackRequest, Message, SmsConversation, YoungPerson
from portal.services.feedback.requests import FeedbackRequestSettings
from portal.services.messaging.to_families import FamilyMessageSettings
from portal.services.wording import PlainTranslator
from tests.support.factories import make_contact, make_team, make_young_person

# Tuesday 3 March 2026, 10:00 UTC (and London): not in quiet hours.
NOW = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
SETTINGS = FeedbackRequestSettings(
    messages=FamilyMessageSettings(
        service_name="Keyworker Family Portal",
        base_url="http://portal.test",
        team_phone="07700 900999",
    ),
    lifetime=timedelta(days=14),
    every=timedelta(days=91),
    after_meeting=timedelta(hours=24),
    translator_for=PlainTranslator,
)


@dataclass
class Family:
    person: YoungPerson
    parent: Contact


def make_family(session: Session, *, mobile: str = "+447700900321") -> Family:
    person = make_young_person(session, team=make_team(session), date_of_birth=date(2014, 3, 1))
    parent = make_contact(session, young_person=person, mobile=mobile)
    parent.created_at = NOW - timedelta(days=30)
    session.commit()
    return Family(person, parent)


def requests(session: Session) -> list[FeedbackRequest]:
    session.expire_all()
    return list(session.scalars(select(FeedbackRequest).order_by(FeedbackRequest.id)))


def messages(session: Session) -> list[Message]:
    return list(session.scalars(select(Message).order_by(Message.id)))


def conversations(session: Session) -> list[SmsConversation]:
    return list(session.scalars(select(SmsConversation).order_by(SmsConversation.id)))
