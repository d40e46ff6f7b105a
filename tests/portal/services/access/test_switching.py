"""Whose pages a carer may choose (rows sharing a checked address, allowed
today, not locked), and the date of birth check before switching: wrong
answers count and lock as at sign-in, a right one resets the count."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, Contact, Relationship, YoungPerson
from portal.services.access.identity_check import (
    IDENTITY_CHECK_FAILED,
    IDENTITY_CHECK_LOCKED,
    IDENTITY_CHECK_PASSED,
)
from portal.services.access.switching import (
    YOUNG_PERSON_SWITCHED,
    SwitchOutcome,
    YoungPersonChoice,
    check_date_of_birth_for_switch,
    choices_for,
    chosen_contact,
    has_other_young_people,
    record_switch,
    safe_without_asking,
    tries_left,
)
from tests.support.at_once import at_once_in_transactions
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person
from tests.support.family_sessions import contact_sessions, start_family_session

TODAY = date(2026, 3, 2)
NOW = datetime.fromisoformat("2026-03-02T09:00:00+00:00")
MOBILE = "07700 900250"


@dataclass
class Carer:
    for_amir: Contact
    for_mo: Contact
    mo: YoungPerson
    stranger: Contact  # another family's contact with a different number


def _carer_row(session: Session, person: YoungPerson, **values: object) -> Contact:
    contact = make_contact(
        session, young_person=person, relation=Relationship.CARER, mobile=MOBILE, name="Jamie"
    )
    contact.phone_verified = True
    for name, value in values.items():
        setattr(contact, name, value)
    session.flush()
    return contact


@pytest.fixture
def carer(session: Session) -> Carer:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    amir = make_young_person(
        session,
        team=team,
        keyworker=keyworker,
        preferred_name="Amir",
        date_of_birth=date(2018, 1, 9),
    )
    mo = make_young_person(
        session, team=team, keyworker=keyworker, preferred_name="Mo", date_of_birth=date(2016, 7, 4)
    )
    liv = make_young_person(
        session, team=team, preferred_name="Liv", date_of_birth=date(2014, 2, 2)
    )
    result = Carer(
        for_amir=_carer_row(session, amir),
        for_mo=_carer_row(session, mo),
        mo=mo,
        stranger=make_contact(session, young_person=liv, mobile="07700 900251"),
    )
    session.commit()
    return result


# Who can be chosen


def test_the_carers_other_row_can_be_chosen(session: Session, carer: Carer) -> None:
    assert choices_for(session, carer.for_amir, TODAY) == [
        YoungPersonChoice(carer.for_amir.id, "Amir", is_current=True),
        YoungPersonChoice(carer.for_mo.id, "Mo", is_current=False),
    ]
    assert has_other_young_people(session, carer.for_amir, TODAY)
    assert chosen_contact(session, carer.for_amir, carer.for_mo.id, TODAY) == carer.for_mo
    assert chosen_contact(session, carer.for_amir, str(carer.for_mo.id), TODAY) == carer.for_mo


@pytest.mark.parametrize("value", [None, "", "abc", "-1", "1.5", True, 999999, [1]])
def test_anything_else_cannot_be_chosen(session: Session, carer: Carer, value: object) -> None:
    assert chosen_contact(session, carer.for_amir, value, TODAY) is None


def test_another_familys_contact_and_the_current_row_cannot_be_chosen(
    session: Session, carer: Carer
) -> None:
    assert chosen_contact(session, carer.for_amir, carer.stranger.id, TODAY) is None
    assert chosen_contact(session, carer.for_amir, carer.for_amir.id, TODAY) is None


@pytest.mark.parametrize(
    "change",
    [
        {"phone_verified": False},
        {"portal_access_enabled": False},
        {"sign_in_locked_at": NOW},
        # Without parental responsibility, nobody but the young person sees a
        # child's portal.
        {"has_parental_responsibility": False},
    ],
)
def test_a_row_that_is_not_checked_allowed_or_unlocked_is_left_out(
    session: Session, carer: Carer, change: dict[str, object]
) -> None:
    for name, value in change.items():
        setattr(carer.for_mo, name, value)
    session.commit()
    assert choices_for(session, carer.for_amir, TODAY) == [
        YoungPersonChoice(carer.for_amir.id, "Amir", is_current=True)
    ]
    assert not has_other_young_people(session, carer.for_amir, TODAY)
    assert chosen_contact(session, carer.for_amir, carer.for_mo.id, TODAY) is None


def test_an_unchecked_number_on_the_signed_in_row_joins_nothing(
    session: Session, carer: Carer
) -> None:
    carer.for_amir.phone_verified = False
    session.commit()
    assert not has_other_young_people(session, carer.for_amir, TODAY)


def test_a_checked_email_on_both_rows_joins_them(session: Session, carer: Carer) -> None:
    for contact, mobile in ((carer.for_amir, "07700 900252"), (carer.for_mo, "07700 900253")):
        contact.mobile_e164 = mobile
        contact.email = "jamie@example.org"
        contact.email_verified = True
    session.commit()
    assert has_other_young_people(session, carer.for_amir, TODAY)
    carer.for_mo.email_verified = False
    session.commit()
    assert not has_other_young_people(session, carer.for_amir, TODAY)


def test_two_rows_for_the_same_other_young_person_show_once(session: Session, carer: Carer) -> None:
    _carer_row(session, carer.mo, name="Jamie again")
    session.commit()
    names = [choice.preferred_name for choice in choices_for(session, carer.for_amir, TODAY)]
    assert names == ["Amir", "Mo"]


# When to ask


def test_the_date_of_birth_is_asked_unless_checked_or_adjusted(
    session: Session, carer: Carer
) -> None:
    assert safe_without_asking(carer.for_mo, {carer.for_amir.id}) is None
    assert safe_without_asking(carer.for_mo, {carer.for_amir.id, carer.for_mo.id}) == "earlier"
    carer.for_mo.identity_check_skip_reason = "Needs help with dates."
    assert safe_without_asking(carer.for_mo, set()) == "skipped"


# The check


def _actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_wrong_date_counts_and_the_fifth_locks(session: Session, carer: Carer) -> None:
    for attempt in range(1, 5):
        result = check_date_of_birth_for_switch(
            session, carer.for_amir, carer.for_mo, date(2000, 1, 1), NOW, max_failures=5
        )
        assert result.outcome is SwitchOutcome.WRONG
        assert result.tries_left == 5 - attempt
        assert tries_left(carer.for_mo, 5) == 5 - attempt
    assert carer.for_mo.sign_in_locked_at is None
    result = check_date_of_birth_for_switch(
        session, carer.for_amir, carer.for_mo, date(2000, 1, 1), NOW, max_failures=5
    )
    assert result.outcome is SwitchOutcome.LOCKED
    session.refresh(carer.for_mo)
    assert carer.for_mo.sign_in_locked_at == NOW
    assert carer.for_mo.identity_check_failures == 5
    assert _actions(session) == [IDENTITY_CHECK_FAILED] * 5 + [IDENTITY_CHECK_LOCKED]
    # The signed-in row is untouched.
    session.refresh(carer.for_amir)
    assert carer.for_amir.sign_in_locked_at is None
    assert carer.for_amir.identity_check_failures == 0


def test_wrong_dates_at_sign_in_count_towards_the_same_lock(session: Session, carer: Carer) -> None:
    carer.for_mo.identity_check_failures = 4
    session.commit()
    result = check_date_of_birth_for_switch(
        session, carer.for_amir, carer.for_mo, date(2000, 1, 1), NOW, max_failures=5
    )
    assert result.outcome is SwitchOutcome.LOCKED


def test_the_right_date_passes_and_resets_the_count(session: Session, carer: Carer) -> None:
    carer.for_mo.identity_check_failures = 3
    session.commit()
    result = check_date_of_birth_for_switch(
        session, carer.for_amir, carer.for_mo, carer.mo.date_of_birth, NOW, max_failures=5
    )
    assert result.outcome is SwitchOutcome.PASSED
    session.commit()  # as the request would, before reading it back
    session.refresh(carer.for_mo)
    assert carer.for_mo.identity_check_failures == 0
    event = session.scalars(select(AuditEvent)).one()
    assert event.action == IDENTITY_CHECK_PASSED
    assert event.actor_contact_id == carer.for_mo.id
    assert event.young_person_id == carer.mo.id
    assert event.detail == {"switching_from_contact_id": carer.for_amir.id}


def test_a_switch_is_audited(session: Session, carer: Carer) -> None:
    record_switch(session, carer.for_amir, carer.for_mo, identity_check="passed")
    event = session.scalars(select(AuditEvent)).one()
    assert event.action == YOUNG_PERSON_SWITCHED
    assert event.actor_contact_id == carer.for_mo.id
    assert event.young_person_id == carer.mo.id
    assert event.detail == {
        "from_contact_id": carer.for_amir.id,
        "from_young_person_id": carer.for_amir.young_person_id,
        "identity_check": "passed",
    }
    assert event.occurred_at > NOW - timedelta(days=3650)


def test_20_wrong_dates_at_once_count_5_and_lock(session: Session, carer: Carer) -> None:
    start_family_session(session, carer.for_mo)  # Mo's page open on another phone

    def answer(own: Session, index: int) -> SwitchOutcome:
        current, chosen = own.get(Contact, carer.for_amir.id), own.get(Contact, carer.for_mo.id)
        assert current is not None and chosen is not None
        wrong = date(2000, 1, 1) + timedelta(days=index)
        return check_date_of_birth_for_switch(
            own, current, chosen, wrong, NOW, max_failures=5
        ).outcome

    outcomes = at_once_in_transactions(session.get_bind(), answer)

    assert Counter(outcomes) == {SwitchOutcome.WRONG: 4, SwitchOutcome.LOCKED: 16}
    session.expire_all()
    assert Counter(_actions(session)) == {IDENTITY_CHECK_FAILED: 5, IDENTITY_CHECK_LOCKED: 1}
    assert (carer.for_mo.identity_check_failures, carer.for_mo.sign_in_locked_at) == (5, NOW)
    assert contact_sessions(session, carer.for_mo.id) == 0


def test_a_right_date_among_20_at_once_switches_only_before_the_lock(
    session: Session, carer: Carer
) -> None:
    right = 12

    def answer(own: Session, index: int) -> SwitchOutcome:
        current, chosen = own.get(Contact, carer.for_amir.id), own.get(Contact, carer.for_mo.id)
        assert current is not None and chosen is not None
        given = carer.mo.date_of_birth if index == right else date(2000, 1, 1) + timedelta(index)
        return check_date_of_birth_for_switch(
            own, current, chosen, given, NOW, max_failures=5
        ).outcome

    outcomes = at_once_in_transactions(session.get_bind(), answer)

    passed = [index for index, outcome in enumerate(outcomes) if outcome is SwitchOutcome.PASSED]
    assert passed in ([], [right])
    session.expire_all()
    order = _actions(session)
    assert carer.for_mo.sign_in_locked_at == NOW and order.count(IDENTITY_CHECK_LOCKED) == 1
    if passed:
        assert order.index(IDENTITY_CHECK_PASSED) < order.index(IDENTITY_CHECK_LOCKED)
    else:
        assert IDENTITY_CHECK_PASSED not in order


def test_a_right_date_for_a_locked_contact_is_not_judged(session: Session, carer: Carer) -> None:
    carer.for_mo.sign_in_locked_at = NOW
    session.commit()
    result = check_date_of_birth_for_switch(
        session, carer.for_amir, carer.for_mo, carer.mo.date_of_birth, NOW, max_failures=5
    )
    assert result.outcome is SwitchOutcome.LOCKED
    assert _actions(session) == []
