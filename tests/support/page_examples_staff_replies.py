"""The examples of the page about one thing a family sent (reply, mark as
dealt with), and the family's Messages page, and the notices they use: on the
locked young person's record, a meeting's views the keyworker has read; on
the world's young person's record, the demo's replied and dealt-with items
(portal.demo.replies), whose reply the world's family contact has not read."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    FamilyInputAcknowledgement,
    FamilyInputKind,
    FamilyInputNotice,
    FamilyReply,
)
from tests.support.page_example_types import PageExample

NOT_EASY_READ = "We will facilitate a multidisciplinary consultation regarding your concerns."
TOO_LONG_SENTENCE = (
    "We will make sure that everybody who comes to the meeting knows about it and has read "
    "the notes before the meeting so that nobody is surprised on the day and you can say it."
)


def _notice(young_person_id: int, notice_id: int, page: str = "reply") -> str:
    return f"/staff/young-people/{young_person_id}/from-the-family/{notice_id}/{page}"


def add_example_replies(
    session: Session, young_person_id: int, locked_young_person_id: int
) -> dict[str, int]:
    read = session.scalars(
        select(FamilyInputNotice.id)
        .where(
            FamilyInputNotice.young_person_id == locked_young_person_id,
            FamilyInputNotice.kind == FamilyInputKind.MEETING_VIEWS,
            FamilyInputNotice.seen_at.is_not(None),
        )
        .order_by(FamilyInputNotice.id)
    ).first()
    replied = session.scalar(
        select(FamilyReply.notice_id).where(FamilyReply.young_person_id == young_person_id)
    )
    dealt_with = session.scalar(
        select(FamilyInputAcknowledgement.notice_id).where(
            FamilyInputAcknowledgement.young_person_id == young_person_id
        )
    )
    assert read and replied and dealt_with
    return {
        "read_notice_id": read,
        "replied_notice_id": replied,
        "dealt_with_notice_id": dealt_with,
    }


EXAMPLES: tuple[PageExample, ...] = (
    PageExample(
        "messages on the record",
        "staff.record_messages_page",
        lambda w: f"/staff/young-people/{w.young_person_id}/messages",
        signed_in_as="keyworker",
    ),
    PageExample(
        "messages on the record, none",
        "staff.record_messages_page",
        lambda w: f"/staff/young-people/{w.newcomer_young_person_id}/messages",
        signed_in_as="keyworker",
    ),
    PageExample(
        "messages on the record, past the last page",
        "staff.record_messages_page",
        lambda w: f"/staff/young-people/{w.young_person_id}/messages?page=99",
        signed_in_as="keyworker",
    ),
    PageExample(
        "reply to the family, read",
        "staff.family_reply",
        lambda w: _notice(w.locked_young_person_id, w.read_notice_id),
        signed_in_as="keyworker",
    ),
    PageExample(
        "reply to the family, replied",
        "staff.family_reply",
        lambda w: _notice(w.young_person_id, w.replied_notice_id),
        signed_in_as="keyworker",
    ),
    PageExample(
        "reply to the family, dealt with",
        "staff.family_reply",
        lambda w: _notice(w.young_person_id, w.dealt_with_notice_id),
        signed_in_as="manager",
    ),
    PageExample(
        "reply to the family, urgent",
        "staff.family_reply",
        lambda w: _notice(w.locked_young_person_id, w.urgent_notice_id),
        signed_in_as="keyworker",
    ),
    PageExample(
        "reply to the family, nothing entered",
        "staff.family_reply",
        lambda w: _notice(w.locked_young_person_id, w.read_notice_id),
        signed_in_as="keyworker",
        submit={},
    ),
    PageExample(
        "reply to the family, suggestions to read",
        "staff.family_reply",
        lambda w: _notice(w.locked_young_person_id, w.read_notice_id),
        signed_in_as="keyworker",
        submit={"text": NOT_EASY_READ},
    ),
    PageExample(
        "reply to the family, something to fix",
        "staff.family_reply",
        lambda w: _notice(w.locked_young_person_id, w.read_notice_id),
        signed_in_as="keyworker",
        submit={"text": TOO_LONG_SENTENCE},
    ),
    PageExample(
        "mark as dealt with",
        "staff.family_dealt_with",
        lambda w: _notice(w.locked_young_person_id, w.read_notice_id, "dealt-with"),
        signed_in_as="keyworker",
    ),
    PageExample(
        "mark as dealt with, note too long",
        "staff.family_dealt_with",
        lambda w: _notice(w.locked_young_person_id, w.read_notice_id, "dealt-with"),
        signed_in_as="keyworker",
        submit={"note": "x" * 2001},
    ),
)


FAMILY_EXAMPLES: tuple[PageExample, ...] = (
    PageExample("messages", "family.messages", lambda w: "/messages", signed_in_as="family"),
    PageExample(
        "messages, none yet", "family.messages", lambda w: "/messages", signed_in_as="family_empty"
    ),
    PageExample(
        "messages, nothing written",
        "family.messages",
        lambda w: "/messages",
        signed_in_as="family_empty",
        submit={"text": ""},
    ),
    PageExample(
        "messages, too long",
        "family.messages",
        lambda w: "/messages",
        signed_in_as="family_empty",
        submit={"text": "I would like to talk about school. " * 60},
    ),
    # Sending as the carer (about Amir), as the feedback examples do, so the
    # data the other examples read stays as it is.
    PageExample(
        "messages, sent",
        "family.messages",
        lambda w: "/messages",
        signed_in_as="carer",
        submit={"text": "Can we talk about the school trip?"},
        lands_on=lambda w: "/messages",
    ),
    PageExample(
        "messages, sent and may be at risk",
        "family.messages",
        lambda w: "/messages",
        signed_in_as="carer",
        submit={"text": "I feel like I want to kill myself."},
        lands_on=lambda w: "/messages",
    ),
)
