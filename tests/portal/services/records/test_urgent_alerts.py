"""The emails about urgent items: at once to the keyworker and the team's
managers, with nothing clinical in them; and the escalation to every manager,
once, when nobody acknowledged in time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    AuditEvent,
    Channel,
    FamilyInputKind,
    FamilyInputNotice,
    Message,
    MessageStatus,
    StaffRole,
    StaffUser,
    UrgentAction,
    utc_now,
)
from portal.services.feedback.recording import WebFeedback, record_web_feedback
from portal.services.records.family_input import notify_staff
from portal.services.records.urgent import acknowledge_urgent
from portal.services.records.urgent_alerts import (
    URGENT_ALERTED,
    URGENT_ESCALATED,
    escalate_notice,
    escalate_overdue,
    overdue_notice_ids,
)
from portal.timezones import LONDON, london_today
from portal.unit_of_work import unit_of_work
from tests.support.at_once import at_once_in_transactions
from tests.support.factories import make_staff_user
from tests.support.family_input_data import FamilyOnCaseload, make_family_on_caseload
from tests.support.urgent import TEST_ALERTS

RISKY_COMMENT = "I want to die and nobody listens"
# Words an email about an urgent item must never carry.
CLINICAL_WORDS = ("die", "risk", "suicid", "feedback", "consent", "register", "harm", "crisis")
# Monday 7 December 2026, 10:00 in London.
MONDAY_10AM = datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)


@pytest.fixture
def family(session: Session) -> FamilyOnCaseload:
    found = make_family_on_caseload(session)
    # A second manager of the team, and one elsewhere who hears nothing.
    make_staff_user(
        session,
        role=StaffRole.MANAGER,
        team=found.keyworker.team,
        email="second.manager@example.org",
    )
    make_family_on_caseload(session)
    session.commit()
    return found


def _emails(session: Session) -> list[Message]:
    return list(session.scalars(select(Message).order_by(Message.id)))


def _urgent_notice(
    session: Session, family: FamilyOnCaseload, created_at: datetime
) -> FamilyInputNotice:
    notice = notify_staff(
        session,
        family.contact,
        FamilyInputKind.FEEDBACK,
        subject_id=1,
        summary="Feedback: may mention risk",
        urgent=True,
        alerts=TEST_ALERTS,
    )
    notice.created_at = created_at
    session.commit()
    return notice


def test_risky_feedback_emails_the_keyworker_and_managers_at_once_without_details(
    session: Session, family: FamilyOnCaseload
) -> None:
    record_web_feedback(
        session,
        family.contact,
        WebFeedback(answer=None, comment=RISKY_COMMENT, may_quote=False, form_token="t1"),
        utc_now(),
        london_today(),
        memory={},
        alerts=TEST_ALERTS,
    )
    session.commit()
    emails = _emails(session)
    managers = [family.manager.email, "second.manager@example.org"]
    assert sorted(e.to_address for e in emails) == sorted([family.keyworker.email, *managers])
    link = f"http://portal.test/staff/young-people/{family.young_person.id}"
    for email in emails:
        assert email.channel is Channel.EMAIL and email.status is MessageStatus.QUEUED
        assert email.contact_id is None and email.young_person_id == family.young_person.id
        assert (
            email.body
            == f"Something in the Keyworker Family Portal needs you. Sign in to see it:\n{link}\n"
        )
        text = f"{email.subject} {email.body}".casefold()
        assert RISKY_COMMENT.casefold() not in text
        for name in (
            family.young_person.preferred_name,
            family.young_person.legal_name,
            family.contact.name,
        ):
            assert name.casefold() not in text
        assert not [word for word in CLINICAL_WORDS if word in text]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == URGENT_ALERTED)).one()
    assert event.detail["staff_user_ids"] == sorted(
        [family.keyworker.id, family.manager.id, *_ids(session, managers[1:])]
    )


def _ids(session: Session, emails: list[str]) -> list[int]:
    return [
        user.id for user in session.scalars(select(StaffUser).where(StaffUser.email.in_(emails)))
    ]


def test_ordinary_input_sends_no_email(session: Session, family: FamilyOnCaseload) -> None:
    record_web_feedback(
        session,
        family.contact,
        WebFeedback(
            answer=None,
            comment="Thank you, it went well",
            may_quote=False,
            form_token="t2",
        ),
        utc_now(),
        london_today(),
        memory={},
        alerts=TEST_ALERTS,
    )
    session.commit()
    assert _emails(session) == []


def test_an_urgent_notice_without_alert_settings_is_refused(
    session: Session, family: FamilyOnCaseload
) -> None:
    with pytest.raises(ValueError, match="alert settings"):
        notify_staff(
            session,
            family.contact,
            FamilyInputKind.FEEDBACK,
            subject_id=1,
            summary="x",
            urgent=True,
        )


def test_the_emails_are_kept_only_if_the_notice_is(
    session: Session, family: FamilyOnCaseload
) -> None:
    _urgent_notice(session, family, utc_now())
    count = len(_emails(session))
    notify_staff(
        session,
        family.contact,
        FamilyInputKind.FEEDBACK,
        subject_id=2,
        summary="x",
        urgent=True,
        alerts=TEST_ALERTS,
    )
    session.rollback()
    assert len(_emails(session)) == count


def test_only_notices_past_their_working_deadline_are_overdue(
    session: Session, family: FamilyOnCaseload
) -> None:
    due = _urgent_notice(session, family, MONDAY_10AM)
    not_yet = _urgent_notice(session, family, MONDAY_10AM + timedelta(hours=1))
    done = _urgent_notice(session, family, MONDAY_10AM)
    acknowledge_urgent(session, done, family.keyworker, UrgentAction.PHONED_FAMILY, None, utc_now())
    session.commit()
    at_2pm = MONDAY_10AM + timedelta(hours=4)
    assert overdue_notice_ids(session, at_2pm - timedelta(seconds=1), TEST_ALERTS) == []
    assert overdue_notice_ids(session, at_2pm, TEST_ALERTS) == [due.id]
    assert overdue_notice_ids(session, at_2pm + timedelta(hours=1), TEST_ALERTS) == [
        due.id,
        not_yet.id,
    ]


def test_friday_afternoon_escalates_on_monday(session: Session, family: FamilyOnCaseload) -> None:
    friday_4pm = datetime(2026, 12, 11, 16, 0, tzinfo=LONDON)
    notice = _urgent_notice(session, family, friday_4pm)
    saturday = datetime(2026, 12, 12, 12, 0, tzinfo=LONDON)
    monday_noon = datetime(2026, 12, 14, 12, 0, tzinfo=LONDON)
    assert overdue_notice_ids(session, saturday, TEST_ALERTS) == []
    assert overdue_notice_ids(session, monday_noon, TEST_ALERTS) == [notice.id]


def test_escalation_emails_every_manager_once_and_is_audited(
    session: Session, family: FamilyOnCaseload
) -> None:
    notice = _urgent_notice(session, family, MONDAY_10AM)
    before = len(_emails(session))
    at = MONDAY_10AM + timedelta(hours=5)

    @contextmanager
    def units() -> Iterator[Session]:
        with unit_of_work(session):
            yield session

    assert escalate_overdue(units, at, TEST_ALERTS) == 1
    assert escalate_overdue(units, at + timedelta(hours=1), TEST_ALERTS) == 0
    emails = _emails(session)[before:]
    assert sorted(e.to_address for e in emails) == sorted(
        [family.manager.email, "second.manager@example.org"]
    )
    for email in emails:
        assert "needs someone now" in email.body and "Robin" not in email.body
    session.refresh(notice)
    assert notice.escalated_at == at
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == URGENT_ESCALATED)).all()
    assert [e.detail["notice_id"] for e in events] == [notice.id]


def test_an_acknowledged_notice_is_not_escalated(
    session: Session, family: FamilyOnCaseload
) -> None:
    notice = _urgent_notice(session, family, MONDAY_10AM)
    acknowledge_urgent(
        session, notice, family.manager, UrgentAction.SAFEGUARDING_REFERRAL, None, utc_now()
    )
    session.commit()
    assert (
        escalate_notice(session, notice.id, MONDAY_10AM + timedelta(days=2), TEST_ALERTS) is False
    )


def test_20_workers_at_once_escalate_once(session: Session, family: FamilyOnCaseload) -> None:
    notice = _urgent_notice(session, family, MONDAY_10AM)
    before = len(_emails(session))
    at = MONDAY_10AM + timedelta(days=1)

    def escalate(own: Session, _index: int) -> bool:
        return escalate_notice(own, notice.id, at, TEST_ALERTS)

    outcomes = at_once_in_transactions(session.get_bind(), escalate)

    assert outcomes.count(True) == 1
    session.expire_all()
    assert len(_emails(session)) - before == 2
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == URGENT_ESCALATED)).all()
    assert len(events) == 1
