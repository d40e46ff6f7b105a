"""Replies the family reads in the portal, to something they sent.

Any keyworker or manager who may see the record (the staff edge has checked)
may reply to a notice. The reply goes to the contact who sent the item, and
only they see it, on their "Messages" page; nothing is sent by text message
or email here. The words are family-facing, so they go through the same
easy-read review as a meeting's outcome for the family
(`portal.services.meetings.outcome.check_family_text`): errors refuse the
save, warnings refuse it unless the writer has read them and chosen to save
anyway.

Replies are history. The family having read one is a row of its own
(`FamilyReplyRead`, one for each reply): opening the messages page adds the
rows for the replies it showed that were not read yet, in one INSERT that
skips any another device added at the same moment.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, literal, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, contains_eager, joinedload

from portal.models import (
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    FamilyReply,
    FamilyReplyRead,
    StaffUser,
)
from portal.services.easy_read.review import TextReview
from portal.services.meetings.outcome import check_family_text
from portal.services.records.audit import record_event
from portal.services.records.handling import mark_handled_seen

REPLIED = "family_input.replied"
REPLY_MAX_LENGTH = 1000


class ReplyProblem(enum.StrEnum):
    MISSING = "missing"
    TOO_LONG = "too_long"
    # The contact who sent the item was removed from the record: they no
    # longer have the portal, so a reply would reach nobody.
    CONTACT_REMOVED = "contact_removed"


class ReplyRefused(ValueError):
    def __init__(self, problem: ReplyProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def reply_to_family(
    session: Session,
    notice: FamilyInputNotice,
    text: str,
    user: StaffUser,
    now: datetime,
    *,
    save_anyway: bool,
    ip_address: str | None = None,
) -> tuple[FamilyReply, TextReview]:
    """Add `user`'s reply to `notice`, to the contact who sent it. Audited;
    a new notice is then no longer new. Does not commit.

    Raises ReplyRefused, or NotEasyRead (with the findings) when the review
    does not let the words through yet, having saved nothing."""
    text = text.strip()
    if not text:
        raise ReplyRefused(ReplyProblem.MISSING)
    if len(text) > REPLY_MAX_LENGTH:
        raise ReplyRefused(ReplyProblem.TOO_LONG)
    contact = session.get(Contact, notice.contact_id)
    if contact is None or contact.removed_at is not None:
        raise ReplyRefused(ReplyProblem.CONTACT_REMOVED)
    review = check_family_text(text, save_anyway=save_anyway)
    reply = FamilyReply(
        notice_id=notice.id,
        young_person_id=notice.young_person_id,
        contact_id=contact.id,
        text=text,
        written_by_id=user.id,
        written_at=now,
    )
    session.add(reply)
    session.flush()
    mark_handled_seen(session, notice, user, now)
    record_event(
        session,
        REPLIED,
        staff_user=user,
        young_person_id=notice.young_person_id,
        ip_address=ip_address,
        notice_id=notice.id,
        reply_id=reply.id,
        to_contact_id=contact.id,
        saved_with_warnings=review.has_warnings,
    )
    return reply, review


@dataclass(frozen=True)
class FamilyMessage:
    """One reply, as its family reader sees it."""

    reply: FamilyReply
    # What it answers.
    kind: FamilyInputKind
    meeting_starts_at: datetime | None
    keyworker_name: str
    # Not read before this page view.
    is_new: bool


def messages_for(session: Session, contact: Contact) -> Sequence[FamilyMessage]:
    """Every reply to `contact`, newest first. One query."""
    rows = session.execute(
        select(FamilyReply, FamilyReplyRead.id)
        .join(FamilyReply.notice)
        .outerjoin(FamilyReplyRead, FamilyReplyRead.reply_id == FamilyReply.id)
        .where(
            FamilyReply.contact_id == contact.id,
            FamilyReply.young_person_id == contact.young_person_id,
        )
        .order_by(FamilyReply.written_at.desc(), FamilyReply.id.desc())
        .options(
            contains_eager(FamilyReply.notice).joinedload(FamilyInputNotice.meeting),
            joinedload(FamilyReply.written_by),
        )
    ).all()
    return [
        FamilyMessage(
            reply=reply,
            kind=reply.notice.kind,
            meeting_starts_at=reply.notice.meeting.starts_at if reply.notice.meeting else None,
            keyworker_name=reply.written_by.name,
            is_new=read_id is None,
        )
        for reply, read_id in rows
    ]


def mark_messages_read(
    session: Session, contact: Contact, reply_ids: Collection[int], now: datetime
) -> int:
    """Mark the replies to `contact` among `reply_ids` read, once each: one
    INSERT ... SELECT that skips replies already read (also by another
    device at the same moment). Returns how many were marked. Does not commit."""
    if not reply_ids:
        return 0
    unread = (
        select(
            FamilyReply.id,
            FamilyReply.young_person_id,
            FamilyReply.contact_id,
            literal(now, FamilyReplyRead.read_at.type),
        )
        .outerjoin(FamilyReplyRead, FamilyReplyRead.reply_id == FamilyReply.id)
        .where(
            FamilyReply.id.in_(reply_ids),
            FamilyReply.contact_id == contact.id,
            FamilyReplyRead.id.is_(None),
        )
    )
    columns = ["reply_id", "young_person_id", "contact_id", "read_at"]
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(FamilyReplyRead)
        .from_select(columns, unread)
        .on_conflict_do_nothing(index_elements=["reply_id"])
        .returning(FamilyReplyRead.id)
    )
    # The rows it added (a driver's rowcount for INSERT ... SELECT is not
    # always given).
    return len(session.execute(statement).all())


def unread_count(session: Session, contact: Contact) -> int:
    """How many replies to `contact` they have not read yet. One query."""
    return int(
        session.scalar(
            select(func.count(FamilyReply.id))
            .outerjoin(FamilyReplyRead, FamilyReplyRead.reply_id == FamilyReply.id)
            .where(FamilyReply.contact_id == contact.id, FamilyReplyRead.id.is_(None))
        )
        or 0
    )
