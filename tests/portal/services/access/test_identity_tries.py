"""Taking a try before an answer is judged, clearing the count after a right
one, and the lock: each one conditional UPDATE, so what another request
committed meanwhile decides, not what this request read earlier."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import AccessLink, AuditEvent, Channel, Contact, LinkPurpose, utc_now
from portal.services.access.identity_tries import (
    IDENTITY_CHECK_FAILED,
    IDENTITY_CHECK_LOCKED,
    clear_tries,
    count_wrong_answer,
    take_a_try,
)
from portal.services.access.links import LinkSettings, issue_link
from portal.services.wording import PlainTranslator
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person
from tests.support.family_sessions import contact_sessions, start_family_session
from tests.support.sign_in_helpers import BIRTHDAY

MAX = 5


def _contact(session: Session) -> Contact:
    team = make_team(session)
    person = make_young_person(
        session, team=team, keyworker=make_staff_user(session, team=team), date_of_birth=BIRTHDAY
    )
    contact = make_contact(session, young_person=person)
    session.commit()
    return contact


def _lock_from_another_request(session: Session, contact: Contact) -> None:
    with Session(session.get_bind()) as other:
        locked = other.get(Contact, contact.id)
        assert locked is not None
        locked.sign_in_locked_at = utc_now()
        other.commit()


def _actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_try_is_counted_before_the_answer_is_judged(session: Session) -> None:
    contact = _contact(session)
    assert [take_a_try(session, contact, utc_now(), max_failures=MAX, ip_address=None)] == [1]
    assert contact.identity_check_failures == 1
    assert _actions(session) == []  # judging the answer records what it was


def test_no_try_once_another_request_has_locked_sign_in(session: Session) -> None:
    contact = _contact(session)
    assert contact.sign_in_locked_at is None  # as this request read it
    _lock_from_another_request(session, contact)
    assert take_a_try(session, contact, utc_now(), max_failures=MAX, ip_address=None) is None
    assert contact.identity_check_failures == 0 and contact.sign_in_locked_at is not None


def test_a_right_answer_does_not_clear_the_count_after_a_lock(session: Session) -> None:
    contact = _contact(session)
    contact.identity_check_failures = 3
    session.commit()
    _lock_from_another_request(session, contact)
    assert not clear_tries(session, contact)
    assert contact.identity_check_failures == 3
    session.rollback()
    contact.sign_in_locked_at = None
    session.commit()
    assert clear_tries(session, contact)
    assert contact.identity_check_failures == 0


def test_the_wrong_answer_that_reaches_the_limit_locks_once(session: Session) -> None:
    contact = _contact(session)
    waiting = issue_link(
        session,
        contact,
        LinkPurpose.INVITATION,
        Channel.SMS,
        utc_now(),
        LinkSettings(
            base_url="http://portal.test",
            service_name="Keyworker Family Portal",
            invitation_lifetime=timedelta(hours=72),
            request_lifetime=timedelta(minutes=15),
            minimum_own_access_age=11,
        ),
        translator_for=PlainTranslator,
    )
    start_family_session(session, contact)
    now = utc_now()
    outcomes = []
    for _ in range(MAX):
        tries = take_a_try(session, contact, now, max_failures=MAX, ip_address="192.0.2.1")
        assert tries is not None
        outcomes.append(
            count_wrong_answer(session, contact, tries, now, max_failures=MAX, ip_address=None)
        )
    assert outcomes == [False] * (MAX - 1) + [True]
    assert contact.sign_in_locked_at == now
    session.expire_all()
    assert session.get(AccessLink, waiting.link.id).cancelled_at == now  # type: ignore[union-attr]
    assert contact_sessions(session, contact.id) == 0
    assert _actions(session)[-2:] == [IDENTITY_CHECK_FAILED, IDENTITY_CHECK_LOCKED]
    locked = session.scalars(
        select(AuditEvent).where(AuditEvent.action == IDENTITY_CHECK_LOCKED)
    ).one()
    assert locked.detail == {
        "failures_in_a_row": MAX,
        "keyworker_id": contact.young_person.keyworker_id,
        "sessions_ended": 1,
    }
    assert take_a_try(session, contact, now, max_failures=MAX, ip_address=None) is None
