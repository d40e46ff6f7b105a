"""Every message to and from a young person's contacts, for the record's
"Messages" section: text messages and emails the service sent them, text
messages that came in, what they wrote to the team, and the team's replies;
newest first, a page at a time.

- Sent messages are shown by what they were for. The words of a sign-in
  link (an invitation or a new link), or of a message whose purpose is not
  known (sent before purposes were kept), are never shown: they may hold a
  link that signs someone in.
- A text message that came in is marked as such, with its words. When it
  was filed as a message for the keyworker (`FamilyMessage` from a text),
  it is shown once, as the text that came in.
- Messages from the service to staff (alerts about urgent items) are not
  the family's and are left out.

Seven queries whatever the amount: the count, one page of (kind, id) across
the three tables, then the rows of each kind, the young person's contacts
and the notices to reply from.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, not_, select, union_all
from sqlalchemy.orm import Session, joinedload

from portal.models import (
    Contact,
    Direction,
    FamilyInputKind,
    FamilyInputNotice,
    FamilyMessage,
    FamilyReply,
    Message,
)
from portal.services.messaging.templates import Purpose

PER_PAGE = 20
# Purposes whose words hold a link that signs someone in.
LINK_PURPOSES = frozenset({Purpose.INVITATION.value, Purpose.NEW_LINK.value})


class RecordMessageKind(enum.StrEnum):
    SENT = "sent"
    RECEIVED = "received"
    FAMILY_WROTE = "family_wrote"
    REPLY = "reply"


@dataclass(frozen=True)
class RecordMessage:
    kind: RecordMessageKind
    at: datetime
    contact: Contact | None
    # "sms", "email" or "web".
    channel: str
    # The words; None when they are not shown (a sign-in link).
    text: str | None = None
    words_hidden: bool = False
    # SENT: what it was for (a templates.Purpose value or None), its status.
    purpose: str | None = None
    status: str | None = None
    subject: str | None = None
    # REPLY: who wrote it.
    staff_name: str | None = None
    # RECEIVED: pictures or files sent with it (never fetched).
    media_count: int = 0
    # FAMILY_WROTE: its "From the family" notice, to reply from.
    notice_id: int | None = None


@dataclass(frozen=True)
class RecordMessages:
    items: Sequence[RecordMessage]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _family_messages(young_person_id: int) -> ColumnElement[bool]:
    """The young person's messages to and from their contacts: not alerts to staff."""
    to_staff = and_(Message.direction == Direction.OUTBOUND, Message.contact_id.is_(None))
    return and_(Message.young_person_id == young_person_id, not_(to_staff))


def _written(young_person_id: int) -> ColumnElement[bool]:
    # A text filed as a message shows once: as the text that came in.
    return and_(
        FamilyMessage.young_person_id == young_person_id, FamilyMessage.message_id.is_(None)
    )


def record_messages(
    session: Session, young_person_id: int, page: int = 1, per_page: int = PER_PAGE
) -> RecordMessages:
    """One page of the young person's messages, newest first. A page past
    the last gives an empty list."""
    page = max(1, page)
    kinds = union_all(
        select(
            literal("message").label("source"), Message.id, Message.created_at.label("at")
        ).where(_family_messages(young_person_id)),
        select(literal("written"), FamilyMessage.id, FamilyMessage.written_at).where(
            _written(young_person_id)
        ),
        select(literal("reply"), FamilyReply.id, FamilyReply.written_at).where(
            FamilyReply.young_person_id == young_person_id
        ),
    ).subquery()
    total = int(session.scalar(select(func.count()).select_from(kinds)) or 0)
    rows = session.execute(
        select(kinds.c.source, kinds.c.id)
        .order_by(kinds.c.at.desc(), kinds.c.source, kinds.c.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    wanted: dict[str, list[int]] = {"message": [], "written": [], "reply": []}
    for source, row_id in rows:
        wanted[source].append(row_id)
    loaded = _load(session, young_person_id, wanted)
    items = [loaded[(source, row_id)] for source, row_id in rows if (source, row_id) in loaded]
    return RecordMessages(items=items, total=total, page=page, per_page=per_page)


def _load(
    session: Session, young_person_id: int, wanted: dict[str, list[int]]
) -> dict[tuple[str, int], RecordMessage]:
    """The rows of one page: one query for each kind (even with none to
    load, so the count stays fixed), one for the contacts and one for the
    notices of what the family wrote."""
    contacts = {
        c.id: c
        for c in session.scalars(select(Contact).where(Contact.young_person_id == young_person_id))
    }
    notices = dict(
        session.execute(
            select(FamilyInputNotice.subject_id, FamilyInputNotice.id).where(
                FamilyInputNotice.young_person_id == young_person_id,
                FamilyInputNotice.kind == FamilyInputKind.MESSAGE,
                FamilyInputNotice.subject_id.in_(wanted["written"]),
            )
        ).all()
    )
    found: dict[tuple[str, int], RecordMessage] = {}
    for message in session.scalars(select(Message).where(Message.id.in_(wanted["message"]))):
        found[("message", message.id)] = _from_message(message, contacts)
    for written in session.scalars(
        select(FamilyMessage).where(FamilyMessage.id.in_(wanted["written"]))
    ):
        found[("written", written.id)] = RecordMessage(
            kind=RecordMessageKind.FAMILY_WROTE,
            at=written.written_at,
            contact=contacts.get(written.contact_id),
            channel=written.channel.value,
            text=written.text,
            notice_id=notices.get(written.id),
        )
    for reply in session.scalars(
        select(FamilyReply)
        .where(FamilyReply.id.in_(wanted["reply"]))
        .options(joinedload(FamilyReply.written_by))
    ):
        found[("reply", reply.id)] = RecordMessage(
            kind=RecordMessageKind.REPLY,
            at=reply.written_at,
            contact=contacts.get(reply.contact_id),
            channel="web",
            text=reply.text,
            staff_name=reply.written_by.name,
        )
    return found


def _from_message(message: Message, contacts: dict[int, Contact]) -> RecordMessage:
    contact = contacts.get(message.contact_id) if message.contact_id else None
    common: dict[str, Any] = {
        "at": message.created_at,
        "contact": contact,
        "channel": message.channel.value,
        "status": message.status.value,
    }
    if message.direction is Direction.INBOUND:
        return RecordMessage(
            kind=RecordMessageKind.RECEIVED,
            text=message.body,
            media_count=message.media_count,
            **common,
        )
    hidden = message.purpose is None or message.purpose in LINK_PURPOSES
    return RecordMessage(
        kind=RecordMessageKind.SENT,
        text=None if hidden else message.body,
        words_hidden=hidden,
        purpose=message.purpose,
        subject=None if hidden else message.subject,
        **common,
    )
