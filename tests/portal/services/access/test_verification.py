"""Staff checks of a contact's addresses: who, when and how are kept, only
staff who may see the record can make one, and the record reads each
address's state in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    AddressVerification,
    AuditEvent,
    Channel,
    Contact,
    StaffUser,
    VerificationMethod,
    utc_now,
)
from portal.services.access.addresses import link_addresses, may_receive_link, normalise_address
from portal.services.access.link_requests import (
    ASKED_FOR_UNVERIFIED,
    process_link_request,
    queue_link_request,
)
from portal.services.access.staff import NotVisible
from portal.services.access.verification import (
    AddressMissing,
    NoteNotValid,
    address_statuses,
    mark_address_verified,
)
from portal.services.wording import PlainTranslator
from portal.timezones import london_today
from tests.query_counter import count_queries
from tests.support.factories import make_staff_user, make_team
from tests.support.sign_in_helpers import contact_allowed_in, link_settings

NOW = utc_now()


def _unchecked(session: Session, **kwargs: object) -> tuple[Contact, StaffUser]:
    contact = contact_allowed_in(session, verified=False, **kwargs)
    keyworker = contact.young_person.keyworker
    assert keyworker is not None
    session.commit()
    return contact, keyworker


def _ask(session: Session, typed: str, now: object = None) -> None:
    """Someone asks at /sign-in for `typed`, and the request is handled."""
    address = normalise_address(typed)
    assert address is not None
    at = now or utc_now()
    request = queue_link_request(session, address, at)  # type: ignore[arg-type]
    process_link_request(
        session, request.id, at, london_today(), link_settings(), translator_for=PlainTranslator
    )  # type: ignore[arg-type]
    session.commit()


# Marking an address verified


def test_a_check_is_kept_with_who_when_and_how(session: Session) -> None:
    contact, keyworker = _unchecked(session, mobile="07700 900501")
    assert not may_receive_link(contact, Channel.SMS)
    check = mark_address_verified(
        session,
        contact,
        Channel.SMS,
        VerificationMethod.IN_PERSON,
        NOW,
        by=keyworker,
        note="  At the review meeting. ",
        ip_address="203.0.113.5",
    )
    session.commit()
    assert contact.phone_verified and may_receive_link(contact, Channel.SMS)
    assert [address.value for address in link_addresses(contact)] == ["+447700900501"]
    assert (check.address, check.method, check.note) == (
        "+447700900501",
        VerificationMethod.IN_PERSON,
        "At the review meeting.",
    )
    assert (check.verified_by_id, check.verified_at) == (keyworker.id, NOW)
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "contact.address.verified")
    ).one()
    assert (event.actor_staff_id, event.young_person_id, event.ip_address) == (
        keyworker.id,
        contact.young_person_id,
        "203.0.113.5",
    )
    assert event.detail["method"] == "in_person" and event.detail["channel"] == "sms"


def test_checking_an_email_address_leaves_the_number_as_it_was(session: Session) -> None:
    contact, keyworker = _unchecked(session, email="parent@example.org")
    check = mark_address_verified(
        session, contact, Channel.EMAIL, VerificationMethod.REPLIED, NOW, by=keyworker, note="  "
    )
    assert (contact.email_verified, contact.phone_verified) == (True, False)
    assert check.note is None


def test_only_staff_who_may_see_the_record_can_check(session: Session) -> None:
    contact, _ = _unchecked(session)
    stranger = make_staff_user(session, team=make_team(session))
    with pytest.raises(NotVisible):
        mark_address_verified(
            session, contact, Channel.SMS, VerificationMethod.PHONED, NOW, by=stranger
        )
    session.rollback()
    assert not session.get(Contact, contact.id).phone_verified  # type: ignore[union-attr]
    assert session.scalars(select(AddressVerification)).all() == []


def test_there_must_be_an_address_and_a_short_note(session: Session) -> None:
    contact, keyworker = _unchecked(session)
    with pytest.raises(AddressMissing):
        mark_address_verified(
            session, contact, Channel.EMAIL, VerificationMethod.PHONED, NOW, by=keyworker
        )
    with pytest.raises(NoteNotValid):
        mark_address_verified(
            session,
            contact,
            Channel.SMS,
            VerificationMethod.PHONED,
            NOW,
            by=keyworker,
            note="x" * 501,
        )
    assert not contact.phone_verified
    assert session.scalars(select(AddressVerification)).all() == []


def test_a_check_is_history(session: Session) -> None:
    contact, keyworker = _unchecked(session)
    check = mark_address_verified(
        session, contact, Channel.SMS, VerificationMethod.PHONED, NOW, by=keyworker
    )
    session.commit()
    check.note = "changed"
    with pytest.raises(Exception, match="history"):
        session.flush()


# What the record shows


def test_the_record_shows_each_address_and_its_check(session: Session) -> None:
    contact, keyworker = _unchecked(session, mobile="07700 900502", email="parent@example.org")
    check = mark_address_verified(
        session, contact, Channel.SMS, VerificationMethod.PHONED, NOW, by=keyworker
    )
    session.commit()
    [mobile, email] = address_statuses(session, contact.young_person_id, [contact])[contact.id]
    assert (mobile.channel, mobile.address, mobile.verified) == (
        Channel.SMS,
        "+447700900502",
        True,
    )
    assert mobile.verification == check and mobile.asked_while_unverified_at is None
    assert (email.channel, email.verified, email.verification) == (Channel.EMAIL, False, None)


def test_the_record_says_someone_asked_for_a_link_for_an_unchecked_address(
    session: Session,
) -> None:
    contact, keyworker = _unchecked(session, mobile="07700 900503")
    _ask(session, "07700 900503")
    [mobile] = address_statuses(session, contact.young_person_id, [contact])[contact.id]
    assert mobile.asked_while_unverified_at is not None
    assert session.scalars(select(AuditEvent.action)).all().count(ASKED_FOR_UNVERIFIED) == 1

    # Once checked, it no longer says so.
    mark_address_verified(
        session, contact, Channel.SMS, VerificationMethod.PHONED, utc_now(), by=keyworker
    )
    session.commit()
    [mobile] = address_statuses(session, contact.young_person_id, [contact])[contact.id]
    assert mobile.verified and mobile.asked_while_unverified_at is None


def test_asking_about_an_old_number_or_before_an_earlier_check_is_not_shown(
    session: Session,
) -> None:
    contact, keyworker = _unchecked(session, mobile="07700 900504")
    _ask(session, "07700 900504", now=utc_now() - timedelta(minutes=10))
    mark_address_verified(
        session, contact, Channel.SMS, VerificationMethod.PHONED, utc_now(), by=keyworker
    )
    session.commit()
    # The number changes (the check goes), then back: the old question
    # was answered by the check made since.
    contact.mobile_e164 = "07700 900505"
    session.commit()
    [mobile] = address_statuses(session, contact.young_person_id, [contact])[contact.id]
    assert not mobile.verified and mobile.asked_while_unverified_at is None
    contact.mobile_e164 = "07700 900504"
    session.commit()
    [mobile] = address_statuses(session, contact.young_person_id, [contact])[contact.id]
    assert not mobile.verified and mobile.asked_while_unverified_at is None


def test_the_record_reads_addresses_in_three_queries_however_long_the_history(
    session: Session,
) -> None:
    contact, keyworker = _unchecked(session, mobile="07700 900506", email="parent@example.org")
    other = contact_allowed_in(session, verified=False)
    mark_address_verified(
        session, contact, Channel.SMS, VerificationMethod.PHONED, NOW, by=keyworker
    )
    _ask(session, "parent@example.org")

    def queries() -> int:
        session.expire_all()
        contacts = [session.get(Contact, contact.id), session.get(Contact, other.id)]
        with count_queries(session.get_bind()) as log:  # type: ignore[arg-type]
            address_statuses(session, contact.young_person_id, contacts)  # type: ignore[arg-type]
        return log.count

    few = queries()
    for _ in range(5):
        mark_address_verified(
            session, contact, Channel.SMS, VerificationMethod.PHONED, NOW, by=keyworker
        )
        _ask(session, "parent@example.org")
    session.commit()
    # The checks, who made them, and the requests for a link.
    assert queries() == few == 3
