"""The record's Feedback page reads one page of answers at a time: newest
first, each first part with its later parts and what is about it, the page
that holds a given response, and the same queries however many answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from portal.models import (
    FamilyInputKind,
    FamilyInputNotice,
    FeedbackChannel,
    FeedbackResponse,
    FeedbackTheme,
    FeedbackThemeTag,
    FftAnswer,
    StaffUser,
    YoungPerson,
)
from portal.services.feedback.record_view import feedback_for_record
from portal.services.feedback.themes import sync_standard_themes
from tests.query_counter import count_queries
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person

START = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def keyworker(session: Session) -> StaffUser:
    sync_standard_themes(session)
    return make_staff_user(session, team=make_team(session))


@pytest.fixture
def person(session: Session, keyworker: StaffUser) -> YoungPerson:
    return make_young_person(session, team=keyworker.team, keyworker=keyworker)  # type: ignore[arg-type]


def _answers(
    session: Session, person: YoungPerson, keyworker: StaffUser, count: int, *, first: int = 0
) -> list[FeedbackResponse]:
    """`count` text answers an hour apart, each with a later part, a notice
    and a theme; returns their later parts, oldest first."""
    contact = make_contact(session, young_person=person)
    theme = session.scalars(select(FeedbackTheme).limit(1)).one()
    parts = []
    for number in range(first, first + count):
        at = START + timedelta(hours=number)
        head = FeedbackResponse(
            young_person_id=person.id,
            contact_id=contact.id,
            channel=FeedbackChannel.SMS,
            fft_answer=FftAnswer.GOOD,
            received_at=at,
        )
        session.add(head)
        session.flush()
        part = FeedbackResponse(
            young_person_id=person.id,
            contact_id=contact.id,
            channel=FeedbackChannel.SMS,
            comment=f"Answer {number}",
            part_of_id=head.id,
            received_at=at + timedelta(minutes=5),
        )
        session.add(part)
        session.flush()
        session.add_all(
            [
                FamilyInputNotice(
                    young_person_id=person.id,
                    contact_id=contact.id,
                    kind=FamilyInputKind.FEEDBACK,
                    subject_id=part.id,
                    summary="Feedback",
                ),
                FeedbackThemeTag(
                    response_id=head.id,
                    theme_id=theme.id,
                    young_person_id=person.id,
                    tagged_by_id=keyworker.id,
                ),
            ]
        )
        parts.append(part)
    session.flush()
    return parts


def _queries(session: Session, person: YoungPerson, **wanted: int) -> int:
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    with count_queries(engine) as log:
        feedback_for_record(session, person.id, **wanted)
    return log.count


def test_answers_come_newest_first_a_page_at_a_time_with_their_parts(
    session: Session, person: YoungPerson, keyworker: StaffUser
) -> None:
    _answers(session, person, keyworker, 5)
    pages = [feedback_for_record(session, person.id, page=n, size=2) for n in (1, 2, 3)]
    assert [[entry.comments for entry in page.entries] for page in pages] == [
        [["Answer 4"], ["Answer 3"]],
        [["Answer 2"], ["Answer 1"]],
        [["Answer 0"]],
    ]
    assert [(page.span.page, page.span.pages, page.span.total) for page in pages] == [
        (1, 3, 5),
        (2, 3, 5),
        (3, 3, 5),
    ]
    for entry in pages[1].entries:
        # The notice is on the later part; the theme on the first.
        assert entry.is_new and len(entry.notices) == 1 and len(entry.tags) == 1
    assert feedback_for_record(session, person.id, page=40, size=2).span.page == 3


def test_the_page_holding_a_response_is_the_page_of_its_answer(
    session: Session, person: YoungPerson, keyworker: StaffUser
) -> None:
    parts = _answers(session, person, keyworker, 5)
    oldest_part = parts[0]
    found = feedback_for_record(session, person.id, holding=oldest_part.id, size=2)
    assert found.span.page == 3
    assert [entry.comments for entry in found.entries] == [["Answer 0"]]
    newest_first = feedback_for_record(session, person.id, holding=parts[4].part_of_id, size=2)
    assert newest_first.span.page == 1
    # Another young person's response, or none: the page asked for.
    other = make_young_person(session, team=keyworker.team, keyworker=keyworker)  # type: ignore[arg-type]
    theirs = _answers(session, other, keyworker, 1)[0]
    for holding in (theirs.id, 999_999):
        asked = feedback_for_record(session, person.id, page=2, holding=holding, size=2)
        assert asked.span.page == 2


def test_the_queries_stay_the_same_however_many_answers(
    session: Session, person: YoungPerson, keyworker: StaffUser
) -> None:
    _answers(session, person, keyworker, 3)
    few = _queries(session, person, size=20)
    few_holding = _queries(session, person, size=20, holding=1)
    _answers(session, person, keyworker, 60, first=3)
    assert _queries(session, person, size=20) == few
    assert _queries(session, person, size=20, page=3) == few
    assert _queries(session, person, size=20, holding=1) == few_holding
    assert len(feedback_for_record(session, person.id, size=20).entries) == 20
