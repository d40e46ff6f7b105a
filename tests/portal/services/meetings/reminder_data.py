"""A young person with two contacts and a meeting, and the settings the
reminder and notice tests use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    Meeting,
    MeetingKind,
    Message,
    SmsConversation,
    YoungPerson,
)
from portal.services.meetings.meeting_messages import MeetingMessageSettings
from portal.services.messaging.to_families import FamilyMessageSettings
from portal.services.wording import PlainTranslator
from tests.support.factories import make_contact, make_meeting, make_team, make_young_person

# Wednesday 17 June 2026, 10:00 UTC: 11 in the morning in London.
STARTS = datetime(2026, 6, 17, 10, 0, tzinfo=UTC)
SETTINGS = MeetingMessageSettings(
    messages=FamilyMessageSettings(
        service_name="Keyworker Family Portal",
        base_url="http://portal.test",
        team_phone="07700 900999",
    ),
    reminder_days=(7, 1),
    translator_for=PlainTranslator,
)


@dataclass
class MeetingFamily:
    person: YoungPerson
    parent: Contact
    # Set up, but with portal access switched off: sent nothing.
    switched_off: Contact
    meeting: Meeting


def make_meeting_family(session: Session, *, kind: MeetingKind = MeetingKind.CETR) -> MeetingFamily:
    person = make_young_person(session, team=make_team(session), date_of_birth=date(2014, 3, 1))
    parent = make_contact(session, young_person=person)
    switched_off = make_contact(session, young_person=person, portal_access_enabled=False)
    meeting = make_meeting(session, young_person=person, kind=kind, starts_at=STARTS)
    meeting.updated_at = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    session.commit()
    return MeetingFamily(person, parent, switched_off, meeting)


def messages(session: Session) -> list[Message]:
    return list(session.scalars(select(Message).order_by(Message.id)))


def conversations(session: Session) -> list[SmsConversation]:
    return list(session.scalars(select(SmsConversation).order_by(SmsConversation.id)))
