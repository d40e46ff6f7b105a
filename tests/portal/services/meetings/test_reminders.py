"""Meeting reminders: due some days before, once per contact per time of the
meeting, with a reply conversation for a text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    Channel,
    ConversationKind,
    MeetingAnswer,
    MeetingReply,
    MeetingStatus,
    Message,
)
from portal.services.meetings.meeting_messages import MeetingMessageSettings, Unreachable
from portal.services.meetings.reminders import (
    NotRemindable,
    ReminderRefused,
    queue_due_reminders,
    remind_now,
    reminder_window,
)
from tests.portal.services.meetings.reminder_data import (
    SETTINGS,
    STARTS,
    MeetingFamily,
    conversations,
    make_meeting_family,
    messages,
)
from tests.support.at_once import at_once_in_transactions

SEVEN_DAYS_BEFORE = STARTS - timedelta(days=7)


@pytest.fixture
def family(session: Session) -> MeetingFamily:
    return make_meeting_family(session)


def test_the_7_day_reminder_goes_to_who_may_see_the_meeting(
    session: Session, family: MeetingFamily
) -> None:
    summary = queue_due_reminders(session, SEVEN_DAYS_BEFORE, SETTINGS)

    assert (summary.queued, summary.not_sent) == (1, {Unreachable.NO_PORTAL_ACCESS: 1})
    [message] = messages(session)
    assert message.contact_id == family.parent.id and message.channel is Channel.SMS
    assert message.purpose == "meeting_reminder" and message.meeting_id == family.meeting.id
    assert "Wednesday 17 June at 11 in the morning" in message.body
    assert f"http://portal.test/my-meetings/{family.meeting.id}" in message.body
    assert "CETR" not in message.body and "Review" not in message.body
    [conversation] = conversations(session)
    assert conversation.kind is ConversationKind.MEETING_REPLY
    assert (conversation.contact_id, conversation.meeting_id) == (
        family.parent.id,
        family.meeting.id,
    )
    assert (conversation.message_id, conversation.phone_e164) == (
        message.id,
        family.parent.mobile_e164,
    )
    assert conversation.expires_at == STARTS


def test_running_twice_queues_once(session: Session, family: MeetingFamily) -> None:
    queue_due_reminders(session, SEVEN_DAYS_BEFORE, SETTINGS)
    again = queue_due_reminders(session, SEVEN_DAYS_BEFORE + timedelta(hours=3), SETTINGS)
    assert (again.queued, again.already_sent) == (0, 1)
    assert len(messages(session)) == 1 and len(conversations(session)) == 1


@pytest.mark.parametrize(
    ("before", "window"),
    [
        (timedelta(days=8), None),
        (timedelta(days=7, seconds=1), None),
        (timedelta(days=7), 7),
        (timedelta(days=3), 7),
        (timedelta(days=1, seconds=1), 7),
        (timedelta(days=1), 1),
        (timedelta(minutes=1), 1),
        (timedelta(0), None),
        (-timedelta(hours=1), None),
    ],
)
def test_which_reminder_is_due(
    family: MeetingFamily, before: timedelta, window: int | None
) -> None:
    assert reminder_window(family.meeting, STARTS - before, (1, 7)) == window


def test_a_meeting_booked_3_days_ahead_gets_both_reminders(
    session: Session, family: MeetingFamily
) -> None:
    assert queue_due_reminders(session, STARTS - timedelta(days=3), SETTINGS).queued == 1
    assert queue_due_reminders(session, STARTS - timedelta(days=2), SETTINGS).queued == 0
    assert queue_due_reminders(session, STARTS - timedelta(hours=20), SETTINGS).queued == 1
    assert len(messages(session)) == 2
    # The second question replaces the first.
    first, second = conversations(session)
    assert first.closed_at is not None and second.closed_at is None


def test_no_reminder_for_a_cancelled_held_or_started_meeting(
    session: Session, family: MeetingFamily
) -> None:
    assert queue_due_reminders(session, STARTS + timedelta(minutes=1), SETTINGS).queued == 0
    for status in (MeetingStatus.CANCELLED, MeetingStatus.HELD):
        family.meeting.status = status
        session.flush()
        assert queue_due_reminders(session, SEVEN_DAYS_BEFORE, SETTINGS).queued == 0
    assert messages(session) == []


def test_a_moved_meeting_is_reminded_of_again_and_a_new_place_is_not(
    session: Session, family: MeetingFamily
) -> None:
    queue_due_reminders(session, STARTS - timedelta(days=6), SETTINGS)
    family.meeting.place = "Room 2, Test Clinic"
    session.flush()
    assert queue_due_reminders(session, STARTS - timedelta(days=6), SETTINGS).queued == 0
    family.meeting.starts_at += timedelta(hours=2)
    family.meeting.ends_at += timedelta(hours=2)
    session.flush()
    assert queue_due_reminders(session, STARTS - timedelta(days=6), SETTINGS).queued == 1
    assert "at 1 in the afternoon" in messages(session)[-1].body


def _reply(session: Session, family: MeetingFamily, answer: MeetingAnswer, at: datetime) -> None:
    session.add(
        MeetingReply(
            meeting_id=family.meeting.id, contact_id=family.parent.id, answer=answer, replied_at=at
        )
    )
    session.flush()


def test_no_automatic_reminder_after_saying_no_until_the_meeting_changes(
    session: Session, family: MeetingFamily
) -> None:
    _reply(session, family, MeetingAnswer.NO, datetime(2026, 6, 2, 9, 0, tzinfo=UTC))
    summary = queue_due_reminders(session, SEVEN_DAYS_BEFORE, SETTINGS)
    assert summary.queued == 0 and summary.not_sent[Unreachable.SAID_CANNOT_COME] == 1
    # The meeting changed after the answer: it may suit them now.
    family.meeting.updated_at = datetime(2026, 6, 3, 9, 0, tzinfo=UTC)
    session.flush()
    assert queue_due_reminders(session, SEVEN_DAYS_BEFORE, SETTINGS).queued == 1


def test_saying_yes_or_not_sure_still_gets_reminders(
    session: Session, family: MeetingFamily
) -> None:
    _reply(session, family, MeetingAnswer.NO, datetime(2026, 6, 2, 9, 0, tzinfo=UTC))
    _reply(session, family, MeetingAnswer.YES, datetime(2026, 6, 2, 10, 0, tzinfo=UTC))
    assert queue_due_reminders(session, SEVEN_DAYS_BEFORE, SETTINGS).queued == 1


def test_day_and_time_are_in_the_contacts_language(session: Session, family: MeetingFamily) -> None:
    family.parent.preferred_language = "cy"
    session.flush()
    queue_due_reminders(session, SEVEN_DAYS_BEFORE, SETTINGS)
    assert "Dydd Mercher 17 Mehefin" in messages(session)[0].body


def test_an_email_reminder_opens_no_conversation(session: Session, family: MeetingFamily) -> None:
    family.parent.email, family.parent.email_verified = "pat.sample@example.org", True
    family.parent.preferred_channel = Channel.EMAIL
    session.flush()
    queue_due_reminders(session, SEVEN_DAYS_BEFORE, SETTINGS)
    [message] = messages(session)
    assert message.channel is Channel.EMAIL and "Reply YES" not in message.body
    assert conversations(session) == []


def test_a_reminder_due_in_quiet_hours_waits_until_8(
    session: Session, family: MeetingFamily
) -> None:
    # 21:30 in London on Wednesday 10 June: 7 days before is 11:00, so it is due.
    late = datetime(2026, 6, 10, 20, 30, tzinfo=UTC)
    queue_due_reminders(session, late, SETTINGS)
    [message] = messages(session)
    assert message.automatic and message.send_after == datetime(2026, 6, 11, 7, 0, tzinfo=UTC)


def test_no_reminder_days_configured_sends_nothing(session: Session, family: MeetingFamily) -> None:
    none = MeetingMessageSettings(messages=SETTINGS.messages, reminder_days=())
    assert queue_due_reminders(session, SEVEN_DAYS_BEFORE, none).queued == 0


def test_settings_from_config_ignore_zero_and_order_the_days() -> None:
    config = {
        "SERVICE_NAME": "Portal",
        "PUBLIC_BASE_URL": "https://portal.example.org",
        "MEETING_REMINDER_DAYS": (1, 7, 0, 7),
    }
    assert MeetingMessageSettings.from_config(config, SETTINGS.translator_for).reminder_days == (
        7,
        1,
    )


def test_20_runs_at_once_queue_each_reminder_once(session: Session, family: MeetingFamily) -> None:
    results = at_once_in_transactions(
        session.get_bind(),
        lambda own, index: queue_due_reminders(own, SEVEN_DAYS_BEFORE, SETTINGS).queued,
    )
    assert sum(results) == 1
    session.expire_all()
    assert session.scalar(select(func.count(Message.id))) == 1
    assert len(conversations(session)) == 1


# Send a reminder now


def test_remind_now_goes_at_once_in_quiet_hours_and_once_a_day(
    session: Session, family: MeetingFamily
) -> None:
    _reply(session, family, MeetingAnswer.NO, datetime(2026, 6, 2, 9, 0, tzinfo=UTC))
    late = datetime(2026, 6, 14, 21, 30, tzinfo=UTC)
    outcomes = remind_now(session, family.meeting, late, SETTINGS)
    assert [(o.contact_id, o.channel, o.unreachable) for o in outcomes] == [
        (family.parent.id, Channel.SMS, None),
        (family.switched_off.id, None, Unreachable.NO_PORTAL_ACCESS),
    ]
    [message] = messages(session)
    assert (message.send_after, message.automatic) == (late, False)
    assert len(conversations(session)) == 1
    again = remind_now(session, family.meeting, late + timedelta(minutes=5), SETTINGS)
    assert again[0].unreachable is Unreachable.ALREADY_SENT
    next_day = remind_now(session, family.meeting, late + timedelta(hours=12), SETTINGS)
    assert next_day[0].sent


@pytest.mark.parametrize(
    ("status", "at", "reason"),
    [
        (MeetingStatus.CANCELLED, SEVEN_DAYS_BEFORE, NotRemindable.CANCELLED),
        (MeetingStatus.HELD, SEVEN_DAYS_BEFORE, NotRemindable.HELD),
        (MeetingStatus.PLANNED, STARTS, NotRemindable.STARTED),
    ],
)
def test_remind_now_refuses_a_meeting_that_is_over(
    session: Session,
    family: MeetingFamily,
    status: MeetingStatus,
    at: datetime,
    reason: NotRemindable,
) -> None:
    family.meeting.status = status
    session.flush()
    with pytest.raises(ReminderRefused) as refused:
        remind_now(session, family.meeting, at, SETTINGS)
    assert refused.value.reason is reason
    assert messages(session) == []
