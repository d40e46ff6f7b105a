"""The collated figures on known data (tests/support/feedback_collation_data.py),
for the service, a team and a caseload, in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import AnsweredBy, FeedbackChannel, FeedbackResponse, FftAnswer, MeetingKind
from portal.services.feedback.collation import Collation, collate, percent
from portal.services.feedback.collation_scope import Scope, ScopeKind
from portal.services.feedback.periods import Period, twelve_months_to
from tests.query_counter import count_queries
from tests.support.factories import make_team, make_young_person
from tests.support.feedback_collation_data import PERIOD, CollationWorld, build_collation_world

SERVICE = Scope(ScopeKind.SERVICE)


@pytest.fixture
def world(session: Session) -> CollationWorld:
    return build_collation_world(session)


def _answers(collation: Collation) -> list[int]:
    return [count for _answer, count in collation.answers]


def test_the_service_counts_every_response_once_in_its_london_month(
    session: Session, world: CollationWorld
) -> None:
    figures = collate(session, PERIOD, SERVICE)

    assert [answer for answer, _count in figures.answers] == list(FftAnswer)
    assert _answers(figures) == [7, 5, 2, 3, 1, 2]
    assert (figures.responses, figures.no_answer, figures.answered) == (21, 1, 20)
    assert (figures.positive.count, figures.positive.denominator, figures.positive.percent) == (
        12,
        20,
        60,
    )
    assert (figures.negative.count, figures.negative.percent) == (4, 20)
    assert figures.by_month == [
        (date(2026, 9, 1), 6),
        (date(2026, 10, 1), 6),
        (date(2026, 11, 1), 9),
    ]
    assert dict(figures.by_channel) == {
        FeedbackChannel.WEB: 14,
        FeedbackChannel.SMS: 7,
        FeedbackChannel.PAPER: 0,
        FeedbackChannel.PHONE: 0,
    }
    assert figures.by_who == [
        (AnsweredBy.YOUNG_PERSON, 9),
        (AnsweredBy.PARENT_OR_CARER, 8),
        (AnsweredBy.SOMEONE_HELPING, 1),
        (None, 3),
    ]
    meetings = dict(figures.by_meeting)
    assert (meetings[None], meetings[MeetingKind.MDT], meetings[MeetingKind.CETR]) == (18, 2, 1)
    assert sum(meetings.values()) == 21
    # Active themes, and a switched-off one only while it tags something.
    assert [(theme.name, theme.count) for theme in figures.themes] == [
        ("Talking to us", 3),
        ("Waiting times", 1),
        ("Parking", 1),
    ]
    assert (figures.requests_sent, figures.requests_answered) == (6, 4)
    assert figures.response_rate.percent == 67


def test_a_team_and_a_caseload_count_only_their_young_people(
    session: Session, world: CollationWorld
) -> None:
    team_a = collate(session, PERIOD, Scope(ScopeKind.TEAM, team_id=world.team_a.id))
    assert _answers(team_a) == [6, 4, 2, 2, 1, 1]
    assert (team_a.responses, team_a.positive.percent, team_a.negative.percent) == (17, 63, 19)
    assert (team_a.requests_sent, team_a.requests_answered) == (4, 3)

    team_b = collate(session, PERIOD, Scope(ScopeKind.TEAM, team_id=world.team_b.id))
    assert _answers(team_b) == [1, 1, 0, 1, 0, 1]
    assert (team_b.positive.percent, team_b.negative.percent) == (50, 25)
    assert team_b.response_rate.percent == 50
    assert [(theme.name, theme.count) for theme in team_b.themes] == [
        ("Talking to us", 1),
        ("Waiting times", 0),
    ]

    mine = collate(session, PERIOD, Scope(ScopeKind.CASELOAD, keyworker_id=world.keyworker_one.id))
    assert _answers(mine) == [4, 3, 0, 2, 0, 1]
    assert (mine.responses, mine.answered, mine.positive.percent) == (11, 10, 70)
    assert mine.by_month == [(date(2026, 9, 1), 3), (date(2026, 10, 1), 3), (date(2026, 11, 1), 5)]
    assert mine.response_rate.percent == 75

    two = collate(session, PERIOD, Scope(ScopeKind.KEYWORKER, keyworker_id=world.keyworker_two.id))
    assert _answers(two) == [2, 1, 2, 0, 1, 0]
    assert (two.requests_sent, two.response_rate.percent) == (0, None)


def test_a_period_of_one_day_counts_that_london_day(
    session: Session, world: CollationWorld
) -> None:
    # Response 1 came at 00:30 on 1 September in London (23:30 UTC the day before).
    first_day = collate(session, Period(date(2026, 9, 1), date(2026, 9, 1)), SERVICE)
    assert (first_day.responses, first_day.by_month) == (1, [(date(2026, 9, 1), 1)])
    day_before = collate(session, Period(date(2026, 8, 31), date(2026, 8, 31)), SERVICE)
    assert day_before.responses == 1  # the one at 23:59 London, outside PERIOD


def test_nothing_in_the_period_gives_zeros_and_no_percentages(session: Session) -> None:
    figures = collate(session, PERIOD, SERVICE)
    assert _answers(figures) == [0] * 6
    assert figures.positive.percent is None and figures.response_rate.percent is None
    assert [count for _month, count in figures.by_month] == [0, 0, 0]


def test_percentages_round_halves_up() -> None:
    assert [percent(1, 8), percent(5, 8), percent(2, 3), percent(0, 0)] == [13, 63, 67, None]


def test_the_default_period_is_this_month_and_the_eleven_before() -> None:
    period = twelve_months_to(date(2026, 3, 15))
    assert (period.first, period.last, len(period.months())) == (
        date(2025, 4, 1),
        date(2026, 3, 15),
        12,
    )


def test_the_figures_take_the_same_queries_for_10_or_200_responses(app: Flask) -> None:
    def run(extra: int) -> int:
        with app.app_context():
            team = make_team(db.session)
            person = make_young_person(db.session, team=team)
            start = datetime(2026, 9, 2, 9, 0, tzinfo=UTC)
            db.session.add_all(
                FeedbackResponse(
                    young_person_id=person.id,
                    channel=FeedbackChannel.WEB,
                    fft_answer=list(FftAnswer)[number % 6],
                    received_at=start + timedelta(hours=number),
                )
                for number in range(extra)
            )
            db.session.commit()
            with count_queries(db.engine) as log:
                figures = collate(db.session, PERIOD, SERVICE)
            team_scope = Scope(ScopeKind.TEAM, team_id=team.id)
            with count_queries(db.engine) as team_log:
                collate(db.session, PERIOD, team_scope)
            assert figures.responses >= extra
            assert log.count == team_log.count
            return log.count

    assert run(10) == run(190) == 3
