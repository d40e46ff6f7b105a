"""Access links: random secrets stored only as hashes, one contact and one
purpose each, single use, limited lives, the newest link the only one that
works, and short messages with nothing clinical in them."""

from __future__ import annotations

import logging
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
from portal.services.access.links import (
    SIGN_IN_PURPOSES,
    Address,
    LinkSettings,
    LinkTokenFilter,
    hash_token,
    issue_link,
    link_message,
    normalise_address,
    open_link,
    redact_link_tokens,
    request_sign_in_links,
    use_link,
)
from portal.timezones import london_today
from tests.factories import make_contact, make_staff_user, make_team, make_young_person

# GSM 03.38, the basic character set: a text message of these characters only
# holds 160 characters, or 153 a part when it is sent in parts (2 parts: 306).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
TWO_SMS_PARTS = 306
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
    issued = issue_link(session, contact, purpose, Channel.SMS, utc_now(), settings())
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


# Asking for a link at /sign-in


def test_normalise_address() -> None:
    assert normalise_address(" 07700 900123 ") == Address(Channel.SMS, "+447700900123")
    assert normalise_address("+44 7700 900123") == Address(Channel.SMS, "+447700900123")
    assert normalise_address(" Alex.Parent@Example.ORG ") == Address(
        Channel.EMAIL, "alex.parent@example.org"
    )
    for junk in ("", "   ", "my phone", "0114 496 0000", "alex@", "@example.org", "x" * 255):
        assert normalise_address(junk) is None, junk


def test_asking_sends_one_link_to_each_contact_with_access(session: Session) -> None:
    # A carer of two young people has a contact row for each.
    first = a_contact(session, mobile="07700 900201")
    second = a_contact(session, mobile="07700 900201")
    a_contact(session, mobile="07700 900201", portal_access_enabled=False)
    a_contact(session, mobile="07700 900202")
    sent = request_sign_in_links(
        session, normalise_address("07700 900201"), utc_now(), london_today(), settings()
    )  # type: ignore[arg-type]
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
    sent = request_sign_in_links(
        session,
        normalise_address("Alex.Parent@example.org"),  # type: ignore[arg-type]
        utc_now(),
        london_today(),
        settings(),
    )
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
        request_sign_in_links(
            session, normalise_address(number), utc_now(), london_today(), settings()
        )  # type: ignore[arg-type]
        # A secret is made and hashed whether or not anyone has this number.
        assert len(hashed) in (1, 2)
        assert hashed[0] and re.fullmatch(r"[A-Za-z0-9_-]{22}", hashed[0])
    requests = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "access_link.requested")
    ).all()
    assert [event.detail["links_sent"] for event in requests] == [1, 0]
    assert all(event.actor_role.value == "anonymous" for event in requests)
    assert session.scalar(select(Message.to_address)) == "+447700900201"


def test_asking_sends_nothing_to_a_locked_out_contact(session: Session) -> None:
    contact = a_contact(session, mobile="07700 900201")
    contact.sign_in_locked_at = utc_now()
    session.commit()
    address = normalise_address("07700 900201")
    assert request_sign_in_links(session, address, utc_now(), london_today(), settings()) == 0  # type: ignore[arg-type]
    assert session.scalars(select(Message)).all() == []


# Messages


@pytest.mark.parametrize("purpose", list(LinkPurpose))
def test_a_text_message_fits_in_2_parts_of_the_gsm_alphabet(
    app: Flask, purpose: LinkPurpose
) -> None:
    # A long but real-looking address for a service: the message must still fit.
    long_base = "https://keyworker-family-portal.example-icb.nhs.uk"
    token = "A" * 22
    with app.app_context():
        body = link_message(
            purpose,
            f"{long_base}/l/{token}",
            service_name=app.config["SERVICE_NAME"],
            lifetime=timedelta(hours=72),
        ).body
    assert set(body) <= GSM7_BASIC, sorted(set(body) - GSM7_BASIC)
    assert len(body) <= TWO_SMS_PARTS, len(body)
    assert "Keyworker Family Portal" in body and f"{long_base}/l/{token}" in body


def test_messages_name_nobody_and_say_nothing_clinical(session: Session) -> None:
    contact = a_contact(session, email="alex.parent@example.org")
    issue_link(session, contact, LinkPurpose.INVITATION, Channel.SMS, utc_now(), settings())
    issue_link(session, contact, LinkPurpose.SIGN_IN, Channel.EMAIL, utc_now(), settings())
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
    issue_link(session, contact, LinkPurpose.INVITATION, Channel.SMS, utc_now(), settings())
    issue_link(session, contact, LinkPurpose.SIGN_IN, Channel.SMS, utc_now(), settings())
    bodies = session.scalars(select(Message.body).order_by(Message.id)).all()
    assert "works for 3 days" in bodies[0]
    assert "works for 15 minutes" in bodies[1]


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


# Logs


def test_redaction_takes_the_secret_out_of_a_path() -> None:
    assert (
        redact_link_tokens('"GET /l/Ab-c_123 HTTP/1.1" 200') == '"GET /l/[redacted] HTTP/1.1" 200'
    )
    assert redact_link_tokens("POST /l/Ab-c_123?x=1") == "POST /l/[redacted]?x=1"
    assert redact_link_tokens("GET /sign-in HTTP/1.1") == "GET /sign-in HTTP/1.1"


def test_the_filter_redacts_gunicorn_access_log_lines(caplog: pytest.LogCaptureFixture) -> None:
    # gunicorn logs each request as its access_log_format filled from a dict of
    # "atoms"; the default format prints the request line and the Referer.
    from gunicorn.config import Config as GunicornConfig

    logger = logging.getLogger("test.gunicorn.access")
    logger.addFilter(LinkTokenFilter())
    atoms = {
        "h": "203.0.113.9",
        "l": "-",
        "u": "-",
        "t": "[23/Nov/2026:10:00:00 +0000]",
        "r": "GET /l/SecretSecretSecret_1 HTTP/1.1",
        "s": "200",
        "b": "1234",
        "f": "https://portal.example.org/l/SecretSecretSecret_1",
        "a": "Mozilla/5.0",
    }
    with caplog.at_level(logging.INFO, logger="test.gunicorn.access"):
        logger.info(GunicornConfig().access_log_format, atoms)
    assert "SecretSecretSecret_1" not in caplog.text
    assert caplog.text.count("/l/[redacted]") == 2


def test_the_app_installs_the_filter_on_the_request_loggers(app: Flask) -> None:
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error", "portal"):
        filters = logging.getLogger(name).filters
        assert sum(isinstance(item, LinkTokenFilter) for item in filters) == 1, name


def test_a_young_person_gets_their_own_link(session: Session) -> None:
    contact = a_contact(session, relation=Relationship.SELF)
    token = issue(session, contact).token
    used = use(session, token)
    assert used is not None and used.contact_id == contact.id
