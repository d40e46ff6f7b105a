"""Telling the family that a meeting moved or will not happen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from portal.models import Channel, ConversationKind, MeetingStatus
from portal.services.meetings.notices import notify_cancelled, notify_moved
from portal.services.meetings.reminders import queue_due_reminders
from tests.portal.services.meetings.reminder_data import (
    SETTINGS,
    STARTS,
    MeetingFamily,
    conversations,
    make_meeting_family,
    messages,
)

NOW = STARTS - timedelta(days=10)


@pytest.fixture
def family(session: Session) -> MeetingFamily:
    return make_meeting_family(session)


def _move(session: Session, family: MeetingFamily, by: timedelta) -> None:
    family.meeting.starts_at += by
    family.meeting.ends_at += by
    session.flush()


def test_a_move_tells_the_new_day_and_time_and_asks_again(
    session: Session, family: MeetingFamily
) -> None:
    queue_due_reminders(session, STARTS - timedelta(days=6), SETTINGS)
    _move(session, family, timedelta(days=1))

    outcomes = notify_moved(session, family.meeting, STARTS - timedelta(days=6), SETTINGS)

    assert [o.channel for o in outcomes] == [Channel.SMS, None]
    notice = messages(session)[-1]
    assert notice.purpose == "meeting_moved" and notice.automatic
    assert "It is now on Thursday 18 June at 11 in the morning" in notice.body
    old, new = conversations(session)
    assert old.closed_at is not None
    assert (new.kind, new.message_id, new.expires_at) == (
        ConversationKind.MEETING_REPLY,
        notice.id,
        family.meeting.starts_at,
    )


def test_the_move_notice_is_the_reminder_of_its_window(
    session: Session, family: MeetingFamily
) -> None:
    _move(session, family, timedelta(hours=3))
    notify_moved(session, family.meeting, STARTS - timedelta(days=5), SETTINGS)
    summary = queue_due_reminders(session, STARTS - timedelta(days=5), SETTINGS)
    assert (summary.queued, summary.already_sent) == (0, 1)
    assert [m.purpose for m in messages(session)] == ["meeting_moved"]


def test_moving_back_to_an_old_time_still_tells_the_family(
    session: Session, family: MeetingFamily
) -> None:
    at = STARTS - timedelta(days=5)
    queue_due_reminders(session, at, SETTINGS)
    _move(session, family, timedelta(hours=3))
    notify_moved(session, family.meeting, at, SETTINGS)
    _move(session, family, -timedelta(hours=3))
    assert notify_moved(session, family.meeting, at, SETTINGS)[0].sent
    assert [m.purpose for m in messages(session)] == [
        "meeting_reminder",
        "meeting_moved",
        "meeting_moved",
    ]


def test_a_move_is_told_once(session: Session, family: MeetingFamily) -> None:
    _move(session, family, timedelta(days=7))
    assert notify_moved(session, family.meeting, NOW, SETTINGS)[0].sent
    assert not notify_moved(session, family.meeting, NOW, SETTINGS)[0].sent
    assert len(messages(session)) == 1


def test_no_move_notice_for_a_meeting_in_the_past(session: Session, family: MeetingFamily) -> None:
    assert notify_moved(session, family.meeting, STARTS + timedelta(hours=2), SETTINGS) == []


def test_cancelling_says_it_will_not_happen_and_closes_the_question(
    session: Session, family: MeetingFamily
) -> None:
    queue_due_reminders(session, STARTS - timedelta(days=6), SETTINGS)
    family.meeting.status = MeetingStatus.CANCELLED
    session.flush()

    outcomes = notify_cancelled(session, family.meeting, STARTS - timedelta(days=5), SETTINGS)

    assert [o.sent for o in outcomes] == [True, False]
    notice = messages(session)[-1]
    assert notice.purpose == "meeting_cancelled"
    assert "your meeting on Wednesday 17 June at 11 in the morning will not happen" in notice.body
    assert "Reply YES" not in notice.body
    [conversation] = conversations(session)
    assert conversation.closed_at is not None
    assert not notify_cancelled(session, family.meeting, NOW, SETTINGS)[0].sent


def test_no_cancel_notice_for_a_meeting_in_the_past(
    session: Session, family: MeetingFamily
) -> None:
    family.meeting.status = MeetingStatus.CANCELLED
    session.flush()
    assert notify_cancelled(session, family.meeting, STARTS + timedelta(hours=2), SETTINGS) == []
    assert messages(session) == []
