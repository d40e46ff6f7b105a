"""The rules every message to a family follows (`queue_for_contact`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import Channel, ConsentChoice, Contact, Message, OptOutSource
from portal.services.messaging.opt_outs import set_opted_out
from portal.services.messaging.templates import Purpose
from portal.services.messaging.to_families import (
    CONTACT_BY_MESSAGE,
    FamilyMessageSettings,
    NotSent,
    Queued,
    QuietHours,
    queue_for_contact,
)
from portal.services.wording import PlainTranslator
from portal.timezones import LONDON
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import (
    make_consent_decision,
    make_contact,
    make_team,
    make_young_person,
)

SETTINGS = FamilyMessageSettings(
    service_name="Keyworker Family Portal",
    base_url="http://portal.test",
    team_phone="07700 900999",
)
# A weekday at noon in London (summer time).
NOON = datetime(2026, 6, 10, 11, 0, tzinfo=UTC)
VALUES = {"day": "Wednesday 17 June", "time": "10 in the morning"}


def a_contact(session: Session, **kwargs: Any) -> Contact:
    person = make_young_person(session, team=make_team(session), date_of_birth=date(2014, 3, 1))
    return make_contact(session, young_person=person, **kwargs)


def queue(
    session: Session,
    contact: Contact,
    *,
    purpose: Purpose = Purpose.MEETING_REMINDER,
    now: datetime = NOON,
    **kwargs: Any,
) -> Queued:
    return queue_for_contact(
        session,
        contact,
        purpose,
        now,
        SETTINGS,
        translator=PlainTranslator(),
        values=VALUES,
        **kwargs,
    )


def test_queues_a_text_by_the_preferred_channel(session: Session) -> None:
    contact = a_contact(session)
    queued = queue(session, contact, path="/my-meetings/4", meeting_id=None)
    assert queued.queued and queued.message is not None
    message = queued.message
    assert (message.channel, message.to_address) == (Channel.SMS, contact.mobile_e164)
    assert message.purpose == "meeting_reminder" and message.automatic
    assert "http://portal.test/my-meetings/4" in message.body
    assert "07700 900999" in message.body and "Wednesday 17 June" in message.body
    assert message.send_after == NOON


def test_access_switched_off_queues_nothing(session: Session) -> None:
    contact = a_contact(session, portal_access_enabled=False)
    assert queue(session, contact).not_sent is NotSent.NO_PORTAL_ACCESS
    assert session.scalar(select(func.count(Message.id))) == 0


def test_a_parent_without_parental_responsibility_gets_nothing(session: Session) -> None:
    contact = a_contact(session, has_parental_responsibility=False)
    assert queue(session, contact).not_sent is NotSent.NO_PORTAL_ACCESS


def test_consent_to_messages_no_queues_nothing_and_yes_again_queues(session: Session) -> None:
    contact = a_contact(session)
    person = contact.young_person
    make_consent_decision(
        session, young_person=person, item_code=CONTACT_BY_MESSAGE, choice=ConsentChoice.NO
    )
    assert queue(session, contact).not_sent is NotSent.DOES_NOT_WANT_MESSAGES
    make_consent_decision(
        session, young_person=person, item_code=CONTACT_BY_MESSAGE, choice=ConsentChoice.YES
    )
    assert queue(session, contact).queued


def test_preferred_email_goes_by_email_without_reply_yes(session: Session) -> None:
    contact = a_contact(session, email="sam.sample@example.org")
    contact.preferred_channel = Channel.EMAIL
    message = queue(session, contact).message
    assert message is not None
    assert (message.channel, message.to_address) == (Channel.EMAIL, "sam.sample@example.org")
    assert message.subject == "Your meeting on Wednesday 17 June"
    assert "Reply YES" not in message.body


def test_an_unchecked_preferred_email_falls_back_to_the_checked_mobile(session: Session) -> None:
    contact = a_contact(session, email="sam.sample@example.org")
    contact.preferred_channel = Channel.EMAIL
    contact.email_verified = False
    message = queue(session, contact).message
    assert message is not None and message.channel is Channel.SMS


def test_an_opted_out_number_falls_back_to_email_or_nothing(session: Session) -> None:
    with_email = a_contact(session, email="sam.sample@example.org")
    without = a_contact(session)
    for contact in (with_email, without):
        set_opted_out(session, contact.mobile_e164 or "", True, OptOutSource.KEYWORD, NOON)
    message = queue(session, with_email).message
    assert message is not None and message.channel is Channel.EMAIL
    assert queue(session, without).not_sent is NotSent.NO_USABLE_ADDRESS
    set_opted_out(session, without.mobile_e164 or "", False, OptOutSource.KEYWORD, NOON)
    assert queue(session, without).queued


def test_an_unchecked_number_gets_nothing(session: Session) -> None:
    contact = a_contact(session, verified=False)
    assert queue(session, contact).not_sent is NotSent.NO_USABLE_ADDRESS


def _london(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON).astimezone(UTC)


@pytest.mark.parametrize(
    ("sent_at", "released_at"),
    [
        # 19:59 goes at once; 20:00 exactly is quiet; 08:00 exactly is not.
        (_london(date(2026, 6, 10), time(19, 59)), _london(date(2026, 6, 10), time(19, 59))),
        (_london(date(2026, 6, 10), time(20, 0)), _london(date(2026, 6, 11), time(8, 0))),
        (_london(date(2026, 6, 11), time(0, 30)), _london(date(2026, 6, 11), time(8, 0))),
        (_london(date(2026, 6, 11), time(7, 59)), _london(date(2026, 6, 11), time(8, 0))),
        (_london(date(2026, 6, 11), time(8, 0)), _london(date(2026, 6, 11), time(8, 0))),
        # The clocks go forward on Sunday 29 March 2026: 8 in the morning is 07:00 UTC.
        (
            datetime(2026, 3, 28, 21, 0, tzinfo=UTC),
            datetime(2026, 3, 29, 7, 0, tzinfo=UTC),
        ),
        # And back on Sunday 25 October 2026: 8 in the morning is 08:00 UTC.
        (
            datetime(2026, 10, 24, 19, 30, tzinfo=UTC),
            datetime(2026, 10, 25, 8, 0, tzinfo=UTC),
        ),
        # 19:30 UTC on 24 October is 20:30 in London (summer time): quiet.
        # 19:30 UTC on 25 October is 19:30 in London (winter time): not quiet.
        (
            datetime(2026, 10, 25, 19, 30, tzinfo=UTC),
            datetime(2026, 10, 25, 19, 30, tzinfo=UTC),
        ),
    ],
)
def test_automatic_messages_wait_for_the_end_of_quiet_hours(
    session: Session, sent_at: datetime, released_at: datetime
) -> None:
    contact = a_contact(session)
    message = queue(session, contact, now=sent_at).message
    assert message is not None
    assert message.send_after == released_at
    assert message.automatic


def test_by_hand_goes_at_once_in_quiet_hours(session: Session) -> None:
    contact = a_contact(session)
    late = _london(date(2026, 6, 10), time(22, 0))
    message = queue(session, contact, now=late, by_hand=True).message
    assert message is not None
    assert (message.send_after, message.automatic) == (late, False)


def test_a_message_that_is_not_automatic_goes_at_once_in_quiet_hours(session: Session) -> None:
    contact = a_contact(session)
    late = _london(date(2026, 6, 10), time(22, 0))
    message = queue(session, contact, purpose=Purpose.NEW_MESSAGE, now=late).message
    assert message is not None and message.send_after == late


def test_quiet_hours_that_do_not_cross_midnight() -> None:
    lunch = QuietHours(time(12, 0), time(13, 0))
    at_noon = _london(date(2026, 6, 10), time(12, 0))
    assert lunch.release_time(at_noon) == _london(date(2026, 6, 10), time(13, 0))
    assert lunch.release_time(_london(date(2026, 6, 10), time(13, 0))) == _london(
        date(2026, 6, 10), time(13, 0)
    )
    assert QuietHours(time(8, 0), time(8, 0)).release_time(at_noon) == at_noon


def test_the_same_dedupe_key_queues_once(session: Session) -> None:
    contact = a_contact(session)
    assert queue(session, contact, dedupe_key="reminder:1:1:7").queued
    assert queue(session, contact, dedupe_key="reminder:1:1:7").not_sent is NotSent.ALREADY_QUEUED
    assert queue(session, contact, dedupe_key="reminder:1:2:7").queued
    assert session.scalar(select(func.count(Message.id))) == 2


def test_20_at_once_with_one_dedupe_key_queue_exactly_one(session: Session) -> None:
    contact_id = a_contact(session).id
    session.commit()

    def send(own: Session, index: int) -> bool:
        own_contact = own.get(Contact, contact_id)
        assert own_contact is not None
        return queue(own, own_contact, dedupe_key="reminder:same").queued

    results = at_once_in_transactions(session.get_bind(), send)

    assert results.count(True) == 1 and len(results) == AT_ONCE
    session.expire_all()
    assert session.scalar(select(func.count(Message.id))) == 1


def test_settings_from_config_read_quiet_hours_and_strip_the_slash() -> None:
    settings = FamilyMessageSettings.from_config(
        {
            "SERVICE_NAME": "Portal",
            "PUBLIC_BASE_URL": "https://portal.example.org/",
            "QUIET_HOURS": ("21:00", "07:30"),
        }
    )
    assert settings.quiet_hours == QuietHours(time(21, 0), time(7, 30))
    assert settings.url("/my-plan") == "https://portal.example.org/my-plan"
    for bad in ("https://elsewhere.example.org/", "//elsewhere.example.org", "my-plan"):
        with pytest.raises(ValueError):
            settings.url(bad)
