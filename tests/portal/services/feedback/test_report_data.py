"""The exact figures behind the anonymised report, on known data: every
answer counted once, by London month, requests sent and answered, themes,
and a fixed number of queries whatever the number of answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.models import (
    Channel,
    Direction,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackTheme,
    FeedbackThemeTag,
    FftAnswer,
    Message,
    MessageStatus,
)
from portal.services.feedback.periods import Period
from portal.services.feedback.report_data import report_data
from portal.services.feedback.themes import sync_standard_themes
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person

JANUARY = date(2026, 1, 1)


def _moment(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def people(session: Session) -> dict[str, int]:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker)
    contact = make_contact(session, young_person=person)
    session.flush()
    return {"person": person.id, "contact": contact.id, "keyworker": keyworker.id}


def _answer(
    session: Session,
    people: dict[str, int],
    answer: FftAnswer | None,
    at: datetime,
    *,
    comment: str | None = None,
    part_of: int | None = None,
) -> FeedbackResponse:
    response = FeedbackResponse(
        young_person_id=people["person"],
        contact_id=people["contact"],
        channel=FeedbackChannel.SMS,
        fft_answer=answer,
        comment=comment,
        part_of_id=part_of,
        received_at=at,
    )
    session.add(response)
    session.flush()
    return response


def _request(
    session: Session, people: dict[str, int], at: datetime, *, answered: bool, sent: bool = True
) -> None:
    message = None
    if sent:
        message = Message(
            direction=Direction.OUTBOUND,
            channel=Channel.SMS,
            to_address="+447700900123",
            body="How was your keyworker support?",
            status=MessageStatus.SENT,
        )
        session.add(message)
        session.flush()
    session.add(
        FeedbackRequest(
            young_person_id=people["person"],
            contact_id=people["contact"],
            channel=Channel.SMS if sent else None,
            message_id=message.id if message else None,
            requested_at=at,
            expires_at=at + timedelta(days=14),
            answered_at=at + timedelta(days=1) if answered else None,
            closed_at=at + timedelta(days=1),
        )
    )


def test_each_answer_counts_once_in_its_london_month(
    session: Session, people: dict[str, int]
) -> None:
    for _ in range(7):
        _answer(session, people, FftAnswer.VERY_GOOD, _moment(date(2026, 1, 10)))
    for _ in range(3):
        _answer(session, people, FftAnswer.POOR, _moment(date(2026, 2, 3)))
    # A text answer in parts: the comment first, then the number. One answer.
    first = _answer(session, people, None, _moment(date(2026, 2, 4)), comment="Too long")
    _answer(session, people, FftAnswer.GOOD, _moment(date(2026, 2, 4), 13), part_of=first.id)
    # 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (summer time).
    _answer(session, people, FftAnswer.DONT_KNOW, datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    # Outside the period.
    _answer(session, people, FftAnswer.VERY_POOR, _moment(date(2025, 12, 31)))
    _answer(session, people, FftAnswer.VERY_POOR, _moment(date(2026, 5, 1)))

    data = report_data(session, Period(JANUARY, date(2026, 4, 30)))

    assert data.answers == {
        FftAnswer.VERY_GOOD: 7,
        FftAnswer.GOOD: 1,
        FftAnswer.NEITHER: 0,
        FftAnswer.POOR: 3,
        FftAnswer.VERY_POOR: 0,
        FftAnswer.DONT_KNOW: 1,
    }
    assert data.total_answers == 12
    assert [m.month for m in data.months] == [date(2026, m, 1) for m in (1, 2, 3, 4)]
    assert [sum(m.answers.values()) for m in data.months] == [7, 4, 0, 1]
    assert data.months[3].answers[FftAnswer.DONT_KNOW] == 1


def test_requests_sent_and_answered_by_month(session: Session, people: dict[str, int]) -> None:
    for answered in (True, True, False):
        _request(session, people, _moment(date(2026, 1, 5)), answered=answered)
    _request(session, people, _moment(date(2026, 2, 5)), answered=False)
    # Nobody could be reached: no message, so it was not sent.
    _request(session, people, _moment(date(2026, 2, 6)), answered=False, sent=False)

    data = report_data(session, Period(JANUARY, date(2026, 2, 28)))

    assert (data.requests_sent, data.requests_answered) == (4, 2)
    assert [(m.requests_sent, m.requests_answered) for m in data.months] == [(3, 2), (1, 0)]


def test_themes_count_responses_and_leave_out_switched_off_ones(
    session: Session, people: dict[str, int]
) -> None:
    sync_standard_themes(session)
    themes = {t.code: t for t in session.query(FeedbackTheme)}
    themes["school"].active = False
    for index in range(3):
        response = _answer(session, people, FftAnswer.GOOD, _moment(date(2026, 1, 2 + index)))
        codes = ["meetings", "waiting"] if index == 0 else ["meetings"]
        for code in codes:
            session.add(
                FeedbackThemeTag(
                    response_id=response.id,
                    theme_id=themes[code].id,
                    young_person_id=people["person"],
                    tagged_by_id=people["keyworker"],
                )
            )
    session.flush()

    counts = dict(report_data(session, Period(JANUARY, date(2026, 1, 31))).themes)

    assert counts["Meetings"] == 3
    assert counts["Waiting"] == 1
    assert counts["Communication"] == 0
    assert "School or college" not in counts


def test_a_fixed_number_of_queries_whatever_the_number_of_answers(
    session: Session, people: dict[str, int]
) -> None:
    def queries_for(answers: int) -> int:
        for index in range(answers):
            _answer(session, people, FftAnswer.GOOD, _moment(date(2026, 1 + index % 12, 1)))
        # Saved, as a report is read after the answers came (saving counts the days).
        session.commit()
        statements: list[str] = []
        engine = session.get_bind()
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            report_data(session, Period(JANUARY, date(2026, 12, 31)))
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    assert queries_for(1) == queries_for(40) == 3


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError):
        Period(date(2026, 2, 1), JANUARY)
