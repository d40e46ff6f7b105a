"""Access links: random secrets stored only as hashes, one contact and one
purpose each, single use, limited lives, the newest link the only one that
works, and short messages with nothing clinical in them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    AccessLink,
    AuditEvent,
    Channel,
    Contact,
    LinkPurpose,
    Message,
    Relationship,
    utc_now,
)
from portal.services.access.links import (
    SIGN_IN_PURPOSES,
    AddressNotVerified,
    LinkSettings,
    hash_token,
    issue_link,
    open_link,
    use_link,
)
from portal.services.wording import PlainTranslator
from portal.timezones import london_today
from tests.support.factories import make_contact
from tests.support.sign_in_helpers import contact_allowed_in as a_contact
from tests.support.sign_in_helpers import link_settings as settings

# Words that would tell a reader of the phone something about the young person's care.
CLINICAL_WORDS = re.compile(
    r"autis|learning disab|mental|health|hospital|camhs|cetr|diagnos|risk|"
    r"register|crisis|plan|meeting|admission|section",
    re.IGNORECASE,
)


def issue(session: Session, contact: Contact, purpose: LinkPurpose = LinkPurpose.INVITATION):  # type: ignore[no-untyped-def]
    issued = issue_link(
        session,
        contact,
        purpose,
        Channel.SMS,
        utc_now(),
        settings(),
        translator_for=PlainTranslator,
    )
    session.commit()
    return issued


def use(session: Session, token: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return use_link(session, token, utc_now(), london_today(), settings(), **kwargs)  # type: ignore[arg-type]


# The secret


def test_a_secret_has_128_random_bits_and_only_its_hash_is_stored(session: Session) -> None:
    contact = a_contact(session)
    first, second = issue(session, contact), issue(session, contact)
    assert first.token != second.token
    # 16 random bytes in base64url: 22 characters, nothing but letters, digits, - and _.
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", first.token)
    assert first.url == f"http://portal.test/l/{first.token}"
    stored = session.scalars(select(AccessLink.token_hash)).all()
    assert first.token not in stored
    assert hash_token(first.token) in stored
    assert len(hash_token(first.token)) == 64


def test_a_tampered_secret_is_refused(session: Session) -> None:
    token = issue(session, a_contact(session)).token
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    for tampered in (changed, token[:-1], token + "A", token.lower(), "", "../" + token):
        assert open_link(session, tampered, utc_now()) is None
        assert use(session, tampered) is None
    assert use(session, token) is not None


# One contact, one purpose, one use


def test_opening_a_link_does_not_use_it(session: Session) -> None:
    token = issue(session, a_contact(session)).token
    for _ in range(3):  # a phone's link checker, a mail scanner, then the person
        assert open_link(session, token, utc_now()) is not None
    link = session.scalars(select(AccessLink)).one()
    assert link.used_at is None and link.first_opened_at is not None
    assert use(session, token) is not None


def test_a_link_works_once(session: Session) -> None:
    token = issue(session, a_contact(session)).token
    used = use(session, token)
    assert used is not None and used.needs_identity_check
    assert use(session, token) is None
    assert open_link(session, token, utc_now()) is None


def test_a_link_is_bound_to_its_contact(session: Session) -> None:
    contact = a_contact(session)
    other = make_contact(session, young_person=contact.young_person)
    token = issue(session, contact).token
    issue(session, other)
    used = use(session, token)
    assert used is not None and used.contact_id == contact.id


def test_a_link_for_one_purpose_is_refused_for_another(session: Session) -> None:
    contact = a_contact(session)
    invitation = issue(session, contact, LinkPurpose.INVITATION).token
    other_contact = make_contact(session, young_person=contact.young_person)
    asked_for = issue(session, other_contact, LinkPurpose.SIGN_IN).token

    assert open_link(session, invitation, utc_now(), purposes={LinkPurpose.SIGN_IN}) is None
    assert use(session, invitation, purposes={LinkPurpose.SIGN_IN}) is None
    assert use(session, asked_for, purposes={LinkPurpose.INVITATION}) is None
    # Refused means untouched: each still works where its purpose is accepted.
    assert use(session, invitation, purposes={LinkPurpose.INVITATION}) is not None
    assert use(session, asked_for, purposes=SIGN_IN_PURPOSES) is not None


def test_a_new_link_cancels_the_earlier_unused_ones(session: Session) -> None:
    contact = a_contact(session)
    used_first = issue(session, contact).token
    assert use(session, used_first) is not None
    old = issue(session, contact, LinkPurpose.INVITATION).token
    newer = issue(session, contact, LinkPurpose.SIGN_IN).token
    assert open_link(session, old, utc_now()) is None
    assert use(session, old) is None
    assert use(session, newer) is not None
    links = session.scalars(select(AccessLink).order_by(AccessLink.id)).all()
    assert [link.cancelled_at is not None for link in links] == [False, True, False]


@pytest.mark.parametrize(
    ("purpose", "lifetime"),
    [(LinkPurpose.INVITATION, timedelta(hours=72)), (LinkPurpose.SIGN_IN, timedelta(minutes=15))],
)
def test_a_link_stops_working_at_the_end_of_its_life(
    session: Session, purpose: LinkPurpose, lifetime: timedelta
) -> None:
    contact = a_contact(session)
    start = utc_now()
    with time_machine.travel(start, tick=False):
        late = issue(session, contact, purpose).token
    second = make_contact(session, young_person=contact.young_person)
    with time_machine.travel(start, tick=False):
        in_time = issue(session, second, purpose).token
    with time_machine.travel(start + lifetime - timedelta(seconds=1), tick=False):
        assert use(session, in_time) is not None
    with time_machine.travel(start + lifetime, tick=False):
        assert open_link(session, late, utc_now()) is None
        assert use(session, late) is None


def test_lifetimes_come_from_the_config(app: Flask) -> None:
    app.config.update(
        ACCESS_LINK_INVITATION_LIFETIME=timedelta(hours=24),
        ACCESS_LINK_REQUEST_LIFETIME=timedelta(minutes=5),
    )
    configured = LinkSettings.from_config(app.config)
    assert configured.lifetime(LinkPurpose.INVITATION) == timedelta(hours=24)
    assert configured.lifetime(LinkPurpose.SIGN_IN) == timedelta(minutes=5)
    assert configured.base_url == "http://portal.test"


def test_no_link_works_while_the_contact_is_locked_out(session: Session) -> None:
    contact = a_contact(session)
    token = issue(session, contact).token
    contact.sign_in_locked_at = utc_now()
    session.commit()
    assert open_link(session, token, utc_now()) is None
    assert use(session, token) is None


def test_using_a_link_is_refused_and_audited_when_access_has_ended(session: Session) -> None:
    contact = a_contact(session)
    token = issue(session, contact).token
    contact.portal_access_enabled = False
    session.commit()
    assert use(session, token) is None
    refused = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "access_link.refused")
    ).one()
    assert refused.actor_contact_id == contact.id
    assert refused.detail["reason"] == "access_switched_off"
    # The link was spent all the same.
    assert session.scalars(select(AccessLink)).one().used_at is not None


# Only to checked addresses


@pytest.mark.parametrize("channel", [Channel.SMS, Channel.EMAIL])
def test_no_link_is_issued_to_an_address_nobody_has_checked(
    session: Session, channel: Channel
) -> None:
    contact = a_contact(session, email="alex.parent@example.org", verified=False)
    with pytest.raises(AddressNotVerified):
        issue_link(
            session,
            contact,
            LinkPurpose.INVITATION,
            channel,
            utc_now(),
            settings(),
            translator_for=PlainTranslator,
        )
    session.flush()
    assert session.scalars(select(AccessLink)).all() == []
    assert session.scalars(select(Message)).all() == []


def test_a_link_goes_only_by_the_channel_that_is_checked(session: Session) -> None:
    contact = a_contact(session, email="alex.parent@example.org")
    contact.email_verified = False
    issue_link(
        session,
        contact,
        LinkPurpose.INVITATION,
        Channel.SMS,
        utc_now(),
        settings(),
        translator_for=PlainTranslator,
    )
    with pytest.raises(AddressNotVerified):
        issue_link(
            session,
            contact,
            LinkPurpose.INVITATION,
            Channel.EMAIL,
            utc_now(),
            settings(),
            translator_for=PlainTranslator,
        )
    assert [message.channel for message in session.scalars(select(Message))] == [Channel.SMS]


# Messages


def test_messages_name_nobody_and_say_nothing_clinical(session: Session) -> None:
    contact = a_contact(session, email="alex.parent@example.org")
    issue_link(
        session,
        contact,
        LinkPurpose.INVITATION,
        Channel.SMS,
        utc_now(),
        settings(),
        translator_for=PlainTranslator,
    )
    issue_link(
        session,
        contact,
        LinkPurpose.SIGN_IN,
        Channel.EMAIL,
        utc_now(),
        settings(),
        translator_for=PlainTranslator,
    )
    session.commit()
    person = contact.young_person
    for message in session.scalars(select(Message)).all():
        text = f"{message.subject or ''} {message.body}"
        assert not CLINICAL_WORDS.search(text), text
        for name in (person.preferred_name, person.legal_name, contact.name):
            assert name not in text
        assert "http://portal.test/l/" in text


def test_message_lifetimes_are_written_in_words(session: Session) -> None:
    contact = a_contact(session)
    issue_link(
        session,
        contact,
        LinkPurpose.INVITATION,
        Channel.SMS,
        utc_now(),
        settings(),
        translator_for=PlainTranslator,
    )
    issue_link(
        session,
        contact,
        LinkPurpose.SIGN_IN,
        Channel.SMS,
        utc_now(),
        settings(),
        translator_for=PlainTranslator,
    )
    bodies = session.scalars(select(Message.body).order_by(Message.id)).all()
    assert "works for 3 days" in bodies[0]
    assert "works for 15 minutes" in bodies[1]


def test_the_message_is_written_in_the_contacts_language(session: Session) -> None:
    contact = a_contact(session)
    contact.preferred_language = "cy"
    asked: list[str] = []

    def translator_for(language: str) -> PlainTranslator:
        asked.append(language)
        return PlainTranslator(language)

    issue_link(
        session,
        contact,
        LinkPurpose.INVITATION,
        Channel.SMS,
        utc_now(),
        settings(),
        translator_for=translator_for,
    )
    assert asked == ["cy"]


# Audit


def test_issuing_opening_and_using_are_audited_without_the_secret(session: Session) -> None:
    contact = a_contact(session)
    token = issue(session, contact).token
    open_link(session, token, utc_now(), ip_address="203.0.113.9")
    use(session, token, ip_address="203.0.113.9")
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [event.action for event in events] == [
        "access_link.issued",
        "access_link.opened",
        "access_link.used",
    ]
    issued, opened, used = events
    assert issued.detail["channel"] == "sms" and issued.detail["purpose"] == "invitation"
    assert issued.detail["contact_id"] == contact.id
    assert (opened.actor_role.value, opened.actor_contact_id) == ("family", contact.id)
    assert used.ip_address == "203.0.113.9"
    assert {event.young_person_id for event in events} == {contact.young_person_id}
    for event in events:
        assert token not in repr(event.detail) and hash_token(token) not in repr(event.detail)


def test_a_young_person_gets_their_own_link(session: Session) -> None:
    contact = a_contact(session, relation=Relationship.SELF)
    token = issue(session, contact).token
    used = use(session, token)
    assert used is not None and used.contact_id == contact.id
