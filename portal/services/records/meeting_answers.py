"""What each contact last said about a meeting: their latest "Can you
come?" reply and "things that help me", for the record and the meeting page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from portal.models import Meeting, MeetingReply, MeetingSupportRequest


@dataclass(frozen=True)
class MeetingFamilyAnswers:
    """For one meeting: the latest "Can you come?" and the latest "things that
    help me" of each contact who answered."""

    replies: Sequence[MeetingReply] = ()
    support_requests: Sequence[MeetingSupportRequest] = ()


def latest_meeting_answers(
    session: Session, young_person_id: int, meeting_ids: Collection[int] | None = None
) -> dict[int, MeetingFamilyAnswers]:
    """By meeting id, for the young person's meetings (only those of
    `meeting_ids`, when given). Two queries."""
    replies: dict[int, list[MeetingReply]] = defaultdict(list)
    for reply in session.scalars(
        select(MeetingReply)
        .where(MeetingReply.id.in_(_latest_ids(MeetingReply, young_person_id, meeting_ids)))
        .order_by(MeetingReply.contact_id)
        .options(joinedload(MeetingReply.contact))
    ):
        replies[reply.meeting_id].append(reply)
    requests: dict[int, list[MeetingSupportRequest]] = defaultdict(list)
    for request in session.scalars(
        select(MeetingSupportRequest)
        .where(
            MeetingSupportRequest.id.in_(
                _latest_ids(MeetingSupportRequest, young_person_id, meeting_ids)
            )
        )
        .order_by(MeetingSupportRequest.contact_id)
        .options(joinedload(MeetingSupportRequest.contact))
    ):
        requests[request.meeting_id].append(request)
    return {
        meeting_id: MeetingFamilyAnswers(
            replies=replies.get(meeting_id, ()), support_requests=requests.get(meeting_id, ())
        )
        for meeting_id in replies.keys() | requests.keys()
    }


def _latest_ids(
    model: type[MeetingReply] | type[MeetingSupportRequest],
    young_person_id: int,
    meeting_ids: Collection[int] | None,
) -> Select[Any]:
    """The newest row for each meeting and contact (rows are history: the
    last one added stands)."""
    query = (
        select(func.max(model.id))
        .join(Meeting, Meeting.id == model.meeting_id)
        .where(Meeting.young_person_id == young_person_id)
        .group_by(model.meeting_id, model.contact_id)
    )
    return query if meeting_ids is None else query.where(model.meeting_id.in_(meeting_ids))
