"""Access links: random secrets stored only as hashes, one contact and one
purpose each, single use, limited lives, the newest link the only one that
works, and short messages with nothing clinical in them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

import portal.services.access.links as access_links
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
from portal.services.access.addresses import normalise_address
from portal.services.access.links import (
    SIGN_IN_PURPOSES,
    LinkSettings,
    hash_token,
    issue_link,
    open_link,
    request_sign_in_links,
    use_link,
)
from portal.services.wording import PlainTranslator
from portal.timezones import london_today
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person

# Words that would tell a reader of the phone something about the young person's care.
CLINICAL_WORDS = re.compile(
    r"autis|learning disab|mental|health|hospital|camhs|cetr|diagnos|risk|"
    r"register|crisis|plan|meeting|admission|section",
    re.IGNORECASE,
)


def settings(**changes: object) -> LinkSettings:
    values: dict[str, object] = {
        "base_url": "http://portal.test",
        "service_name": "Keyworker Family Portal",
        "invitation_lifetime": timedelta(hours=72),
        "request_lifetime": timedelta(minutes=15),
        "minimum_own_access_age": 11,
    }
    values.update(changes)
    return LinkSettings(**values)  # type: ignore[arg-type]


def a_contact(session: Session, **kwargs: object) -> Contact:
    team = make_team(session)
    # 12 or 13: a parent with parental responsibility may see the portal.
    person = make_young_person(
        session,
        team=team,
        keyworker=make_staff_user(session, team=team),
        preferred_name="Robin",
        date_of_birth=date(london_today().year - 13, 1, 15),
    )
    return make_contact(session, young_person=person, **kwargs)  # type: ignore[arg-type]


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


def ask(session: Session, typed: str) -> int:
    """Someone asks for a link at /sign-in with what they `typed`."""
    address = normalise_address(typed)
    assert address is not None
    return request_sign_in_links(
        session, address, utc_now(), london_today(), settings(), translator_for=PlainTranslator
    )


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


# Asking for a link at /sign-in


def test_asking_sends_one_link_to_each_contact_with_access(session: Session) -> None:
    # A carer of two young people has a contact row for each.
    first = a_contact(session, mobile="07700 900201")
    second = a_contact(session, mobile="07700 900201")
    a_contact(session, mobile="07700 900201", portal_access_enabled=False)
    a_contact(session, mobile="07700 900202")
    sent = ask(session, "07700 900201")
    assert sent == 2
    links = session.scalars(select(AccessLink).order_by(AccessLink.id)).all()
    assert [(link.contact_id, link.purpose) for link in links] == [
        (first.id, LinkPurpose.SIGN_IN),
        (second.id, LinkPurpose.SIGN_IN),
    ]
    assert all(link.expires_at - link.created_at == timedelta(minutes=15) for link in links)
    messages = session.scalars(select(Message).order_by(Message.id)).all()
    assert [message.to_address for message in messages] == ["+447700900201"] * 2
    assert messages[0].body != messages[1].body  # each has its own link


def test_asking_by_email_sends_an_email_to_that_address(session: Session) -> None:
    contact = a_contact(session, email="alex.parent@example.org")
    sent = ask(session, "Alex.Parent@example.org")
    assert sent == 1
    message = session.scalars(select(Message)).one()
    assert (message.channel, message.to_address, message.contact_id) == (
        Channel.EMAIL,
        "alex.parent@example.org",
        contact.id,
    )
    assert message.subject == "Your link to the Keyworker Family Portal"


def test_asking_does_the_same_work_for_an_unknown_address(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_contact(session, mobile="07700 900201")
    hashed: list[str] = []
    real_hash = access_links.hash_token
    monkeypatch.setattr(
        access_links, "hash_token", lambda token: hashed.append(token) or real_hash(token)
    )

    for number in ("07700 900201", "07700 900299"):
        hashed.clear()
        ask(session, number)
        # A secret is made and hashed whether or not anyone has this number.
        assert len(hashed) in (1, 2)
        assert hashed[0] and re.fullmatch(r"[A-Za-z0-9_-]{22}", hashed[0])
    requests = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "access_link.requested")
        .order_by(AuditEvent.id)
    ).all()
    assert [event.detail["links_sent"] for event in requests] == [1, 0]
    assert all(event.actor_role.value == "anonymous" for event in requests)
    assert session.scalar(select(Message.to_address)) == "+447700900201"


def test_asking_sends_nothing_to_a_locked_out_contact(session: Session) -> None:
    contact = a_contact(session, mobile="07700 900201")
    contact.sign_in_locked_at = utc_now()
    session.commit()
    assert ask(session, "07700 900201") == 0
    assert session.scalars(select(Message)).all() == []


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
