"""A family's meetings: which are listed where, and one meeting's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from portal.models import MeetingAttendee, MeetingKind, MeetingStatus
from portal.services.meetings.family_view import (
    PAST_MEETINGS_SHOWN,
    SectionKey,
    list_meetings,
    map_search_url,
    meeting_for_contact,
    meeting_page,
)
from tests.portal.services.meetings.family_data import NOW, Family, add_meeting, make_family
from tests.query_counter import count_queries


@pytest.fixture
def family(session: Session) -> Family:
    return make_family(session)


# The list


def test_upcoming_soonest_first_and_past_newest_first(session: Session, family: Family) -> None:
    later = add_meeting(session, family.person, starts_in=timedelta(days=9))
    cancelled = add_meeting(
        session, family.person, starts_in=timedelta(days=3), status=MeetingStatus.CANCELLED
    )
    soon = add_meeting(session, family.person, starts_in=timedelta(days=1))
    # Started half an hour ago and still going: still "coming up" until it ends.
    going_on = add_meeting(session, family.person, starts_in=timedelta(minutes=-30))
    long_ago = add_meeting(
        session, family.person, starts_in=timedelta(days=-60), status=MeetingStatus.HELD
    )
    last_week = add_meeting(
        session, family.person, starts_in=timedelta(days=-7), status=MeetingStatus.HELD
    )
    # Staff forgot to mark it held: it has ended, so it is in the past.
    ended = add_meeting(session, family.person, starts_in=timedelta(days=-2))
    add_meeting(session, family.other_contact.young_person, starts_in=timedelta(days=2))

    listed = list_meetings(session, family.contact, now=NOW, lang="en")

    assert [item.id for item in listed.upcoming] == [going_on.id, soon.id, cancelled.id, later.id]
    assert [item.id for item in listed.past] == [ended.id, last_week.id, long_ago.id]
    assert [item.cancelled for item in listed.upcoming] == [False, False, True, False]


def test_list_items_say_the_kind_day_and_time_in_plain_words(
    session: Session, family: Family
) -> None:
    # 9 in the morning UTC is 10 in the morning in London in July.
    add_meeting(session, family.person, starts_in=timedelta(days=6), kind=MeetingKind.CETR)

    (item,) = list_meetings(session, family.contact, now=NOW, lang="en").upcoming

    assert item.kind is MeetingKind.CETR
    assert item.day == "Tuesday 21 July"
    assert item.time == "11 in the morning to 12 noon"


def test_only_the_latest_meetings_that_happened_are_listed_unless_all_are_asked_for(
    session: Session, family: Family
) -> None:
    coming = add_meeting(session, family.person, starts_in=timedelta(days=2))
    held = [
        add_meeting(session, family.person, starts_in=timedelta(days=-n), status=MeetingStatus.HELD)
        for n in range(1, PAST_MEETINGS_SHOWN + 4)
    ]
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    with count_queries(engine) as queries:
        listed = list_meetings(session, family.contact, now=NOW, lang="en")
    assert queries.count == 2
    assert [item.id for item in listed.upcoming] == [coming.id]
    assert [item.id for item in listed.past] == [m.id for m in held[:PAST_MEETINGS_SHOWN]]
    assert listed.more_past
    every = list_meetings(session, family.contact, now=NOW, lang="en", every_past=True)
    assert [item.id for item in every.past] == [m.id for m in held] and not every.more_past
    for extra in range(PAST_MEETINGS_SHOWN + 4, PAST_MEETINGS_SHOWN + 40):
        add_meeting(session, family.person, starts_in=timedelta(days=-extra))
    with count_queries(engine) as more:
        again = list_meetings(session, family.contact, now=NOW, lang="en")
    assert more.count == 2 and len(again.past) == PAST_MEETINGS_SHOWN


def test_no_meetings_lists_nothing(session: Session, family: Family) -> None:
    add_meeting(session, family.other_contact.young_person, starts_in=timedelta(days=2))

    listed = list_meetings(session, family.contact, now=NOW, lang="en")

    assert listed.upcoming == () and listed.past == ()


# One meeting


def test_another_young_persons_meeting_is_not_found(session: Session, family: Family) -> None:
    theirs = add_meeting(session, family.other_contact.young_person, starts_in=timedelta(days=2))

    assert meeting_for_contact(session, family.contact, theirs.id) is None
    assert meeting_page(session, family.contact, theirs.id, now=NOW, lang="en") is None
    assert meeting_page(session, family.other_contact, theirs.id, now=NOW, lang="en") is not None


@pytest.mark.parametrize("kind", list(MeetingKind))
def test_each_kind_of_meeting_is_explained_in_parts(
    session: Session, family: Family, kind: MeetingKind
) -> None:
    meeting = add_meeting(session, family.person, starts_in=timedelta(days=2), kind=kind)
    session.add(MeetingAttendee(meeting_id=meeting.id, role="School SENCO", agency="School"))
    session.commit()

    page = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")

    assert page is not None
    assert [section.key for section in page.sections] == [
        SectionKey.WHAT,
        SectionKey.WHEN,
        SectionKey.WHERE,
        SectionKey.WHO,
        SectionKey.HAPPENS,
        SectionKey.YOU_CAN,
    ]
    text = " ".join(block.text for section in page.sections for block in section.blocks)
    assert "You can ask for an advocate to help you." in text
    assert "School SENCO" in " ".join(
        child.text
        for section in page.sections
        for block in section.blocks
        for child in block.children
    )
    if kind is MeetingKind.CETR:
        assert "The panel will ask 4 questions:" in text
    assert page.kind is kind
    assert page.may_change and not page.cancelled and not page.happened
    assert page.map_url == map_search_url("Room 1, Test Clinic")


def test_a_cancelled_meeting_says_so_first_and_takes_no_answers(
    session: Session, family: Family
) -> None:
    meeting = add_meeting(
        session, family.person, starts_in=timedelta(days=2), status=MeetingStatus.CANCELLED
    )

    page = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")

    assert page is not None
    assert [section.key for section in page.sections] == [SectionKey.CANCELLED]
    assert page.sections[0].blocks[0].text == "This meeting is cancelled."
    assert page.cancelled and page.in_future and not page.may_change and not page.happened


def test_a_past_meeting_has_happened(session: Session, family: Family) -> None:
    meeting = add_meeting(
        session, family.person, starts_in=timedelta(days=-3), status=MeetingStatus.HELD
    )

    page = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")

    assert page is not None and page.happened and not page.may_change


def test_the_map_link_searches_for_the_address_and_only_https_video_links_are_joined(
    session: Session, family: Family
) -> None:
    assert map_search_url("Room 2,  1 Example Street\nExampletown") == (
        "https://www.openstreetmap.org/search?query=Room+2%2C+1+Example+Street+Exampletown"
    )
    assert map_search_url("  ") is None
    meeting = add_meeting(session, family.person, starts_in=timedelta(days=2))
    meeting.video_link = "javascript:alert(1)"
    session.commit()
    page = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")
    assert page is not None and page.join_url is None
    meeting.video_link = "https://video.example.org/call"
    session.commit()
    page = meeting_page(session, family.contact, meeting.id, now=NOW, lang="en")
    assert page is not None and page.join_url == "https://video.example.org/call"
