"""Recording web feedback: the response, a notice for staff (urgent when the
comment mentions risk) and the audit trail, in one transaction; the same form
sent twice is saved once; nothing is saved without an answer or a comment."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal import session_keys
from portal.models import (
    AnsweredBy,
    AuditEvent,
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    FeedbackChannel,
    FeedbackResponse,
    FftAnswer,
    Relationship,
    utc_now,
)
from portal.services.feedback.filing import FEEDBACK_FLAGGED, FEEDBACK_SENT, staff_summary
from portal.services.feedback.recording import (
    COMMENT_MAX_LENGTH,
    REMEMBERED_FORMS,
    CommentTooLong,
    FeedbackOutcome,
    NoFeedbackGiven,
    WebFeedback,
    help_comes_first,
    new_form_token,
    record_web_feedback,
    remember_feedback,
)
from portal.services.feedback.triage import NOT_FLAGGED, triage_feedback
from portal.timezones import london_today
from tests.support.factories import make_contact, make_team, make_young_person
from tests.support.urgent import TEST_ALERTS


@pytest.fixture
def contact(session: Session) -> Contact:
    person = make_young_person(session, team=make_team(session))
    contact = make_contact(session, young_person=person, relation=Relationship.SELF)
    session.commit()
    return contact


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _feedback(**values: Any) -> WebFeedback:
    fields: dict[str, Any] = {
        "answer": FftAnswer.GOOD,
        "comment": None,
        "may_quote": False,
        "form_token": new_form_token(),
    }
    fields.update(values)
    return WebFeedback(**fields)


def _send(
    session: Session,
    contact: Contact,
    feedback: WebFeedback,
    memory: dict[str, Any],
    **options: Any,
) -> FeedbackOutcome:
    """As the page does: save, commit, then remember the form as sent."""
    outcome = record_web_feedback(
        session,
        contact,
        feedback,
        utc_now(),
        london_today(),
        memory=memory,
        alerts=TEST_ALERTS,
        **options,
    )
    session.commit()
    remember_feedback(memory, feedback, outcome)
    return outcome


def test_feedback_is_saved_with_a_notice_and_an_audit_event(
    session: Session, contact: Contact
) -> None:
    memory: dict[str, Any] = {}
    outcome = _send(
        session,
        contact,
        _feedback(
            comment="People listened.",
            improvement="Shorter meetings.",
            answered_by=AnsweredBy.YOUNG_PERSON,
        ),
        memory,
        ip_address="192.0.2.1",
    )

    response = session.get(FeedbackResponse, outcome.response_id)
    assert response is not None
    assert response.young_person_id == contact.young_person_id
    assert response.contact_id == contact.id
    assert response.channel is FeedbackChannel.WEB
    assert response.fft_answer is FftAnswer.GOOD
    assert response.comment == "People listened."
    assert response.improvement == "Shorter meetings."
    assert response.answered_by is AnsweredBy.YOUNG_PERSON
    # Permission to quote is a consent decision now, never this column.
    assert response.may_use_anonymously is False
    assert response.meeting_id is None and response.request_id is None

    notice = session.scalars(select(FamilyInputNotice)).one()
    assert notice.kind is FamilyInputKind.FEEDBACK
    assert notice.subject_id == response.id
    assert notice.contact_id == contact.id
    assert notice.young_person_id == contact.young_person_id
    assert notice.summary == "Feedback: Good"
    assert notice.urgent is False
    assert "listened" not in notice.summary

    events = session.scalars(select(AuditEvent)).all()
    assert [event.action for event in events] == [FEEDBACK_SENT]
    assert events[0].detail == {"response_id": response.id, "channel": "web"}
    assert events[0].actor_contact_id == contact.id
    assert events[0].ip_address == "192.0.2.1"
    assert outcome.urgent is False and outcome.repeat is False
    assert help_comes_first(memory) is False


def test_a_comment_that_mentions_risk_makes_an_urgent_notice_and_is_audited(
    session: Session, contact: Contact
) -> None:
    memory: dict[str, Any] = {}
    outcome = _send(
        session, contact, _feedback(answer=None, comment="I'm not safe at home"), memory
    )

    notice = session.scalars(select(FamilyInputNotice)).one()
    assert notice.urgent is True
    assert notice.summary == "Feedback: a comment. The comment may mention risk: read it now"
    assert "safe" not in notice.summary
    flagged = session.scalars(select(AuditEvent).where(AuditEvent.action == FEEDBACK_FLAGGED)).one()
    assert flagged.detail == {"response_id": outcome.response_id, "kinds": ["unsafe_at_home"]}
    assert "not safe" not in str(flagged.detail)
    assert outcome.urgent is True
    assert help_comes_first(memory) is True


def test_the_same_form_sent_twice_is_saved_once(session: Session, contact: Contact) -> None:
    memory: dict[str, Any] = {}
    feedback = _feedback(comment="I want to die")
    first = _send(session, contact, feedback, memory)
    memory.pop("feedback_help_first")
    again = _send(session, contact, feedback, memory)

    assert _count(session, FeedbackResponse) == 1
    assert _count(session, FamilyInputNotice) == 1
    assert first.response_id is not None and first.urgent
    assert again.repeat and again.response_id is None
    # The thank-you page still shows help first, as it did the first time.
    assert again.urgent and help_comes_first(memory)


def test_two_different_forms_are_both_saved(session: Session, contact: Contact) -> None:
    memory: dict[str, Any] = {}
    _send(session, contact, _feedback(), memory)
    _send(session, contact, _feedback(), memory)
    assert _count(session, FeedbackResponse) == 2


def test_a_form_without_a_token_is_always_saved(session: Session, contact: Contact) -> None:
    memory: dict[str, Any] = {}
    for _ in range(2):
        _send(session, contact, _feedback(form_token=None), memory)
    assert _count(session, FeedbackResponse) == 2
    assert memory.get(session_keys.FEEDBACK_SENT_FORMS) is None


def test_only_the_latest_forms_are_remembered(session: Session, contact: Contact) -> None:
    memory: dict[str, Any] = {}
    tokens = [new_form_token() for _ in range(REMEMBERED_FORMS + 1)]
    for token in tokens:
        _send(session, contact, _feedback(form_token=token), memory)
    assert list(memory[session_keys.FEEDBACK_SENT_FORMS]) == tokens[1:]


def test_the_form_is_remembered_only_once_it_is_saved(session: Session, contact: Contact) -> None:
    memory: dict[str, Any] = {}
    feedback = _feedback(comment="I want to die")
    record_web_feedback(
        session, contact, feedback, utc_now(), london_today(), memory=memory, alerts=TEST_ALERTS
    )
    # Saving failed: the edge rolls back and never remembers the form.
    session.rollback()
    assert memory == {}

    again = _send(session, contact, feedback, memory)

    assert again.repeat is False and again.response_id is not None
    assert _count(session, FeedbackResponse) == 1
    assert list(memory[session_keys.FEEDBACK_SENT_FORMS]) == [feedback.form_token]
    assert help_comes_first(memory)


def test_nothing_to_save_is_refused_and_nothing_is_saved(
    session: Session, contact: Contact
) -> None:
    now, today = utc_now(), london_today()
    with pytest.raises(NoFeedbackGiven):
        record_web_feedback(
            session, contact, _feedback(answer=None, comment=None), now, today, memory={}
        )
    for too_long in (
        _feedback(comment="x" * (COMMENT_MAX_LENGTH + 1)),
        _feedback(improvement="x" * (COMMENT_MAX_LENGTH + 1)),
    ):
        with pytest.raises(CommentTooLong):
            record_web_feedback(session, contact, too_long, now, today, memory={})
    assert _count(session, FeedbackResponse) == 0
    assert _count(session, FamilyInputNotice) == 0
    assert _count(session, AuditEvent) == 0


@pytest.mark.parametrize(
    ("answer", "summary"),
    [
        (FftAnswer.VERY_GOOD, "Feedback: Very good"),
        (FftAnswer.GOOD, "Feedback: Good"),
        (FftAnswer.NEITHER, "Feedback: Neither good nor poor"),
        (FftAnswer.POOR, "Feedback: Poor"),
        (FftAnswer.VERY_POOR, "Feedback: Very poor"),
        (FftAnswer.DONT_KNOW, "Feedback: Don't know"),
        (None, "Feedback: a comment"),
    ],
)
def test_staff_see_the_standard_answer_words(answer: FftAnswer | None, summary: str) -> None:
    assert staff_summary(answer, NOT_FLAGGED) == summary


def test_a_flagged_summary_says_to_read_it_now() -> None:
    assert (
        staff_summary(FftAnswer.POOR, triage_feedback("he hit me"))
        == "Feedback: Poor. The comment may mention risk: read it now"
    )


def test_form_tokens_are_new_each_time() -> None:
    assert len({new_form_token() for _ in range(50)}) == 50
