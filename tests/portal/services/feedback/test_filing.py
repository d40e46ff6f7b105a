"""`file_response`: the one way an answer goes on the record, by any channel."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    AnsweredBy,
    AuditEvent,
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackResponse,
    FftAnswer,
)
from portal.services.feedback.filing import (
    FEEDBACK_SENT,
    Answer,
    close_answered_request,
    file_response,
)
from portal.services.feedback.requests import request_feedback
from tests.portal.services.feedback.request_data import NOW, SETTINGS, Family, make_family
from tests.support.at_once import at_once_in_transactions
from tests.support.urgent import TEST_ALERTS


@pytest.fixture
def family(session: Session) -> Family:
    return make_family(session)


def _request(session: Session, family: Family) -> int:
    outcome = request_feedback(session, family.parent, now=NOW, settings=SETTINGS)
    session.commit()
    assert outcome.request_id is not None
    return outcome.request_id


def test_an_answer_is_a_row_a_notice_an_audit_event_and_closes_its_request(
    session: Session, family: Family
) -> None:
    request_id = _request(session, family)
    answer = Answer(
        channel=FeedbackChannel.SMS,
        fft_answer=FftAnswer.GOOD,
        answered_by=AnsweredBy.PARENT_OR_CARER,
        request_id=request_id,
    )
    filed = file_response(session, family.parent, answer, NOW, alerts=TEST_ALERTS)
    session.commit()

    response = session.get(FeedbackResponse, filed.response.id)
    assert response is not None
    assert (response.young_person_id, response.contact_id, response.channel) == (
        family.person.id,
        family.parent.id,
        FeedbackChannel.SMS,
    )
    assert (response.fft_answer, response.request_id, response.flagged) == (
        FftAnswer.GOOD,
        request_id,
        False,
    )
    notice = session.scalars(select(FamilyInputNotice)).one()
    assert (notice.kind, notice.subject_id, notice.urgent) == (
        FamilyInputKind.FEEDBACK,
        response.id,
        False,
    )
    assert notice.summary == "Feedback: Good"
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == FEEDBACK_SENT)).one()
    request = session.get(FeedbackRequest, request_id)
    assert request is not None
    assert (request.open_key, request.answered_at, request.closed_at) == (None, NOW, NOW)


def test_words_that_may_disclose_risk_are_urgent(session: Session, family: Family) -> None:
    answer = Answer(channel=FeedbackChannel.SMS, improvement="I am not safe at home")
    filed = file_response(session, family.parent, answer, NOW, alerts=TEST_ALERTS)

    assert filed.triage.flagged and filed.response.flagged and filed.notice.urgent


def test_a_later_part_names_the_first_and_the_request_stays_closed_once(
    session: Session, family: Family
) -> None:
    request_id = _request(session, family)
    first = file_response(
        session,
        family.parent,
        Answer(channel=FeedbackChannel.SMS, fft_answer=FftAnswer.POOR, request_id=request_id),
        NOW,
        alerts=TEST_ALERTS,
    )
    later = file_response(
        session,
        family.parent,
        Answer(
            channel=FeedbackChannel.SMS,
            improvement="More time to talk",
            request_id=request_id,
            part_of_id=first.response.id,
        ),
        NOW,
        alerts=TEST_ALERTS,
    )
    assert later.response.part_of_id == first.response.id
    assert close_answered_request(session, request_id, NOW) is False


def test_20_answers_at_once_close_the_request_once(session: Session, family: Family) -> None:
    request_id = _request(session, family)

    results = at_once_in_transactions(
        session.get_bind(),  # type: ignore[arg-type]
        lambda own, index: close_answered_request(own, request_id, NOW),
    )

    assert sum(results) == 1
    session.expire_all()
    request = session.get(FeedbackRequest, request_id)
    assert request is not None and request.open_key is None


def test_20_answers_filed_at_once_are_all_kept(session: Session, family: Family) -> None:
    request_id = _request(session, family)
    contact_id = family.parent.id

    def answer(own: Session, index: int) -> int:
        contact = own.get(Contact, contact_id)
        assert contact is not None
        given = Answer(
            channel=FeedbackChannel.WEB, fft_answer=FftAnswer.GOOD, request_id=request_id
        )
        return file_response(own, contact, given, NOW, alerts=TEST_ALERTS).response.id

    at_once_in_transactions(session.get_bind(), answer)  # type: ignore[arg-type]

    session.expire_all()
    assert session.scalar(select(func.count(FeedbackResponse.id))) == 20
    request = session.get(FeedbackRequest, request_id)
    assert request is not None and request.open_key is None and request.answered_at == NOW
