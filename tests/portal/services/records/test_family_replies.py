"""Replies the family reads: checked as easy read (refused, or saved anyway
after the suggestions), never empty or too long, audited, to the contact who
sent the item only, and read once even when two devices open them at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    AuditEvent,
    FamilyInputKind,
    FamilyInputNotice,
    FamilyReply,
    FamilyReplyRead,
    utc_now,
)
from portal.services.meetings.outcome import NotEasyRead
from portal.services.records.family_replies import (
    REPLIED,
    ReplyProblem,
    ReplyRefused,
    mark_messages_read,
    messages_for,
    reply_to_family,
    unread_count,
)
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_contact
from tests.support.family_input_data import (
    FamilyOnCaseload,
    add_family_input_of_every_kind,
    make_family_on_caseload,
)

Notices = dict[FamilyInputKind, FamilyInputNotice]
HARD_WORDS = "We will facilitate a multidisciplinary consultation regarding your concerns."
TOO_LONG_SENTENCE = (
    "We will make sure that everybody who comes to the meeting knows about it and has read "
    "the notes before the meeting so that nobody is surprised on the day and you can say it."
)


@pytest.fixture
def family(session: Session) -> FamilyOnCaseload:
    return make_family_on_caseload(session)


@pytest.fixture
def notices(session: Session, family: FamilyOnCaseload) -> Notices:
    found = add_family_input_of_every_kind(session, contact=family.contact, meeting=family.meeting)
    session.commit()
    return found


def _replies(session: Session) -> int:
    return int(session.scalar(select(func.count(FamilyReply.id))) or 0)


def test_a_reply_goes_to_the_sender_and_is_audited(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    notice = notices[FamilyInputKind.MEETING_REPLY]
    reply, review = reply_to_family(
        session,
        notice,
        "  Thank you. See you there.  ",
        family.keyworker,
        utc_now(),
        save_anyway=False,
    )
    session.commit()
    assert (reply.contact_id, reply.text, reply.written_by_id) == (
        family.contact.id,
        "Thank you. See you there.",
        family.keyworker.id,
    )
    assert not review.has_warnings
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == REPLIED)).all()
    assert (
        event.detail["reply_id"] == reply.id and event.detail["to_contact_id"] == family.contact.id
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [("   ", ReplyProblem.MISSING), ("Yes. " * 201, ReplyProblem.TOO_LONG)],
)
def test_an_empty_or_too_long_reply_is_refused(
    session: Session, family: FamilyOnCaseload, notices: Notices, text: str, problem: ReplyProblem
) -> None:
    with pytest.raises(ReplyRefused) as refused:
        reply_to_family(
            session,
            notices[FamilyInputKind.FEEDBACK],
            text,
            family.keyworker,
            utc_now(),
            save_anyway=True,
        )
    assert refused.value.problem is problem
    assert _replies(session) == 0


def test_hard_words_are_refused_until_the_writer_chooses_save_anyway(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    notice = notices[FamilyInputKind.MEETING_VIEWS]
    with pytest.raises(NotEasyRead) as not_yet:
        reply_to_family(session, notice, HARD_WORDS, family.keyworker, utc_now(), save_anyway=False)
    assert not_yet.value.review.has_warnings and not not_yet.value.review.has_errors
    assert _replies(session) == 0
    _, review = reply_to_family(
        session, notice, HARD_WORDS, family.keyworker, utc_now(), save_anyway=True
    )
    session.commit()
    assert review.has_warnings and _replies(session) == 1


def test_an_error_is_refused_even_with_save_anyway(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    with pytest.raises(NotEasyRead) as not_yet:
        reply_to_family(
            session,
            notices[FamilyInputKind.MEETING_VIEWS],
            TOO_LONG_SENTENCE,
            family.keyworker,
            utc_now(),
            save_anyway=True,
        )
    assert not_yet.value.review.has_errors
    assert _replies(session) == 0


def test_no_reply_to_someone_removed_from_the_record(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    family.contact.removed_at, family.contact.removed_by_id = utc_now(), family.keyworker.id
    family.contact.portal_access_enabled = False
    session.commit()
    with pytest.raises(ReplyRefused) as refused:
        reply_to_family(
            session,
            notices[FamilyInputKind.FEEDBACK],
            "Thank you.",
            family.keyworker,
            utc_now(),
            save_anyway=False,
        )
    assert refused.value.problem is ReplyProblem.CONTACT_REMOVED


def test_messages_are_the_contacts_own_newest_first_and_read_once(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    now = utc_now()
    other_sender = make_contact(session, young_person=family.young_person, name="Jo Testmore")
    theirs = add_family_input_of_every_kind(session, contact=other_sender, meeting=family.meeting)
    older = reply_to_family(
        session,
        notices[FamilyInputKind.MEETING_REPLY],
        "See you there.",
        family.keyworker,
        now - timedelta(hours=1),
        save_anyway=False,
    )[0]
    newer = reply_to_family(
        session,
        notices[FamilyInputKind.FEEDBACK],
        "Thank you for telling us.",
        family.manager,
        now,
        save_anyway=False,
    )[0]
    reply_to_family(
        session,
        theirs[FamilyInputKind.FEEDBACK],
        "Thank you, Jo.",
        family.keyworker,
        now,
        save_anyway=False,
    )
    session.commit()
    found = messages_for(session, family.contact)
    assert [m.reply.id for m in found] == [newer.id, older.id]
    assert [m.kind for m in found] == [FamilyInputKind.FEEDBACK, FamilyInputKind.MEETING_REPLY]
    assert found[1].meeting_starts_at == family.meeting.starts_at
    assert found[0].keyworker_name == family.manager.name
    assert all(m.is_new for m in found) and unread_count(session, family.contact) == 2
    # The other contact's reply cannot be marked read by this one.
    jo_reply = messages_for(session, other_sender)[0].reply.id
    assert mark_messages_read(session, family.contact, [older.id, jo_reply], now) == 1
    assert mark_messages_read(session, family.contact, [older.id], now) == 0
    session.commit()
    assert unread_count(session, family.contact) == 1
    assert unread_count(session, other_sender) == 1
    assert [m.is_new for m in messages_for(session, family.contact)] == [True, False]


def test_20_devices_opening_the_messages_at_once_mark_each_read_once(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    reply = reply_to_family(
        session,
        notices[FamilyInputKind.FEEDBACK],
        "Thank you.",
        family.keyworker,
        utc_now(),
        save_anyway=False,
    )[0]
    session.commit()
    contact_id, reply_id = family.contact.id, reply.id

    def open_messages(own: Session, index: int) -> int:
        contact = own.get(type(family.contact), contact_id)
        assert contact is not None
        return mark_messages_read(own, contact, [reply_id], utc_now())

    marked = at_once_in_transactions(session.get_bind(), open_messages)
    assert sum(marked) == 1 and len(marked) == AT_ONCE
    session.expire_all()
    assert session.scalar(select(func.count(FamilyReplyRead.id))) == 1
