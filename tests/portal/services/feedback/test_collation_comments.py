"""The comments list and the CSV rows on known data: newest first, each
response once with the words of its parts, filtered, paged, and a fixed
number of queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import FeedbackChannel, FeedbackResponse, FftAnswer, MeetingKind
from portal.services.feedback import collation_comments
from portal.services.feedback.collation_comments import (
    CommentFilter,
    comments_page,
    responses_for_export,
)
from portal.services.feedback.collation_scope import Scope, ScopeKind
from tests.query_counter import count_queries
from tests.support.factories import make_team, make_young_person
from tests.support.feedback_collation_data import (
    HYPERLINK,
    PERIOD,
    CollationWorld,
    build_collation_world,
)

SERVICE = Scope(ScopeKind.SERVICE)


@pytest.fixture
def world(session: Session) -> CollationWorld:
    return build_collation_world(session)


def _numbers(world: CollationWorld, rows: object) -> list[int]:
    number_of = {response.id: number for number, response in world.responses.items()}
    return [number_of[row.response_id] for row in rows]  # type: ignore[attr-defined]


def test_the_comments_are_the_responses_with_words_newest_first(
    session: Session, world: CollationWorld
) -> None:
    page = comments_page(session, PERIOD, SERVICE, CommentFilter())

    assert _numbers(world, page.rows) == [21, 19, 16, 15, 9, 8, 2]
    assert (page.page, page.has_next) == (1, False)
    by_number = dict(zip(_numbers(world, page.rows), page.rows, strict=True))
    # By text in two parts: the comment from the first, the answer from the second.
    assert by_number[2].comments == ("Good to talk",) and by_number[2].answer is FftAnswer.VERY_GOOD
    assert by_number[2].meeting_kind is MeetingKind.MDT
    assert by_number[15].comments == ("I am scared at home",) and by_number[15].flagged
    assert by_number[16].improvements == ("Shorter waits",)
    assert by_number[16].themes == ("Waiting times",)
    assert by_number[8].themes == ("Talking to us",) and by_number[8].comments == (HYPERLINK,)
    assert [by_number[n].unread for n in (8, 9, 19, 21)] == [True, False, True, False]
    assert by_number[21].answer is None and by_number[21].preferred_name == "Robin"


@pytest.mark.parametrize(
    ("wanted", "numbers"),
    [
        (CommentFilter(answer=FftAnswer.POOR), [19, 9, 8]),
        (CommentFilter(answer=FftAnswer.VERY_GOOD), [2]),
        (CommentFilter(channel=FeedbackChannel.SMS), [15, 8, 2]),
        (CommentFilter(unread=True), [19, 8]),
        (CommentFilter(flagged=True), [19, 15]),
        (CommentFilter(answer=FftAnswer.POOR, unread=True, channel=FeedbackChannel.WEB), [19]),
    ],
)
def test_the_filters_narrow_the_comments(
    session: Session, world: CollationWorld, wanted: CommentFilter, numbers: list[int]
) -> None:
    page = comments_page(session, PERIOD, SERVICE, wanted)
    assert (_numbers(world, page.rows), page.has_next) == (numbers, False)


def test_a_theme_filter_and_the_scopes(session: Session, world: CollationWorld) -> None:
    talk = CommentFilter(theme_id=world.themes["talk"].id)
    assert _numbers(world, comments_page(session, PERIOD, SERVICE, talk).rows) == [8]
    team_b = Scope(ScopeKind.TEAM, team_id=world.team_b.id)
    assert _numbers(world, comments_page(session, PERIOD, team_b, CommentFilter()).rows) == [19]
    mine = Scope(ScopeKind.CASELOAD, keyworker_id=world.keyworker_one.id)
    assert _numbers(world, comments_page(session, PERIOD, mine, CommentFilter()).rows) == [
        21,
        9,
        8,
        2,
    ]


def test_the_export_has_every_matching_response_with_words_or_not(
    session: Session, world: CollationWorld
) -> None:
    every = responses_for_export(session, PERIOD, SERVICE, CommentFilter())
    assert len(every) == 21 and len({row.response_id for row in every}) == 21
    poor = responses_for_export(session, PERIOD, SERVICE, CommentFilter(answer=FftAnswer.POOR))
    assert _numbers(world, poor) == [19, 9, 8]
    talk = CommentFilter(theme_id=world.themes["talk"].id)
    assert _numbers(world, responses_for_export(session, PERIOD, SERVICE, talk)) == [17, 8, 1]


def test_pages_of_comments_say_whether_there_is_a_next(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collation_comments, "PAGE_SIZE", 3)
    with app.app_context():
        team = make_team(db.session)
        person = make_young_person(db.session, team=team)
        start = datetime(2026, 9, 2, 9, 0, tzinfo=UTC)
        added = [
            FeedbackResponse(
                young_person_id=person.id,
                channel=FeedbackChannel.WEB,
                comment=f"Comment {number}",
                received_at=start + timedelta(hours=number),
            )
            for number in range(7)
        ]
        db.session.add_all(added)
        db.session.flush()
        second = comments_page(db.session, PERIOD, SERVICE, CommentFilter(), page=2)
        assert [row.comments for row in second.rows] == [
            ("Comment 3",),
            ("Comment 2",),
            ("Comment 1",),
        ]
        assert second.has_next
        last = comments_page(db.session, PERIOD, SERVICE, CommentFilter(), page=3)
        assert ([row.comments for row in last.rows], last.has_next) == ([("Comment 0",)], False)
        past = comments_page(db.session, PERIOD, SERVICE, CommentFilter(), page=9)
        assert (past.page, past.rows, past.has_next) == (9, [], False)


def test_the_comments_take_the_same_queries_for_10_or_200_responses(app: Flask) -> None:
    def run(extra: int) -> int:
        with app.app_context():
            team = make_team(db.session)
            person = make_young_person(db.session, team=team)
            start = datetime(2026, 9, 2, 9, 0, tzinfo=UTC)
            first = [
                FeedbackResponse(
                    young_person_id=person.id,
                    channel=FeedbackChannel.SMS,
                    comment=f"Words {number}",
                    received_at=start + timedelta(hours=number),
                )
                for number in range(extra)
            ]
            db.session.add_all(first)
            db.session.flush()
            db.session.add_all(
                FeedbackResponse(
                    young_person_id=person.id,
                    channel=FeedbackChannel.SMS,
                    fft_answer=FftAnswer.GOOD,
                    part_of_id=response.id,
                    received_at=response.received_at + timedelta(minutes=1),
                )
                for response in first
            )
            db.session.commit()
            with count_queries(db.engine) as log:
                page = comments_page(db.session, PERIOD, SERVICE, CommentFilter(flagged=False))
            with count_queries(db.engine) as export_log:
                rows = responses_for_export(db.session, PERIOD, SERVICE, CommentFilter())
            assert all(row.answer is FftAnswer.GOOD for row in page.rows)
            assert len(rows) >= extra
            return log.count * 10 + export_log.count

    assert run(10) == run(190) == 33
