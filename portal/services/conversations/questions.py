"""Open questions sent by text message, so a reply can be filed against the
right young person.

A conversation is open from when its question is queued until it is
answered, replaced by a newer question of the same kind to the same contact
about the same thing, or expires. Replies from a number are matched against
its open conversations (`open_for_number`), newest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.models import ConversationKind, SmsConversation

# How long a reply by text can still answer a question.
DEFAULT_LIFETIME = timedelta(days=14)
# How long "Who is your message about? Reply 1 or 2" waits for its answer.
CHOOSE_LIFETIME = timedelta(days=2)


def open_conversation(
    session: Session,
    *,
    phone_e164: str,
    kind: ConversationKind,
    now: datetime,
    expires_at: datetime | None = None,
    contact_id: int | None = None,
    young_person_id: int | None = None,
    meeting_id: int | None = None,
    message_id: int | None = None,
    waiting_message_id: int | None = None,
    options: list[dict[str, int]] | None = None,
    step: str | None = None,
) -> SmsConversation:
    """Open a conversation, closing any open one of the same kind from the
    same number about the same contact and meeting (the newer question
    replaces it). Does not commit."""
    session.execute(
        update(SmsConversation)
        .where(
            SmsConversation.phone_e164 == phone_e164,
            SmsConversation.kind == kind,
            SmsConversation.contact_id.is_(None)
            if contact_id is None
            else SmsConversation.contact_id == contact_id,
            SmsConversation.meeting_id.is_(None)
            if meeting_id is None
            else SmsConversation.meeting_id == meeting_id,
            SmsConversation.closed_at.is_(None),
        )
        .values(closed_at=now)
        .execution_options(synchronize_session="fetch")
    )
    conversation = SmsConversation(
        phone_e164=phone_e164,
        kind=kind,
        contact_id=contact_id,
        young_person_id=young_person_id,
        meeting_id=meeting_id,
        message_id=message_id,
        waiting_message_id=waiting_message_id,
        options=options,
        step=step,
        opened_at=now,
        expires_at=expires_at or now + DEFAULT_LIFETIME,
    )
    session.add(conversation)
    session.flush()
    return conversation


def open_for_number(session: Session, phone_e164: str, now: datetime) -> Sequence[SmsConversation]:
    """The number's conversations still open and not expired, newest first."""
    return session.scalars(
        select(SmsConversation)
        .where(
            SmsConversation.phone_e164 == phone_e164,
            SmsConversation.closed_at.is_(None),
            SmsConversation.expires_at > now,
        )
        .order_by(SmsConversation.opened_at.desc(), SmsConversation.id.desc())
    ).all()


def close_conversation(session: Session, conversation: SmsConversation, now: datetime) -> bool:
    """Close it, once: returns False if it was already closed (another
    delivery of a reply got there first). Does not commit."""
    result = session.execute(
        update(SmsConversation)
        .where(SmsConversation.id == conversation.id, SmsConversation.closed_at.is_(None))
        .values(closed_at=now)
        .execution_options(synchronize_session=False)
    )
    closed = int(result.rowcount or 0) == 1  # type: ignore[attr-defined]
    if closed:
        session.refresh(conversation)
    return closed


def close_meeting_questions(session: Session, meeting_id: int, now: datetime) -> None:
    """Close the open "Can you come?" questions about a meeting (it was
    cancelled: a reply can no longer answer them). Does not commit."""
    session.execute(
        update(SmsConversation)
        .where(
            SmsConversation.meeting_id == meeting_id,
            SmsConversation.kind == ConversationKind.MEETING_REPLY,
            SmsConversation.closed_at.is_(None),
        )
        .values(closed_at=now)
        .execution_options(synchronize_session="fetch")
    )
