"""Reading my views before the meeting: only the young person's own
meetings, answers tidied, versions that name the row shown, who may decide on
sharing, and a fixed number of queries whatever the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from portal.models import MeetingViews, Relationship, ViewsStatus, utc_now
from portal.services.meetings.views_before import (
    NO_VERSION,
    answer_digest,
    clean_answer,
    version_of,
    views_for_meeting,
)
from portal.timezones import london_today
from tests.portal.services.meetings.views_before_data import (
    People,
    all_views,
    born_years_ago,
    make_people,
    now,
    save,
    state_of,
)
from tests.query_counter import count_queries
from tests.support.factories import make_contact, make_meeting, make_team, make_young_person


@pytest.fixture
def people(session: Session) -> People:
    return make_people(session)


def test_another_young_persons_meeting_is_not_found(session: Session, people: People) -> None:
    other = make_young_person(session, team=people.young_person.team)
    their_meeting = make_meeting(session, young_person=other)
    state = views_for_meeting(
        session, people.sam, their_meeting.id, now=now(), today=london_today()
    )
    assert state is None
    assert views_for_meeting(session, people.sam, 999999, now=now(), today=london_today()) is None


def test_answers_are_cleaned() -> None:
    assert clean_answer("  Line 1\r\nLine 2\r\n  ") == "Line 1\nLine 2"
    assert clean_answer("a\rb") == "a\nb"
    assert clean_answer("   ") is None
    assert clean_answer(None) is None


def test_for_a_14_year_old_the_parent_decides_sharing(session: Session) -> None:
    person = make_young_person(session, team=make_team(session), date_of_birth=born_years_ago(14))
    child = make_contact(session, young_person=person, relation=Relationship.SELF)
    parent = make_contact(session, young_person=person, has_parental_responsibility=True)
    meeting = make_meeting(session, young_person=person)
    session.commit()
    assert state_of(session, parent, meeting).may_decide_sharing
    assert not state_of(session, child, meeting).may_decide_sharing


def test_reading_the_views_takes_a_fixed_number_of_queries(
    session: Session, people: People
) -> None:
    save(session, people.sam, people.meeting, "going_well", "College.")
    engine = session.get_bind()

    def count() -> int:
        session.expire_all()
        with count_queries(engine) as log:  # type: ignore[arg-type]
            state_of(session, people.sam, people.meeting)
        return log.count

    before = count()
    for number in range(20):
        meeting = make_meeting(session, young_person=people.young_person)
        session.add(
            MeetingViews(
                meeting_id=people.meeting.id,
                contact_id=people.sam.id,
                status=ViewsStatus.SENT,
                going_well=f"Sent {number}",
                sent_at=utc_now() - timedelta(days=number + 1),
            )
        )
        session.add(MeetingViews(meeting_id=meeting.id, contact_id=people.parent.id))
    session.commit()
    assert count() == before


def test_a_version_names_the_row_and_its_revision(session: Session, people: People) -> None:
    assert version_of(None) == NO_VERSION
    state = save(session, people.sam, people.meeting, "going_well", "College.")
    (draft,) = all_views(session, people.sam)
    assert version_of(draft) == state.version == f"{draft.id}.1"


def test_an_answer_digest_tells_answers_apart_and_says_yes_or_no_for_a_choice() -> None:
    assert answer_digest("College.") == answer_digest("College.")
    assert answer_digest("College.") != answer_digest("School.")
    assert answer_digest(None) == answer_digest("")
    assert answer_digest(True) == answer_digest("yes") != answer_digest(False)
    assert len(answer_digest("x" * 5000)) == 32
