"""What a staff meeting page shows: the meeting, each contact's latest reply
and support request with the confirmation sent back, and the views the
family sent before the meeting, and the actions agreed at it. A fixed
number of queries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from portal.models import (
    Meeting,
    MeetingReply,
    MeetingSupportConfirmation,
    MeetingSupportRequest,
    MeetingViews,
    ViewsStatus,
)
from portal.services.actions.lists import ActionLine, meeting_actions
from portal.services.meetings.outcome import confirmations_by_request
from portal.services.meetings.panel_sharing import PanelChoice, panel_choice
from portal.services.records.meeting_answers import latest_meeting_answers


@dataclass(frozen=True)
class StaffMeetingPage:
    meeting: Meeting
    replies: Sequence[MeetingReply]
    support_requests: Sequence[MeetingSupportRequest]
    # By support request id.
    confirmations: Mapping[int, MeetingSupportConfirmation]
    views: Sequence[MeetingViews]
    # Whether the views may go to the review panel: the young person's
    # current consent choice, whoever sent them and whenever.
    panel: PanelChoice
    # The actions agreed at the meeting, as they stand now.
    actions: tuple[ActionLine, ...] = ()


def staff_meeting_page(
    session: Session, meeting: Meeting, today: date | None = None
) -> StaffMeetingPage:
    """The page's content; with `today` (London), the meeting's actions too."""
    answers = latest_meeting_answers(session, meeting.young_person_id, [meeting.id]).get(meeting.id)
    sent = session.scalars(
        select(MeetingViews)
        .where(MeetingViews.meeting_id == meeting.id, MeetingViews.status == ViewsStatus.SENT)
        .order_by(MeetingViews.sent_at.desc())
        .options(joinedload(MeetingViews.contact))
    ).all()
    return StaffMeetingPage(
        meeting=meeting,
        replies=answers.replies if answers else (),
        support_requests=answers.support_requests if answers else (),
        confirmations=confirmations_by_request(session, meeting),
        views=sent,
        panel=panel_choice(session, meeting.young_person_id),
        actions=meeting_actions(session, meeting.id, today) if today else (),
    )
