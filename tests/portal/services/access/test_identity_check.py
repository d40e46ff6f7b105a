"""The date of birth check: dates read the way people type them, wrong answers
counted in a row across links, 5 in a row lock sign-in and tell the keyworker,
and the reasonable adjustment that skips the check is audited."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    AccessLink,
    AuditEvent,
    Channel,
    Contact,
    LinkPurpose,
    WebSession,
    utc_now,
)
from portal.services.access.identity_check import (
    DateNotValid,
    DateProblem,
    IdentityOutcome,
    ReasonNotValid,
    check_date_of_birth,
    parse_date_parts,
    pending_identity_check,
    record_identity_check_skip,
    remove_identity_check_skip,
    tries_left,
)
from portal.services.access.invitations import invite_contact
from portal.services.access.links import LinkSettings, issue_link, open_link, use_link
from portal.services.access.staff import NotVisible
from portal.services.wording import PlainTranslator
from portal.timezones import london_today
from tests.support.at_once import at_once_in_transactions
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person
from tests.support.family_sessions import start_family_session

TODAY = date(2026, 11, 23)
BIRTHDAY = date(london_today().year - 13, 4, 3)
SETTINGS = LinkSettings(
    base_url="http://portal.test",
    service_name="Keyworker Family Portal",
    invitation_lifetime=timedelta(hours=72),
    request_lifetime=timedelta(minutes=15),
    minimum_own_access_age=11,
)


# Reading the date


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("4", "3", "2010"), date(2010, 3, 4)),
        ((" 04 ", "03", " 2010 "), date(2010, 3, 4)),
        (("29", "2", "2012"), date(2012, 2, 29)),
        (("23", "11", "2026"), TODAY),
    ],
)
def test_real_dates_are_read(parts: tuple[str, str, str], expected: date) -> None:
    assert parse_date_parts(*parts, TODAY) == expected


@pytest.mark.parametrize(
    ("parts", "problem", "fields"),
    [
        (("", "", ""), DateProblem.MISSING, ("day", "month", "year")),
        ((None, None, None), DateProblem.MISSING, ("day", "month", "year")),
        (("4", "", "2010"), DateProblem.PART_MISSING, ("month",)),
        (("four", "3", "2010"), DateProblem.NOT_NUMBERS, ("day",)),
        (("4", "March", "2010"), DateProblem.NOT_NUMBERS, ("month",)),
        (("4", "3", "２０１０"), DateProblem.NOT_NUMBERS, ("year",)),
        (("-4", "3", "2010"), DateProblem.NOT_NUMBERS, ("day",)),
        (("4", "3", "10"), DateProblem.YEAR_NOT_4_DIGITS, ("year",)),
        (("31", "2", "2010"), DateProblem.NOT_REAL, ("day",)),
        (("29", "2", "2011"), DateProblem.NOT_REAL, ("day",)),
        (("0", "3", "2010"), DateProblem.NOT_REAL, ("day",)),
        (("4", "13", "2010"), DateProblem.NOT_REAL, ("month",)),
        (("4", "3", "1850"), DateProblem.NOT_REAL, ("year",)),
        (("24", "11", "2026"), DateProblem.IN_FUTURE, ("day", "month", "year")),
        (("1", "1", "2100"), DateProblem.IN_FUTURE, ("day", "month", "year")),
    ],
)
def test_dates_that_cannot_be_a_birthday_are_explained(
    parts: tuple[str, str, str], problem: DateProblem, fields: tuple[str, ...]
) -> None:
    with pytest.raises(DateNotValid) as raised:
        parse_date_parts(*parts, TODAY)
    assert (raised.value.problem, raised.value.fields) == (problem, fields)


# The check


def a_contact(session: Session) -> Contact:
    team = make_team(session)
    person = make_young_person(
        session,
        team=team,
        keyworker=make_staff_user(session, team=team),
        date_of_birth=BIRTHDAY,
    )
    contact = make_contact(session, young_person=person)
    session.commit()
    return contact


def new_link(session: Session, contact: Contact, purpose: LinkPurpose):  # type: ignore[no-untyped-def]
    return issue_link(
        session, contact, purpose, Channel.SMS, utc_now(), SETTINGS, translator_for=PlainTranslator
    )


def used_link(
    session: Session, contact: Contact, purpose: LinkPurpose = LinkPurpose.SIGN_IN
) -> AccessLink:
    issued = new_link(session, contact, purpose)
    session.commit()
    used = use_link(session, issued.token, utc_now(), london_today(), SETTINGS)
    assert used is not None and used.needs_identity_check
    link = session.get(AccessLink, used.link_id)
    assert link is not None
    return link


def check(session: Session, link: AccessLink, answer: date):  # type: ignore[no-untyped-def]
    return check_date_of_birth(
        session, link, answer, utc_now(), london_today(), SETTINGS, max_failures=5
    )


def actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_the_right_date_passes_and_is_audited(session: Session) -> None:
    contact = a_contact(session)
    link = used_link(session, contact)
    result = check(session, link, BIRTHDAY)
    assert result.outcome is IdentityOutcome.PASSED and result.contact_id == contact.id
    assert link.identity_confirmed_at is not None
    assert actions(session)[-2:] == ["family.identity_check.passed", "family.signed_in"]
    signed_in = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "family.signed_in")
    ).one()
    assert signed_in.detail == {"link_id": link.id, "identity_check": "passed"}
    # Answered once: the same link cannot be checked again.
    assert (
        pending_identity_check(
            session,
            link_id=link.id,
            contact_id=contact.id,
            started_at=utc_now().isoformat(),
            now=utc_now(),
            time_limit=timedelta(minutes=30),
        )
        is None
    )


def test_a_wrong_date_is_counted_on_the_contact_and_the_link(session: Session) -> None:
    contact = a_contact(session)
    link = used_link(session, contact)
    result = check(session, link, BIRTHDAY + timedelta(days=1))
    assert (result.outcome, result.tries_left) == (IdentityOutcome.WRONG, 4)
    session.refresh(contact)
    session.refresh(link)
    assert (contact.identity_check_failures, link.identity_failures) == (1, 1)
    assert tries_left(link, 5) == 4
    failed = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "family.identity_check.failed")
    ).one()
    assert failed.actor_contact_id == contact.id and failed.detail["failures_in_a_row"] == 1


def test_five_wrong_dates_in_a_row_lock_sign_in_and_tell_the_keyworker(session: Session) -> None:
    contact = a_contact(session)
    link = used_link(session, contact)
    waiting = new_link(session, contact, LinkPurpose.INVITATION)
    session.commit()
    # The waiting invitation is cancelled by the lock, not by being issued:
    # it is newer than the link being checked, which was already used.
    outcomes = [check(session, link, date(2000, 1, 1)).outcome for _ in range(5)]
    assert outcomes == [IdentityOutcome.WRONG] * 4 + [IdentityOutcome.LOCKED]
    session.refresh(contact)
    assert contact.sign_in_locked_at is not None and link.locked_at is not None
    locked = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "family.identity_check.locked")
    ).one()
    assert locked.detail["keyworker_id"] == contact.young_person.keyworker_id
    assert locked.young_person_id == contact.young_person_id
    # Nothing gets in now: not the link, not the newer one, not the right date.
    assert open_link(session, waiting.token, utc_now()) is None
    assert (
        pending_identity_check(
            session,
            link_id=link.id,
            contact_id=contact.id,
            started_at=utc_now().isoformat(),
            now=utc_now(),
            time_limit=timedelta(minutes=30),
        )
        is None
    )


def test_wrong_dates_count_across_links_until_a_right_one(session: Session) -> None:
    contact = a_contact(session)
    for _ in range(4):
        check(session, used_link(session, contact), date(2000, 1, 1))
    # A fresh link the family asked for does not start the count again.
    assert check(session, used_link(session, contact), date(2000, 1, 1)).outcome is (
        IdentityOutcome.LOCKED
    )


def test_a_right_date_starts_the_count_again(session: Session) -> None:
    contact = a_contact(session)
    for _ in range(4):
        check(session, used_link(session, contact), date(2000, 1, 1))
    assert check(session, used_link(session, contact), BIRTHDAY).outcome is IdentityOutcome.PASSED
    session.refresh(contact)
    assert contact.identity_check_failures == 0


def test_an_invitation_from_staff_lifts_the_lock(session: Session) -> None:
    contact = a_contact(session)
    link = used_link(session, contact)
    for _ in range(5):
        check(session, link, date(2000, 1, 1))
    keyworker = contact.young_person.keyworker
    assert keyworker is not None
    invite_contact(
        session,
        contact,
        utc_now(),
        london_today(),
        SETTINGS,
        by=keyworker,
        translator_for=PlainTranslator,
    )
    session.refresh(contact)
    assert contact.sign_in_locked_at is None and contact.identity_check_failures == 0
    assert check(
        session, used_link(session, contact, LinkPurpose.INVITATION), BIRTHDAY
    ).outcome is (IdentityOutcome.PASSED)


def test_a_right_date_is_refused_when_access_ended_meanwhile(session: Session) -> None:
    contact = a_contact(session)
    link = used_link(session, contact)
    contact.portal_access_enabled = False
    session.commit()
    assert check(session, link, BIRTHDAY).outcome is IdentityOutcome.REFUSED
    refused = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "access_link.refused")
    ).one()
    assert refused.detail["reason"] == "access_switched_off"
    assert "family.signed_in" not in actions(session)


def test_the_check_must_be_answered_in_time(session: Session) -> None:
    contact = a_contact(session)
    link = used_link(session, contact)
    started = utc_now()

    def pending(**changes: object) -> AccessLink | None:
        values: dict[str, object] = {
            "link_id": link.id,
            "contact_id": contact.id,
            "started_at": started.isoformat(),
            "now": started + timedelta(minutes=29),
            "time_limit": timedelta(minutes=30),
        }
        values.update(changes)
        return pending_identity_check(session, **values)  # type: ignore[arg-type]

    assert pending() is link
    assert pending(now=started + timedelta(minutes=30)) is None
    assert pending(contact_id=contact.id + 1) is None
    assert pending(link_id=None) is None
    assert pending(started_at="not a time") is None


# The reasonable adjustment


def test_skipping_the_check_is_recorded_audited_and_used(session: Session) -> None:
    contact = a_contact(session)
    keyworker = contact.young_person.keyworker
    assert keyworker is not None
    record_identity_check_skip(
        session,
        contact,
        "  Cannot type dates; agreed with Alex on Monday.  ",
        utc_now(),
        by=keyworker,
        ip_address="203.0.113.9",
    )
    assert contact.identity_check_skip_reason == "Cannot type dates; agreed with Alex on Monday."
    assert contact.identity_check_skip_set_by_id == keyworker.id
    recorded = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "contact.identity_check_skip.recorded")
    ).one()
    assert recorded.actor_staff_id == keyworker.id
    assert recorded.detail["reason"] == "Cannot type dates; agreed with Alex on Monday."

    issued = new_link(session, contact, LinkPurpose.INVITATION)
    session.commit()
    used = use_link(session, issued.token, utc_now(), london_today(), SETTINGS)
    assert used is not None and not used.needs_identity_check
    signed_in = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "family.signed_in")
    ).one()
    assert signed_in.detail["identity_check"] == "skipped"

    remove_identity_check_skip(session, contact, by=keyworker)
    assert contact.identity_check_skip_reason is None
    assert actions(session)[-1] == "contact.identity_check_skip.removed"


def test_only_staff_who_may_see_the_record_can_skip_the_check(session: Session) -> None:
    contact = a_contact(session)
    stranger = make_staff_user(session, team=make_team(session))
    with pytest.raises(NotVisible):
        record_identity_check_skip(session, contact, "A reason", utc_now(), by=stranger)
    with pytest.raises(NotVisible):
        remove_identity_check_skip(session, contact, by=stranger)
    keyworker = contact.young_person.keyworker
    assert keyworker is not None
    for reason in ("", "   ", "x" * 501):
        with pytest.raises(ReasonNotValid):
            record_identity_check_skip(session, contact, reason, utc_now(), by=keyworker)
    assert contact.identity_check_skip_reason is None


# Answers at the same moment


def _answer_at_once(
    session: Session, link: AccessLink, answers: list[date]
) -> list[IdentityOutcome]:
    def answer(own: Session, index: int) -> IdentityOutcome:
        own_link = own.get(AccessLink, link.id)
        assert own_link is not None
        return check(own, own_link, answers[index]).outcome

    outcomes = at_once_in_transactions(session.get_bind(), answer, count=len(answers))
    session.expire_all()
    return outcomes


def test_20_wrong_dates_at_once_count_5_and_lock(session: Session) -> None:
    contact = a_contact(session)
    link = used_link(session, contact)
    session.commit()
    start_family_session(session, contact)  # signed in on another phone

    wrong = [date(2000, 1, 1) + timedelta(days=index) for index in range(20)]
    outcomes = _answer_at_once(session, link, wrong)

    assert Counter(outcomes) == {IdentityOutcome.WRONG: 4, IdentityOutcome.LOCKED: 16}
    counted = Counter(actions(session))
    assert (counted["family.identity_check.failed"], counted["family.identity_check.locked"]) == (
        5,
        1,
    )
    session.refresh(contact)
    session.refresh(link)
    assert (contact.identity_check_failures, link.identity_failures) == (5, 5)
    assert contact.sign_in_locked_at is not None and link.locked_at is not None
    # The lock ended the session on the other phone, in the same transaction.
    assert session.scalar(select(func.count()).select_from(WebSession)) == 0


def test_a_right_date_among_20_at_once_gets_in_only_before_the_lock(session: Session) -> None:
    contact = a_contact(session)
    link = used_link(session, contact)
    session.commit()
    right = 7
    answers = [
        BIRTHDAY if index == right else date(2000, 1, 1) + timedelta(days=index)
        for index in range(20)
    ]
    outcomes = _answer_at_once(session, link, answers)

    passed = [index for index, outcome in enumerate(outcomes) if outcome is IdentityOutcome.PASSED]
    assert passed in ([], [right])
    # 19 wrong answers lock sign-in whether the right one came first or not:
    # a right answer starts the count again, and 15 or more wrong ones follow.
    session.refresh(contact)
    assert contact.sign_in_locked_at is not None
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    order = [event.action for event in events]
    assert order.count("family.identity_check.locked") == 1
    if passed:
        # Signed in before the lock, never after it.
        assert order.index("family.signed_in") < order.index("family.identity_check.locked")
        assert 5 <= order.count("family.identity_check.failed") <= 9
    else:
        assert "family.signed_in" not in order
        assert order.count("family.identity_check.failed") == 5


# One answer after another, with the lock


def test_a_right_date_after_the_lock_is_not_judged(session: Session) -> None:
    contact = a_contact(session)
    link = used_link(session, contact)
    for _ in range(5):
        check(session, link, date(2000, 1, 1))
    before = actions(session)
    assert check(session, link, BIRTHDAY).outcome is IdentityOutcome.LOCKED
    assert actions(session) == before
    session.refresh(contact)
    assert contact.identity_check_failures == 5


def test_the_lock_ends_every_session_of_the_contact(session: Session) -> None:
    contact = a_contact(session)
    link = used_link(session, contact)
    for _ in range(2):
        start_family_session(session, contact)
    for _ in range(5):
        check(session, link, date(2000, 1, 1))
    assert session.scalar(select(func.count()).select_from(WebSession)) == 0
    locked = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "family.identity_check.locked")
    ).one()
    assert locked.detail["sessions_ended"] == 2


def test_a_link_passed_once_is_not_passed_again(session: Session) -> None:
    contact = a_contact(session)
    link = used_link(session, contact)
    assert check(session, link, BIRTHDAY).outcome is IdentityOutcome.PASSED
    # The same page sent twice (a double press): the second does not sign in.
    assert check(session, link, BIRTHDAY).outcome is IdentityOutcome.REFUSED
    assert actions(session).count("family.signed_in") == 1
    session.refresh(contact)
    assert contact.identity_check_failures == 0


def test_tries_used_up_under_a_higher_limit_lock_sign_in(session: Session) -> None:
    contact = a_contact(session)
    link = used_link(session, contact)
    contact.identity_check_failures = 7  # the limit was 10, and is 5 now
    session.commit()
    assert check(session, link, BIRTHDAY).outcome is IdentityOutcome.LOCKED
    session.refresh(contact)
    assert contact.sign_in_locked_at is not None
    assert actions(session)[-1] == "family.identity_check.locked"
