"""The anonymised report on known data: what is shown after disclosure
control, the percentages from rounded figures with their denominator, and
a CSV that holds only shown figures."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from portal.models import FeedbackChannel, FeedbackResponse, FftAnswer
from portal.services.feedback.report import feedback_report, report_rows
from portal.services.feedback.report_periods import period_for
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person

TODAY = date(2026, 12, 2)
# July to September 2026.
QUARTER = period_for("2026-q2", TODAY)
TRUE_COUNTS = {
    FftAnswer.VERY_GOOD: 23,
    FftAnswer.GOOD: 12,
    FftAnswer.NEITHER: 5,
    FftAnswer.POOR: 9,
    FftAnswer.VERY_POOR: 0,
    FftAnswer.DONT_KNOW: 3,
}


@pytest.fixture
def answered(session: Session) -> None:
    team = make_team(session)
    person = make_young_person(session, team=team, keyworker=make_staff_user(session, team=team))
    contact = make_contact(session, young_person=person)
    for answer, count in TRUE_COUNTS.items():
        for index in range(count):
            session.add(
                FeedbackResponse(
                    young_person_id=person.id,
                    contact_id=contact.id,
                    channel=FeedbackChannel.WEB,
                    fft_answer=answer,
                    received_at=datetime(2026, 7 + index % 3, 10, 12, tzinfo=UTC),
                )
            )
    session.flush()


def test_counts_are_rounded_or_hidden(session: Session, answered: None) -> None:
    report = feedback_report(session, QUARTER, set())

    assert [cell.shown for cell in report.answers.cells] == ["25", "10", "*", "10", "0", "*"]
    # 52 answers: the total is rounded from the true count.
    assert report.answers.total.shown == "50"
    assert report.answer_shares == ("50%", "20%", "*", "20%", "0%", "*")


def test_positive_and_negative_come_from_the_rounded_counts(
    session: Session, answered: None
) -> None:
    report = feedback_report(session, QUARTER, set())

    assert (report.positive.count.shown, report.positive.shown) == ("35", "70%")
    assert (report.negative.count.shown, report.negative.shown) == ("10", "20%")


def test_a_share_with_a_hidden_count_is_hidden(session: Session) -> None:
    team = make_team(session)
    person = make_young_person(session, team=team)
    contact = make_contact(session, young_person=person)
    for answer, count in ((FftAnswer.VERY_GOOD, 30), (FftAnswer.GOOD, 4), (FftAnswer.POOR, 20)):
        for _ in range(count):
            session.add(
                FeedbackResponse(
                    young_person_id=person.id,
                    contact_id=contact.id,
                    channel=FeedbackChannel.SMS,
                    fft_answer=answer,
                    received_at=datetime(2026, 8, 1, 12, tzinfo=UTC),
                )
            )
    session.flush()

    report = feedback_report(session, QUARTER, set())

    assert report.positive.count.shown == "*"
    assert report.positive.shown == "*"


def test_no_answers_shows_zeros_and_no_percentages(session: Session) -> None:
    report = feedback_report(session, QUARTER, set())

    assert [cell.shown for cell in report.answers.cells] == ["0"] * 6
    assert report.positive.shown is None
    assert report.requests.rate is None


def test_the_csv_rows_hold_only_shown_figures(session: Session, answered: None) -> None:
    rows = list(report_rows(feedback_report(session, QUARTER, set())))

    shown = {str(row[3]) for row in rows}
    for true_count in (23, 12, 5, 9, 3, 52):
        assert str(true_count) not in shown
    assert ("Answers", "Very good", "Count", "25", "50%") in rows
    assert ("Answers", "All answers", "Count", "50", "") in rows
    assert all(len(row) == 5 for row in rows)


def test_months_are_protected_as_a_table(session: Session, answered: None) -> None:
    report = feedback_report(session, QUARTER, set())

    assert report.months.row_labels == ("July 2026", "August 2026", "September 2026")
    # 23 very good over three months: 8, 8 and 7. The 7 is hidden, and so is
    # another cell of its line, so it cannot be worked out from the total.
    column = [row[0] for row in report.months.cells]
    assert [cell.shown for cell in column].count("*") >= 2
