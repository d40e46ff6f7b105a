"""The Messages page's rules: a form sent many times at once files one
message; the thread is the contact's own, newest first; a reply from staff
queues "you have a new message" once, with no content, by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.i18n import translator_for
from portal.models import (
    Contact,
    FamilyInputNotice,
    FamilyMessage,
    Message,
    Relationship,
    StaffRole,
    StaffUser,
    utc_now,
)
from portal.services.conversations.portal_messages import (
    MessageTooLong,
    ThreadKind,
    family_thread,
    send_web_message,
    tell_family_of_reply,
)
from portal.services.messaging.templates import Purpose
from portal.services.messaging.to_families import FamilyMessageSettings, NotSent
from portal.services.records.family_replies import reply_to_family
from portal.services.records.urgent_alerts import UrgentSettings
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person

# A weekday afternoon: outside quiet hours either way.
NOW = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)


def _people(session: Session) -> tuple[Contact, StaffUser]:
    team = make_team(session)
    keyworker = make_staff_user(session, role=StaffRole.KEYWORKER, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker)
    contact = make_contact(session, young_person=person, relation=Relationship.SELF)
    session.commit()
    return contact, keyworker


def _alerts(app: Flask) -> UrgentSettings:
    return UrgentSettings.from_config(app.config)


def test_the_same_form_sent_from_20_threads_at_once_files_one_message(
    app: Flask, session: Session
) -> None:
    contact, _keyworker = _people(session)
    contact_id = contact.id
    alerts = _alerts(app)
    session.close()

    def send(own: Session, index: int) -> bool:
        mine = own.get(Contact, contact_id)
        assert mine is not None
        sent = send_web_message(
            own, mine, "I am worried about Friday", utc_now(), alerts, form_token="token-1"
        )
        return sent.repeat

    repeats = at_once_in_transactions(db.engine, send)
    assert sorted(repeats) == [False] + [True] * (AT_ONCE - 1)
    assert session.scalar(select(func.count(FamilyMessage.id))) == 1
    assert session.scalar(select(func.count(FamilyInputNotice.id))) == 1


def test_a_new_token_files_a_new_message_and_no_token_always_files(
    app: Flask, session: Session
) -> None:
    contact, _keyworker = _people(session)
    for token in ("a", "a", "b", None, None):
        send_web_message(session, contact, "Hello", NOW, _alerts(app), form_token=token)
    assert session.scalar(select(func.count(FamilyMessage.id))) == 4


def test_a_flagged_message_is_flagged_again_when_sent_twice(app: Flask, session: Session) -> None:
    contact, _keyworker = _people(session)
    first = send_web_message(
        session, contact, "I want to kill myself", NOW, _alerts(app), form_token="t"
    )
    second = send_web_message(
        session, contact, "I want to kill myself", NOW, _alerts(app), form_token="t"
    )
    assert first.flagged and second.flagged and second.repeat and not first.repeat


def test_too_long_is_refused_with_nothing_filed(app: Flask, session: Session) -> None:
    contact, _keyworker = _people(session)
    with pytest.raises(MessageTooLong):
        send_web_message(session, contact, "x" * 2001, NOW, _alerts(app), form_token="t")
    assert session.scalar(select(func.count(FamilyMessage.id))) == 0


def _reply(app: Flask, session: Session) -> tuple[Contact, Message | None, NotSent | None]:
    contact, keyworker = _people(session)
    send_web_message(session, contact, "Hello team", NOW, _alerts(app), form_token="t")
    notice = session.scalars(select(FamilyInputNotice)).one()
    reply, _review = reply_to_family(
        session, notice, "Thank you. We will call you.", keyworker, NOW, save_anyway=True
    )
    settings = FamilyMessageSettings.from_config(app.config)
    with app.test_request_context():
        translator = translator_for("en")
        first = tell_family_of_reply(session, reply, NOW, settings, translator)
        second = tell_family_of_reply(session, reply, NOW, settings, translator)
    assert second.not_sent is NotSent.ALREADY_QUEUED
    return contact, first.message, first.not_sent


def test_a_reply_queues_one_new_message_text_with_no_content(app: Flask, session: Session) -> None:
    contact, message, not_sent = _reply(app, session)
    assert not_sent is None and message is not None
    assert message.contact_id == contact.id and message.to_address == contact.mobile_e164
    assert message.purpose == Purpose.NEW_MESSAGE.value and not message.automatic
    assert message.body.endswith("/messages") and "We will call you" not in message.body
    assert message.send_after == NOW
    assert session.scalar(select(func.count(Message.id))) == 1


def test_the_thread_is_newest_first_and_only_the_contacts_own(app: Flask, session: Session) -> None:
    contact, _keyworker = _people(session)
    other = make_contact(session, young_person=contact.young_person, relation=Relationship.PARENT)
    for minutes, who in ((0, contact), (5, other), (10, contact)):
        send_web_message(
            session,
            who,
            f"at {minutes}",
            NOW + timedelta(minutes=minutes),
            _alerts(app),
            form_token=f"t{minutes}",
        )
    lines = family_thread(session, contact)
    assert [(line.kind, line.text) for line in lines] == [
        (ThreadKind.WROTE, "at 10"),
        (ThreadKind.WROTE, "at 0"),
    ]
