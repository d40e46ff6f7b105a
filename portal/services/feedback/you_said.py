""" "You said, we did": a keyworker writes, on a response, what the family
said and what the service did about it, in easy read (checked like a reply
to a family, with "save anyway" for warnings). It is kept as history
(`you_said_we_did`, append-only): a later one is added, never an edit.

Who reads it in the portal: the contact who wrote the response, and the
young person themselves (it is their support), never another family member
or another family.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    FeedbackResponse,
    Relationship,
    StaffUser,
    YouSaidWeDid,
)
from portal.services.easy_read.review import TextReview
from portal.services.meetings.outcome import NotEasyRead, check_family_text
from portal.services.records.audit import record_event

WRITTEN = "staff.feedback.you_said_we_did"
TEXT_MAX_LENGTH = 1000


class Problem(enum.StrEnum):
    MISSING = "missing"
    TOO_LONG = "too_long"


class Refused(ValueError):
    def __init__(self, field: str, problem: Problem) -> None:
        super().__init__(f"{field}: {problem.value}")
        self.field = field
        self.problem = problem


class NotEasyReadYet(ValueError):
    """One or both texts are not easy read yet: their reviews, by field."""

    def __init__(self, reviews: dict[str, TextReview]) -> None:
        super().__init__("not easy read yet")
        self.reviews = reviews


def write_you_said_we_did(
    session: Session,
    response: FeedbackResponse,
    you_said: str,
    we_did: str,
    user: StaffUser,
    now: datetime,
    *,
    save_anyway: bool,
    ip_address: str | None = None,
) -> YouSaidWeDid:
    """Add `user`'s "You said, we did" to `response`, audited, in the
    caller's transaction. Raises Refused, or NotEasyReadYet with the reviews
    of the texts that may not be saved yet, having saved nothing."""
    texts = {"you_said": you_said.strip(), "we_did": we_did.strip()}
    for field, text in texts.items():
        if not text:
            raise Refused(field, Problem.MISSING)
        if len(text) > TEXT_MAX_LENGTH:
            raise Refused(field, Problem.TOO_LONG)
    reviews: dict[str, TextReview] = {}
    for field, text in texts.items():
        try:
            check_family_text(text, save_anyway=save_anyway)
        except NotEasyRead as not_yet:
            reviews[field] = not_yet.review
    if reviews:
        raise NotEasyReadYet(reviews)
    row = YouSaidWeDid(
        response_id=response.id,
        young_person_id=response.young_person_id,
        you_said=texts["you_said"],
        we_did=texts["we_did"],
        written_by_id=user.id,
        written_at=now,
    )
    session.add(row)
    session.flush()
    record_event(
        session,
        WRITTEN,
        staff_user=user,
        young_person_id=response.young_person_id,
        ip_address=ip_address,
        response_id=response.id,
        you_said_we_did_id=row.id,
    )
    return row


@dataclass(frozen=True)
class WhatWeDid:
    you_said: str
    we_did: str
    written_at: datetime


def visible_to(contact: Contact) -> Select[YouSaidWeDid]:
    """The "You said, we did" rows `contact` may read: on their own
    responses, and for the young person, on any response about them."""
    query = (
        select(YouSaidWeDid)
        .join(FeedbackResponse, FeedbackResponse.id == YouSaidWeDid.response_id)
        .where(YouSaidWeDid.young_person_id == contact.young_person_id)
    )
    if contact.relation is not Relationship.SELF:
        query = query.where(FeedbackResponse.contact_id == contact.id)
    return query


def what_we_did_for(session: Session, contact: Contact) -> Sequence[WhatWeDid]:
    """What `contact` may read, newest first. One query."""
    query = visible_to(contact).order_by(YouSaidWeDid.written_at.desc(), YouSaidWeDid.id.desc())
    return [WhatWeDid(row.you_said, row.we_did, row.written_at) for row in session.scalars(query)]


def wrote_back_since(session: Session, contact: Contact, since: datetime) -> bool:
    """Whether anything `contact` may read was written after `since`. One query."""
    written = visible_to(contact).where(YouSaidWeDid.written_at > since).exists()
    return bool(session.scalar(select(written)))
