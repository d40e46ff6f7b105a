"""The date of birth check for a carer of more than one young person: one
person with a row for each young person, one link, any of their young
people's dates of birth, and one count of wrong dates that locks every row."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import AccessLink, AuditEvent, Contact, LinkPurpose, utc_now
from portal.services.access.identity_check import (
    IdentityOutcome,
    answers_for_several,
    check_date_of_birth,
)
from portal.timezones import london_today
from tests.portal.services.access.test_identity_check import SETTINGS, used_link
from tests.support.at_once import at_once_in_transactions
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person

JAMIE_BORN = date(london_today().year - 12, 6, 14)
MO_BORN = date(london_today().year - 15, 1, 30)
CARER_MOBILE = "07700 900231"


@dataclass(frozen=True)
class Carer:
    for_jamie: Contact
    for_mo: Contact


def a_carer_of_two(session: Session) -> Carer:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    rows = []
    for name, born in (("Jamie", JAMIE_BORN), ("Mo", MO_BORN)):
        person = make_young_person(
            session, team=team, keyworker=keyworker, preferred_name=name, date_of_birth=born
        )
        rows.append(make_contact(session, young_person=person, mobile=CARER_MOBILE))
    session.commit()
    return Carer(*rows)


def check(session: Session, link: AccessLink, answer: date):  # type: ignore[no-untyped-def]
    return check_date_of_birth(
        session, link, answer, utc_now(), london_today(), SETTINGS, max_failures=5
    )


def test_either_young_persons_date_signs_in_as_that_row(session: Session) -> None:
    carer = a_carer_of_two(session)
    link = used_link(session, carer.for_jamie)
    assert answers_for_several(session, link, london_today(), SETTINGS)

    result = check(session, link, MO_BORN)

    assert result.outcome is IdentityOutcome.PASSED
    assert result.contact_id == carer.for_mo.id
    signed_in = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "family.signed_in")
    ).one()
    assert signed_in.actor_contact_id == carer.for_mo.id
    assert signed_in.detail["link_id"] == link.id


def test_the_links_own_young_person_still_signs_in_as_the_links_row(session: Session) -> None:
    carer = a_carer_of_two(session)
    link = used_link(session, carer.for_jamie)
    result = check(session, link, JAMIE_BORN)
    assert (result.outcome, result.contact_id) == (IdentityOutcome.PASSED, carer.for_jamie.id)


def test_someone_with_one_young_person_is_not_told_about_several(session: Session) -> None:
    team = make_team(session)
    person = make_young_person(session, team=team, date_of_birth=JAMIE_BORN)
    contact = make_contact(session, young_person=person)
    session.commit()
    link = used_link(session, contact)
    assert not answers_for_several(session, link, london_today(), SETTINGS)


def test_a_young_person_the_rules_refuse_today_is_no_answer(session: Session) -> None:
    carer = a_carer_of_two(session)
    carer.for_mo.portal_access_enabled = False
    session.commit()
    link = used_link(session, carer.for_jamie)
    assert check(session, link, MO_BORN).outcome is IdentityOutcome.WRONG
    assert not answers_for_several(session, link, london_today(), SETTINGS)


def test_a_wrong_date_counts_once_and_the_lock_covers_every_row(session: Session) -> None:
    carer = a_carer_of_two(session)
    link = used_link(session, carer.for_jamie)
    result = check(session, link, date(2000, 1, 1))
    assert (result.outcome, result.tries_left) == (IdentityOutcome.WRONG, 4)
    session.refresh(carer.for_jamie)
    session.refresh(carer.for_mo)
    assert (carer.for_jamie.identity_check_failures, carer.for_mo.identity_check_failures) == (
        1,
        0,
    )

    outcomes = [check(session, link, date(2000, 1, 2)).outcome for _ in range(4)]

    assert outcomes == [IdentityOutcome.WRONG] * 3 + [IdentityOutcome.LOCKED]
    session.refresh(carer.for_jamie)
    session.refresh(carer.for_mo)
    # Mo's row is locked too: a link for it cannot start the count again.
    assert carer.for_jamie.sign_in_locked_at is not None
    assert carer.for_mo.sign_in_locked_at is not None
    locks = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "family.identity_check.locked")
    ).all()
    assert sorted(event.actor_contact_id for event in locks) == sorted(
        [carer.for_jamie.id, carer.for_mo.id]
    )


def test_20_answers_at_once_about_either_young_person_count_5_and_lock_both(
    session: Session,
) -> None:
    carer = a_carer_of_two(session)
    link = used_link(session, carer.for_jamie, LinkPurpose.SIGN_IN)
    session.commit()
    wrong = [date(2001, 1, 1) + timedelta(days=index) for index in range(20)]

    def answer(own: Session, index: int) -> IdentityOutcome:
        own_link = own.get(AccessLink, link.id)
        assert own_link is not None
        return check(own, own_link, wrong[index]).outcome

    outcomes = at_once_in_transactions(session.get_bind(), answer, count=20)
    session.expire_all()

    assert Counter(outcomes) == {IdentityOutcome.WRONG: 4, IdentityOutcome.LOCKED: 16}
    failed = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "family.identity_check.failed")
    ).all()
    assert len(failed) == 5
    assert all(
        row.sign_in_locked_at is not None
        for row in (session.get(Contact, carer.for_jamie.id), session.get(Contact, carer.for_mo.id))
        if row is not None
    )
