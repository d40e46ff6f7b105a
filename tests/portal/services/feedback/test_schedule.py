"""Feedback requests on their own: about keyworker support every 91 days per
contact, spread when first deployed, and about a held meeting a day later."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from portal.models import FeedbackChannel, FftAnswer, MeetingStatus
from portal.services.feedback.filing import Answer, file_response
from portal.services.feedback.requests import NotAsked, request_feedback
from portal.services.feedback.schedule import due_feedback_requests, first_due
from tests.portal.services.feedback.request_data import NOW, SETTINGS, make_family, requests
from tests.support.factories import make_contact, make_meeting
from tests.support.urgent import TEST_ALERTS


def test_a_contact_asked_91_days_ago_is_asked_again_once(session: Session) -> None:
    family = make_family(session)
    family.parent.created_at = NOW - timedelta(days=400)
    request_feedback(session, family.parent, now=NOW - timedelta(days=91), settings=SETTINGS)
    session.commit()

    early = due_feedback_requests(session, NOW - timedelta(minutes=1), SETTINGS)
    first = due_feedback_requests(session, NOW, SETTINGS)
    second = due_feedback_requests(session, NOW, SETTINGS)

    assert (early.asked, first.asked, second.asked) == (0, 1, 0)
    assert len(requests(session)) == 2


def test_a_contact_who_told_us_on_their_own_is_asked_91_days_after_that(
    session: Session,
) -> None:
    family = make_family(session)
    family.parent.created_at = NOW - timedelta(days=400)
    request_feedback(session, family.parent, now=NOW - timedelta(days=91), settings=SETTINGS)
    # From the home page, unasked, ten days ago.
    answered = NOW - timedelta(days=10)
    unasked = Answer(channel=FeedbackChannel.WEB, fft_answer=FftAnswer.GOOD)
    file_response(session, family.parent, unasked, answered, alerts=TEST_ALERTS)
    session.commit()

    assert due_feedback_requests(session, NOW, SETTINGS).asked == 0
    assert due_feedback_requests(session, answered + timedelta(days=91), SETTINGS).asked == 1


def test_a_new_contact_is_first_asked_91_days_after_they_were_added(session: Session) -> None:
    family = make_family(session)
    request_feedback(session, family.parent, now=NOW - timedelta(days=200), settings=SETTINGS)
    newcomer = make_contact(session, young_person=family.person, mobile="+447700900323")
    newcomer.created_at = NOW - timedelta(days=90)
    session.commit()
    assert due_feedback_requests(session, NOW, SETTINGS).asked == 1  # the parent
    tomorrow = NOW + timedelta(days=1)
    assert due_feedback_requests(session, tomorrow, SETTINGS).asked == 1  # the newcomer
    assert {r.contact_id for r in requests(session)} == {family.parent.id, newcomer.id}


def test_contacts_there_before_the_schedule_started_are_spread_over_its_first_cycle() -> None:
    class Old:
        created_at = NOW - timedelta(days=1000)

        def __init__(self, id_: int) -> None:
            self.id = id_

    started = date(2026, 3, 3)
    days = {first_due(Old(n), started, timedelta(days=91)) for n in range(1, 911)}  # type: ignore[arg-type]
    assert min(days) == started and max(days) == started + timedelta(days=90)
    assert len(days) == 91  # ten contacts a day, not 910 on the first


def test_nobody_is_asked_on_the_day_of_deploying_but_their_share(session: Session) -> None:
    families = [make_family(session, mobile=f"+4477009004{n:02d}") for n in range(20)]
    for family in families:
        family.parent.created_at = NOW - timedelta(days=500)
    session.commit()
    summary = due_feedback_requests(session, NOW, SETTINGS)
    assert summary.asked <= 1  # at most the one whose day in the cycle is today


def test_a_held_meeting_is_asked_about_a_day_after_once(session: Session) -> None:
    family = make_family(session)
    family.parent.created_at = NOW  # not due the general question
    meeting = make_meeting(
        session,
        young_person=family.person,
        starts_at=NOW - timedelta(hours=30),
        status=MeetingStatus.HELD,
    )
    off = make_contact(session, young_person=family.person, portal_access_enabled=False)
    meeting.updated_at = NOW - timedelta(hours=23)
    session.commit()
    assert due_feedback_requests(session, NOW, SETTINGS).asked == 0

    later = NOW + timedelta(hours=1)
    assert due_feedback_requests(session, later, SETTINGS).asked == 1
    assert due_feedback_requests(session, later, SETTINGS).asked == 0
    [request] = requests(session)
    assert (request.meeting_id, request.contact_id) == (meeting.id, family.parent.id)
    assert off.id not in {r.contact_id for r in requests(session)}


def test_a_meeting_held_long_ago_is_not_asked_about(session: Session) -> None:
    family = make_family(session)
    family.parent.created_at = NOW
    meeting = make_meeting(
        session,
        young_person=family.person,
        starts_at=NOW - timedelta(days=30),
        status=MeetingStatus.HELD,
    )
    meeting.updated_at = NOW - timedelta(days=16)
    session.commit()
    assert due_feedback_requests(session, NOW, SETTINGS).asked == 0


def test_who_cannot_be_reached_is_counted_not_asked(session: Session) -> None:
    family = make_family(session)
    family.parent.phone_verified = False
    family.parent.created_at = NOW - timedelta(days=91)
    request_feedback(
        session,
        make_contact(session, young_person=family.person),
        now=NOW - timedelta(days=100),
        settings=SETTINGS,
    )
    session.commit()
    summary = due_feedback_requests(session, NOW, SETTINGS)
    assert summary.not_asked.get(NotAsked.NO_CHECKED_ADDRESS) == 1
