"""Where each thing a family sent has got to: its status, and who handled it.

One rule (`notice_status`), used by the record, the reply page and the
export alike:

- replied: a keyworker wrote a reply (`FamilyReply`), or staff answered the
  request to change a choice (`ConsentRequestAnswer`, which the family reads
  on their choices page);
- acknowledged: a person marked it dealt with without a reply
  (`FamilyInputAcknowledgement`), or, for an urgent notice, recorded what
  they did (`UrgentAcknowledgement`);
- read: a keyworker opened the record after it came (`seen_at`), nothing else;
- new: none of these.

A reply counts before an acknowledgement, and an acknowledgement before
"read". Replying or marking dealt with also marks a new notice seen (by whoever
did it), so it leaves the caseload's and worklist's "new" counts at once.

"Dealt with" is once for each notice: the unique `notice_id` decides between
two people at the same moment, and the second is told who did it first.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal.models import (
    ConsentRequestAnswer,
    FamilyInputAcknowledgement,
    FamilyInputKind,
    FamilyInputNotice,
    FamilyReply,
    StaffUser,
    UrgentAcknowledgement,
)
from portal.services.access.staff import NotVisible
from portal.services.records.audit import record_event

ACKNOWLEDGED = "family_input.acknowledged"
NOTE_MAX_LENGTH = 2000


class NoticeStatus(enum.StrEnum):
    NEW = "new"
    READ = "read"
    REPLIED = "replied"
    ACKNOWLEDGED = "acknowledged"


@dataclass(frozen=True)
class Handling:
    """A notice's status, who brought it there and when (None while new), and
    the replies written to it, oldest first."""

    status: NoticeStatus
    by: StaffUser | None = None
    at: datetime | None = None
    # The words of whoever marked it dealt with, or what they did (urgent).
    note: str | None = None
    replies: Sequence[FamilyReply] = ()
    dealt_with: FamilyInputAcknowledgement | None = None


def notice_status(
    notice: FamilyInputNotice,
    *,
    replies: Sequence[FamilyReply] = (),
    dealt_with: FamilyInputAcknowledgement | None = None,
    urgent_acknowledgement: UrgentAcknowledgement | None = None,
    consent_answer: ConsentRequestAnswer | None = None,
) -> Handling:
    """The one rule for a notice's status (see the module's docstring)."""
    if replies:
        latest = replies[-1]
        return Handling(NoticeStatus.REPLIED, latest.written_by, latest.written_at, None, replies)
    if consent_answer is not None:
        return Handling(
            NoticeStatus.REPLIED, consent_answer.answered_by, consent_answer.answered_at
        )
    if dealt_with is not None:
        return Handling(
            NoticeStatus.ACKNOWLEDGED,
            dealt_with.acknowledged_by,
            dealt_with.acknowledged_at,
            dealt_with.note,
            dealt_with=dealt_with,
        )
    if urgent_acknowledgement is not None:
        return Handling(
            NoticeStatus.ACKNOWLEDGED,
            urgent_acknowledgement.acknowledged_by,
            urgent_acknowledgement.acknowledged_at,
            urgent_acknowledgement.detail,
        )
    if notice.seen_at is not None:
        return Handling(NoticeStatus.READ, notice.seen_by, notice.seen_at)
    return Handling(NoticeStatus.NEW)


def handling_for(session: Session, notices: Sequence[FamilyInputNotice]) -> dict[int, Handling]:
    """Each notice's handling, by notice id. Four queries whatever the number
    (replies, dealt with, answers to requests, who read them), even with
    none, so the pages that use it run a fixed number. The notices'
    urgent acknowledgements are used as loaded (`notice.acknowledgement`)."""
    ids = [notice.id for notice in notices]
    replies: dict[int, list[FamilyReply]] = {}
    for reply in session.scalars(
        select(FamilyReply)
        .where(FamilyReply.notice_id.in_(ids))
        .order_by(FamilyReply.written_at, FamilyReply.id)
        .options(joinedload(FamilyReply.written_by))
    ):
        replies.setdefault(reply.notice_id, []).append(reply)
    dealt_with = {
        done.notice_id: done
        for done in session.scalars(
            select(FamilyInputAcknowledgement)
            .where(FamilyInputAcknowledgement.notice_id.in_(ids))
            .options(joinedload(FamilyInputAcknowledgement.acknowledged_by))
        )
    }
    requests = [n.subject_id for n in notices if n.kind is FamilyInputKind.CONSENT_CHANGE_REQUEST]
    answers = {
        answer.request_id: answer
        for answer in session.scalars(
            select(ConsentRequestAnswer)
            .where(ConsentRequestAnswer.request_id.in_(requests))
            .options(joinedload(ConsentRequestAnswer.answered_by))
        )
    }
    readers = [n.seen_by_id for n in notices if n.seen_by_id is not None]
    # Who read them, loaded into the session so `notice.seen_by` needs no query.
    session.scalars(select(StaffUser).where(StaffUser.id.in_(readers))).all()
    return {
        notice.id: notice_status(
            notice,
            replies=replies.get(notice.id, ()),
            dealt_with=dealt_with.get(notice.id),
            urgent_acknowledgement=notice.acknowledgement,
            consent_answer=(
                answers.get(notice.subject_id)
                if notice.kind is FamilyInputKind.CONSENT_CHANGE_REQUEST
                else None
            ),
        )
        for notice in notices
    }


def handling_of(session: Session, notice: FamilyInputNotice) -> Handling:
    return handling_for(session, [notice])[notice.id]


class AlreadyDealtWith(Exception):
    """Someone marked this notice dealt with first."""

    def __init__(self, done: FamilyInputAcknowledgement) -> None:
        super().__init__(done.notice_id)
        self.done = done


class NoteTooLong(ValueError):
    pass


def mark_handled_seen(
    session: Session, notice: FamilyInputNotice, user: StaffUser, now: datetime
) -> None:
    """A notice someone replied to or dealt with is no longer new: one
    conditional UPDATE, so a notice already seen keeps who saw it first."""
    session.execute(
        update(FamilyInputNotice)
        .where(FamilyInputNotice.id == notice.id, FamilyInputNotice.seen_at.is_(None))
        .values(seen_at=now, seen_by_id=user.id),
        execution_options={"synchronize_session": False},
    )
    session.expire(notice, ["seen_at", "seen_by_id", "seen_by"])


def mark_dealt_with(
    session: Session,
    notice: FamilyInputNotice,
    user: StaffUser,
    note: str | None,
    now: datetime,
    *,
    ip_address: str | None = None,
) -> FamilyInputAcknowledgement:
    """Record that `user` dealt with `notice` without a reply; `note` is
    optional. The staff edge has checked that `user` may see the record.
    Audited. Does not commit.

    Raises NotVisible for an urgent notice (those are acknowledged with what
    was done, `portal.services.records.urgent`), NoteTooLong, and
    AlreadyDealtWith when someone did it first, also at the same moment."""
    if notice.urgent:
        raise NotVisible(notice.id)
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX_LENGTH:
        raise NoteTooLong(f"at most {NOTE_MAX_LENGTH} characters")
    done = FamilyInputAcknowledgement(
        notice_id=notice.id,
        young_person_id=notice.young_person_id,
        acknowledged_by_id=user.id,
        note=note,
        acknowledged_at=now,
    )
    try:
        with session.begin_nested():
            session.add(done)
            session.flush()
    except IntegrityError:
        first = dealt_with_of(session, notice.id)
        assert first is not None  # the unique constraint refused ours because of it
        raise AlreadyDealtWith(first) from None
    mark_handled_seen(session, notice, user, now)
    record_event(
        session,
        ACKNOWLEDGED,
        staff_user=user,
        young_person_id=notice.young_person_id,
        ip_address=ip_address,
        notice_id=notice.id,
        acknowledgement_id=done.id,
        with_note=note is not None,
    )
    return done


def dealt_with_of(session: Session, notice_id: int) -> FamilyInputAcknowledgement | None:
    return session.scalar(
        select(FamilyInputAcknowledgement)
        .where(FamilyInputAcknowledgement.notice_id == notice_id)
        .options(joinedload(FamilyInputAcknowledgement.acknowledged_by))
        .execution_options(populate_existing=True)
    )
