"""The service-wide day counts stay exactly what counting the rows gives:
after answers by web and by text (an answer in a later part, a part after
midnight), themes confirmed and removed, requests made and answered, a
meeting whose kind changed, twenty answers at once, and a rebuild."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    FeedbackChannel,
    FeedbackDayCount,
    FeedbackRequestDayCount,
    FeedbackTheme,
    FeedbackThemeDayCount,
    FftAnswer,
    Meeting,
    MeetingKind,
    StaffUser,
)
from portal.services.feedback.collation import collate
from portal.services.feedback.collation_scope import Scope, ScopeKind
from portal.services.feedback.day_counts import london_day, recount_all
from portal.services.feedback.filing import Answer, file_response
from portal.services.feedback.periods import Period
from portal.services.feedback.requests import request_feedback
from portal.services.feedback.tagging import confirm_theme, remove_theme
from portal.services.feedback.themes import sync_standard_themes
from tests.portal.services.feedback.request_data import NOW, SETTINGS, Family, make_family
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_meeting, make_staff_user
from tests.support.urgent import TEST_ALERTS

SERVICE = Scope(ScopeKind.SERVICE)
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def family(session: Session) -> Family:
    sync_standard_themes(session)
    return make_family(session)


def _stored(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored count, in a form to compare."""
    cube = session.execute(
        select(
            FeedbackDayCount.day,
            FeedbackDayCount.fft_answer,
            FeedbackDayCount.channel,
            FeedbackDayCount.answered_by,
            FeedbackDayCount.meeting_kind,
            FeedbackDayCount.responses,
        )
    )
    themes = session.execute(
        select(
            FeedbackThemeDayCount.day,
            FeedbackThemeDayCount.theme_id,
            FeedbackThemeDayCount.responses,
        )
    )
    requests = session.execute(
        select(
            FeedbackRequestDayCount.day,
            FeedbackRequestDayCount.sent,
            FeedbackRequestDayCount.answered,
        )
    )
    return {
        "cube": sorted(tuple(map(str, row)) for row in cube),
        "themes": sorted(tuple(row) for row in themes),
        "requests": sorted(tuple(row) for row in requests),
    }


def _assert_counts_match_the_rows(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """The counts kept so far equal a rebuild from the rows; returns them."""
    session.commit()
    kept = _stored(session)
    recount_all(session)
    session.commit()
    assert _stored(session) == kept
    return kept


def _answer(session: Session, contact: Contact, **given: Any) -> int:
    when = given.pop("now", NOW)
    answer = Answer(**{"channel": FeedbackChannel.WEB, **given})
    return file_response(session, contact, answer, when, alerts=TEST_ALERTS).response.id


def _theme(session: Session, code: str) -> FeedbackTheme:
    return session.scalars(select(FeedbackTheme).where(FeedbackTheme.code == code)).one()


def _keyworker(session: Session) -> StaffUser:
    return make_staff_user(session, email="day.counts@example.org")


def test_web_answers_are_counted_on_their_london_day(session: Session, family: Family) -> None:
    _answer(session, family.parent, fft_answer=FftAnswer.GOOD)
    late_evening = NOW.replace(hour=23, minute=30)  # 23:30 UTC in March: still that day
    _answer(session, family.parent, fft_answer=FftAnswer.POOR, comment="Too slow", now=late_evening)

    kept = _assert_counts_match_the_rows(session)

    assert sum(row[-1] == "1" for row in kept["cube"]) == 2
    figures = collate(session, YEAR, SERVICE)
    assert figures.responses == 2
    assert dict(figures.answers)[FftAnswer.GOOD] == 1
    assert dict(figures.answers)[FftAnswer.POOR] == 1
    assert figures.positive.count == 1 and figures.positive.denominator == 2


def test_an_answer_sent_in_a_later_part_moves_the_count_to_that_answer(
    session: Session, family: Family
) -> None:
    first = _answer(session, family.parent, channel=FeedbackChannel.SMS, comment="It was ok")
    session.commit()
    assert collate(session, YEAR, SERVICE).no_answer == 1
    # The number comes after midnight: it still counts on the first part's day.
    next_day = NOW + timedelta(days=1)
    _answer(
        session,
        family.parent,
        channel=FeedbackChannel.SMS,
        fft_answer=FftAnswer.VERY_GOOD,
        part_of_id=first,
        now=next_day,
    )

    kept = _assert_counts_match_the_rows(session)

    figures = collate(session, YEAR, SERVICE)
    assert figures.responses == 1 and figures.no_answer == 0
    assert dict(figures.answers)[FftAnswer.VERY_GOOD] == 1
    assert [row[0] for row in kept["cube"]] == [str(london_day(NOW))]


def test_themes_confirmed_and_removed_are_counted(session: Session, family: Family) -> None:
    from portal.models import FeedbackResponse

    response_id = _answer(session, family.parent, fft_answer=FftAnswer.GOOD, comment="Kind")
    response = session.get(FeedbackResponse, response_id)
    assert response is not None
    keyworker = _keyworker(session)
    communication, waiting = _theme(session, "communication"), _theme(session, "waiting")
    confirm_theme(session, response, communication, keyworker, NOW)
    confirm_theme(session, response, waiting, keyworker, NOW)
    session.commit()
    remove_theme(session, response, waiting, keyworker)

    kept = _assert_counts_match_the_rows(session)

    assert kept["themes"] == [(london_day(NOW), communication.id, 1)]
    themes = {theme.theme_id: theme.count for theme in collate(session, YEAR, SERVICE).themes}
    assert themes[communication.id] == 1 and themes[waiting.id] == 0


def test_requests_sent_and_answered_are_counted_on_the_day_they_were_made(
    session: Session, family: Family
) -> None:
    outcome = request_feedback(session, family.parent, now=NOW, settings=SETTINGS)
    assert outcome.request_id is not None
    session.commit()
    assert collate(session, YEAR, SERVICE).response_rate.denominator == 1
    _answer(
        session,
        family.parent,
        fft_answer=FftAnswer.GOOD,
        request_id=outcome.request_id,
        now=NOW + timedelta(days=3),
    )

    kept = _assert_counts_match_the_rows(session)

    assert kept["requests"] == [(london_day(NOW), 1, 1)]
    rate = collate(session, YEAR, SERVICE).response_rate
    assert (rate.count, rate.denominator) == (1, 1)


def test_a_meeting_whose_kind_is_corrected_moves_its_answers(
    session: Session, family: Family
) -> None:
    meeting = make_meeting(session, young_person=family.person, kind=MeetingKind.MDT)
    _answer(session, family.parent, fft_answer=FftAnswer.GOOD, meeting_id=meeting.id)
    session.commit()
    assert dict(collate(session, YEAR, SERVICE).by_meeting)[MeetingKind.MDT] == 1

    corrected = session.get(Meeting, meeting.id)
    assert corrected is not None
    corrected.kind = MeetingKind.CETR
    _assert_counts_match_the_rows(session)

    by_meeting = dict(collate(session, YEAR, SERVICE).by_meeting)
    assert by_meeting[MeetingKind.MDT] == 0 and by_meeting[MeetingKind.CETR] == 1


def test_a_reader_in_the_same_transaction_sees_its_own_answers(
    session: Session, family: Family
) -> None:
    _answer(session, family.parent, fft_answer=FftAnswer.GOOD)

    assert collate(session, YEAR, SERVICE).responses == 1


def test_20_answers_at_once_are_each_counted_once(session: Session, family: Family) -> None:
    session.commit()
    contact_id = family.parent.id

    def answer(own: Session, index: int) -> int:
        contact = own.get(Contact, contact_id)
        assert contact is not None
        chosen = list(FftAnswer)[index % len(FftAnswer)]
        return _answer(own, contact, fft_answer=chosen)

    at_once_in_transactions(session.get_bind(), answer)  # type: ignore[arg-type]

    session.expire_all()
    _assert_counts_match_the_rows(session)
    figures = collate(session, YEAR, SERVICE)
    assert figures.responses == AT_ONCE
    assert sum(count for _, count in figures.answers) == AT_ONCE


def test_a_rebuild_of_nothing_counts_nothing(session: Session) -> None:
    assert recount_all(session) == 0
    assert session.scalar(select(func.count(FeedbackDayCount.id))) == 0
