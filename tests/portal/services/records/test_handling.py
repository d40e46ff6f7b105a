"""The one status rule for what a family sent (new, read, replied,
acknowledged), who handled it, and "dealt with" exactly once under 20 at once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    AuditEvent,
    ConsentRequestAnswer,
    FamilyInputAcknowledgement,
    FamilyInputKind,
    FamilyInputNotice,
    RequestAnswerKind,
    StaffUser,
    UrgentAction,
    utc_now,
)
from portal.services.access.staff import NotVisible
from portal.services.records.family_input import mark_seen, unseen_counts
from portal.services.records.family_replies import reply_to_family
from portal.services.records.handling import (
    ACKNOWLEDGED,
    AlreadyDealtWith,
    NoteTooLong,
    NoticeStatus,
    handling_for,
    handling_of,
    mark_dealt_with,
)
from portal.services.records.urgent import acknowledge_urgent
from tests.query_counter import count_queries
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.family_input_data import (
    FamilyOnCaseload,
    add_family_input_of_every_kind,
    make_family_on_caseload,
)

Notices = dict[FamilyInputKind, FamilyInputNotice]


@pytest.fixture
def family(session: Session) -> FamilyOnCaseload:
    return make_family_on_caseload(session)


@pytest.fixture
def notices(session: Session, family: FamilyOnCaseload) -> Notices:
    found = add_family_input_of_every_kind(session, contact=family.contact, meeting=family.meeting)
    session.commit()
    return found


def test_a_notice_nobody_read_is_new_with_nobody_named(session: Session, notices: Notices) -> None:
    handling = handling_of(session, notices[FamilyInputKind.MEETING_REPLY])
    assert (handling.status, handling.by, handling.at) == (NoticeStatus.NEW, None, None)


def test_once_the_keyworker_opens_the_record_it_is_read_by_them(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    now = utc_now()
    assert mark_seen(session, family.young_person.id, family.keyworker, now) == 6
    session.commit()
    session.expire_all()
    handling = handling_of(session, notices[FamilyInputKind.MEETING_REPLY])
    assert handling.status is NoticeStatus.READ
    assert handling.by is not None and handling.by.id == family.keyworker.id


def test_a_reply_makes_it_replied_by_the_writer_and_no_longer_new(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    notice = notices[FamilyInputKind.MEETING_VIEWS]
    reply_to_family(
        session,
        notice,
        "Thank you. We will read them.",
        family.manager,
        utc_now(),
        save_anyway=False,
    )
    session.commit()
    handling = handling_of(session, notice)
    assert handling.status is NoticeStatus.REPLIED
    assert handling.by is not None and handling.by.id == family.manager.id
    assert [r.text for r in handling.replies] == ["Thank you. We will read them."]
    # Replying counts as dealing with it: one fewer new on the caseload.
    assert unseen_counts(session, [family.young_person.id])[family.young_person.id].new == 5


def test_an_answered_request_to_change_a_choice_is_replied(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    notice = notices[FamilyInputKind.CONSENT_CHANGE_REQUEST]
    session.add(
        ConsentRequestAnswer(
            request_id=notice.subject_id,
            young_person_id=family.young_person.id,
            kind=RequestAnswerKind.REPLIED,
            reply="We will talk about it at the review.",
            answered_by_id=family.keyworker.id,
        )
    )
    session.commit()
    handling = handling_of(session, notice)
    assert handling.status is NoticeStatus.REPLIED
    assert handling.by is not None and handling.by.id == family.keyworker.id


def test_marked_dealt_with_is_acknowledged_with_the_note_and_audited(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    notice = notices[FamilyInputKind.MEETING_SUPPORT]
    mark_dealt_with(session, notice, family.keyworker, "  Booked the room.  ", utc_now())
    session.commit()
    handling = handling_of(session, notice)
    assert (handling.status, handling.note) == (NoticeStatus.ACKNOWLEDGED, "Booked the room.")
    assert handling.by is not None and handling.by.id == family.keyworker.id
    assert notice.seen_at is not None
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == ACKNOWLEDGED)).all()
    assert [e.detail["notice_id"] for e in events] == [notice.id]


def test_no_note_is_needed_but_a_long_one_is_refused(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    notice = notices[FamilyInputKind.MEETING_REPLY]
    with pytest.raises(NoteTooLong):
        mark_dealt_with(session, notice, family.keyworker, "x" * 2001, utc_now())
    done = mark_dealt_with(session, notice, family.keyworker, "   ", utc_now())
    assert done.note is None


def test_an_urgent_notice_acknowledged_is_acknowledged_and_not_marked_dealt_with_here(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    notice = notices[FamilyInputKind.FEEDBACK]
    with pytest.raises(NotVisible):
        mark_dealt_with(session, notice, family.keyworker, None, utc_now())
    acknowledge_urgent(
        session, notice, family.keyworker, UrgentAction.PHONED_FAMILY, None, utc_now()
    )
    session.commit()
    handling = handling_of(session, notice)
    assert handling.status is NoticeStatus.ACKNOWLEDGED
    assert handling.by is not None and handling.by.id == family.keyworker.id


def test_a_reply_counts_before_dealt_with_and_dealt_with_before_read(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    now = utc_now()
    mark_seen(session, family.young_person.id, family.keyworker, now - timedelta(hours=2))
    first, second = notices[FamilyInputKind.MEETING_REPLY], notices[FamilyInputKind.MEETING_SUPPORT]
    mark_dealt_with(session, first, family.manager, None, now - timedelta(hours=1))
    mark_dealt_with(session, second, family.manager, None, now - timedelta(hours=1))
    reply_to_family(session, second, "Quiet room booked.", family.keyworker, now, save_anyway=False)
    session.commit()
    session.expire_all()
    found = handling_for(session, [first, second, notices[FamilyInputKind.MEETING_VIEWS]])
    assert [h.status for h in found.values()] == [
        NoticeStatus.ACKNOWLEDGED,
        NoticeStatus.REPLIED,
        NoticeStatus.READ,
    ]


def test_handling_runs_four_queries_whatever_the_number(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    every = list(notices.values())
    session.expire_all()
    loaded = session.scalars(
        select(FamilyInputNotice).where(FamilyInputNotice.id.in_([n.id for n in every]))
    ).all()
    for notice in loaded:  # their urgent acknowledgements, as the record loads them
        _ = notice.acknowledgement
    with count_queries(session.get_bind()) as log:  # type: ignore[arg-type]
        handling_for(session, loaded)
    assert log.count == 4


def test_only_one_dealt_with_when_20_mark_it_at_once(
    session: Session, family: FamilyOnCaseload, notices: Notices
) -> None:
    notice_id = notices[FamilyInputKind.MEETING_REPLY].id
    people = {0: family.keyworker.id, 1: family.manager.id}

    def mark(own: Session, index: int) -> str:
        notice = own.get(FamilyInputNotice, notice_id)
        user = own.get(StaffUser, people[index % 2])
        assert notice is not None and user is not None
        try:
            mark_dealt_with(own, notice, user, f"Note {index}", utc_now())
        except AlreadyDealtWith as first:
            assert first.done.notice_id == notice_id
            return "refused"
        return "saved"

    outcomes = at_once_in_transactions(session.get_bind(), mark)
    assert Counter(outcomes) == {"saved": 1, "refused": AT_ONCE - 1}
    session.expire_all()
    rows = session.scalar(
        select(func.count(FamilyInputAcknowledgement.id)).where(
            FamilyInputAcknowledgement.notice_id == notice_id
        )
    )
    events = session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == ACKNOWLEDGED)
    )
    assert (rows, events) == (1, 1)
