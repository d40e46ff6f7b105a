"""A message queued earlier is checked again in the claim's unit of work,
before the provider is called: a text to a number that has opted out since,
or a message to a contact whose portal access was switched off or who was
removed, is cancelled with the reason in staff words. Sign-in links too."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.i18n import translator_for
from portal.models import (
    AuditEvent,
    Channel,
    Contact,
    LinkPurpose,
    MessageStatus,
    OptOutSource,
    StaffUser,
    utc_now,
)
from portal.services.access.family_sessions import switch_off_portal_access
from portal.services.access.links import issue_link
from portal.services.messaging.opt_outs import set_opted_out
from portal.services.messaging.outbox import queue_email, queue_sms, queue_staff_email
from portal.services.messaging.sending import (
    NOT_SENT_ACCESS_OFF,
    NOT_SENT_OPTED_OUT,
    NOT_SENT_REMOVED,
    SendSummary,
)
from portal.services.messaging.templates import Purpose
from portal.services.records.contacts import remove_contact
from tests.portal.services.messaging.outbox_data import BODY, ScriptedSms, queued, reload, run
from tests.support.factories import make_staff_user
from tests.support.sign_in_helpers import link_settings


def _keyworker_of(session: Session, contact: Contact) -> StaffUser:
    keyworker = make_staff_user(session, team=contact.young_person.team)
    contact.young_person.keyworker_id = keyworker.id
    session.flush()
    return keyworker


def test_a_text_to_a_number_that_opted_out_since_is_cancelled(
    session: Session, contact: Contact
) -> None:
    [message_id] = queued(session, contact)
    set_opted_out(session, str(contact.mobile_e164), True, OptOutSource.KEYWORD, utc_now())
    session.commit()
    sms = ScriptedSms()

    summary = run(session, sms, utc_now())

    assert summary == SendSummary(cancelled=1)
    assert sms.calls == []
    message = reload(session, message_id)
    assert (message.status, message.last_error, message.attempts) == (
        MessageStatus.CANCELLED,
        NOT_SENT_OPTED_OUT,
        0,
    )
    [event] = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "message.cancelled")
    ).all()
    assert event.young_person_id == contact.young_person_id
    assert event.detail["message_id"] == message_id
    # Never picked up again.
    assert run(session, sms, utc_now()).handled == 0


def test_an_email_to_a_contact_whose_number_opted_out_still_goes(
    session: Session, contact: Contact
) -> None:
    message = queue_email(session, contact=contact, subject="You have a message", body=BODY)
    set_opted_out(session, str(contact.mobile_e164), True, OptOutSource.KEYWORD, utc_now())
    session.commit()
    assert run(session, ScriptedSms(), utc_now()).sent == 1
    assert reload(session, message.id).status is MessageStatus.SENT


def test_the_text_confirming_an_opt_out_still_goes(session: Session, contact: Contact) -> None:
    confirmation = queue_sms(session, contact=contact, body="You will get no more texts.")
    confirmation.purpose = Purpose.OPTED_OUT.value
    set_opted_out(session, str(contact.mobile_e164), True, OptOutSource.KEYWORD, utc_now())
    session.commit()
    assert run(session, ScriptedSms(), utc_now()).sent == 1


def test_messages_to_a_contact_whose_access_was_switched_off_are_cancelled(
    session: Session, contact: Contact
) -> None:
    [text] = queued(session, contact)
    email = queue_email(session, contact=contact, subject="You have a message", body=BODY)
    switch_off_portal_access(session, contact, by=_keyworker_of(session, contact))
    session.commit()
    sms = ScriptedSms()

    assert run(session, sms, utc_now()).cancelled == 2
    assert sms.calls == []
    for message_id in (text, email.id):
        message = reload(session, message_id)
        assert (message.status, message.last_error) == (
            MessageStatus.CANCELLED,
            NOT_SENT_ACCESS_OFF,
        )


def test_a_sign_in_link_asked_for_before_access_was_switched_off_is_not_sent(
    session: Session, contact: Contact
) -> None:
    issue_link(
        session,
        contact,
        LinkPurpose.SIGN_IN,
        Channel.SMS,
        utc_now(),
        link_settings(),
        translator_for=translator_for,
    )
    session.commit()
    switch_off_portal_access(session, contact, by=_keyworker_of(session, contact))
    session.commit()
    sms = ScriptedSms()

    assert run(session, sms, utc_now()).cancelled == 1
    assert sms.calls == []


def test_messages_to_a_removed_contact_are_cancelled(session: Session, contact: Contact) -> None:
    [message_id] = queued(session, contact)
    remove_contact(session, contact, now=utc_now(), by=_keyworker_of(session, contact))
    session.commit()
    sms = ScriptedSms()
    assert run(session, sms, utc_now()).cancelled == 1
    assert sms.calls == []
    message = reload(session, message_id)
    assert (message.status, message.last_error) == (MessageStatus.CANCELLED, NOT_SENT_REMOVED)


def test_messages_to_staff_are_never_cancelled_for_a_family_contact(
    session: Session, contact: Contact
) -> None:
    keyworker = _keyworker_of(session, contact)
    message = queue_staff_email(
        session,
        staff_user=keyworker,
        subject="An urgent item",
        body="Open the record.",
        young_person_id=contact.young_person_id,
    )
    switch_off_portal_access(session, contact, by=keyworker)
    session.commit()
    assert run(session, ScriptedSms(), utc_now()).sent == 1
    assert reload(session, message.id).status is MessageStatus.SENT


def test_the_summary_says_how_many_were_cancelled() -> None:
    assert SendSummary(sent=1).describe() == "Sent 1, to retry 0, failed 0, to check 0."
    assert SendSummary(sent=1, cancelled=2).describe() == (
        "Sent 1, to retry 0, failed 0, to check 0. Cancelled 2."
    )
    assert SendSummary(cancelled=2).handled == 2
