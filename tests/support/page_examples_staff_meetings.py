"""The examples of the staff meeting pages, and the data they show: the
world's young person's coming meeting with an adjustment the family asked
for and its confirmation, and their held meeting with an outcome and
actions, which the family's meeting page then shows."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from portal.models import (
    ActionStatus,
    Meeting,
    MeetingSupport,
    MeetingSupportConfirmation,
    MeetingSupportRequest,
    utc_now,
)
from portal.timezones import london_today
from tests.support.factories import make_action
from tests.support.page_example_types import PageExample, World

EXAMPLE_FAMILY_OUTCOME = "We talked about school. You will try a new club. We will meet again soon."


def add_example_meeting_data(
    session: Session,
    *,
    upcoming_meeting_id: int,
    past_meeting_id: int,
    contact_id: int,
    keyworker_id: int,
) -> dict[str, int]:
    request = MeetingSupportRequest(
        meeting_id=upcoming_meeting_id,
        contact_id=contact_id,
        supports=[MeetingSupport.QUIET_ROOM.value, MeetingSupport.BREAKS.value],
    )
    session.add(request)
    session.flush()
    session.add(
        MeetingSupportConfirmation(
            meeting_id=upcoming_meeting_id,
            support_request_id=request.id,
            text="Quiet room booked. You can take breaks.",
            confirmed_by_id=keyworker_id,
        )
    )
    past = session.get(Meeting, past_meeting_id)
    assert past is not None
    past.outcome = "Agreed a referral to the youth club. School to share the new timetable."
    past.family_outcome = EXAMPLE_FAMILY_OUTCOME
    past.outcome_recorded_at = utc_now()
    make_action(
        session,
        young_person_id=past.young_person_id,
        meeting_id=past_meeting_id,
        what="Find a youth club near home",
        due_on=london_today() + timedelta(days=21),
    )
    make_action(
        session,
        young_person_id=past.young_person_id,
        meeting_id=past_meeting_id,
        what="Send the new timetable",
        who="School",
        status=ActionStatus.DONE,
    )
    session.flush()
    return {"confirmed_support_request_id": request.id}


def _meetings(w: World) -> str:
    return f"/staff/young-people/{w.young_person_id}/meetings"


def _upcoming(w: World, page: str = "") -> str:
    return f"{_meetings(w)}/{w.upcoming_meeting_id}{page}"


def _past(w: World, page: str = "") -> str:
    return f"{_meetings(w)}/{w.past_meeting_id}{page}"


HARD_TEXT = (
    "Following the multidisciplinary deliberation, stakeholders determined that "
    "community-based occupational engagement should be facilitated notwithstanding "
    "previous contraindications."
)

EXAMPLES: tuple[PageExample, ...] = (
    PageExample("meeting, staff page", "staff.meeting", _upcoming, signed_in_as="keyworker"),
    PageExample("meeting held, with its outcome", "staff.meeting", _past, signed_in_as="manager"),
    PageExample(
        "schedule a meeting",
        "staff.new_meeting",
        lambda w: _meetings(w) + "/new",
        signed_in_as="keyworker",
    ),
    PageExample(
        "schedule a meeting, nothing entered",
        "staff.new_meeting",
        lambda w: _meetings(w) + "/new",
        signed_in_as="keyworker",
        submit={},
    ),
    PageExample(
        "schedule a meeting, date not real and no place",
        "staff.new_meeting",
        lambda w: _meetings(w) + "/new",
        signed_in_as="keyworker",
        submit={"day": "31", "month": "2", "year": "2027", "starts": "10:00", "ends": "9"},
    ),
    PageExample(
        "change a meeting",
        "staff.edit_meeting",
        lambda w: _upcoming(w, "/edit"),
        signed_in_as="keyworker",
    ),
    PageExample(
        "change a meeting, link not secure",
        "staff.edit_meeting",
        lambda w: _upcoming(w, "/edit"),
        signed_in_as="keyworker",
        submit={"video_link": "http://video.example.org/room", "ends": "07:00"},
    ),
    PageExample(
        "cancel a meeting",
        "staff.cancel",
        lambda w: _upcoming(w, "/cancel"),
        signed_in_as="keyworker",
    ),
    PageExample(
        "cancel a meeting, no reason",
        "staff.cancel",
        lambda w: _upcoming(w, "/cancel"),
        signed_in_as="keyworker",
        submit={"reason": ""},
    ),
    PageExample(
        "record the outcome",
        "staff.meeting_outcome",
        lambda w: _past(w, "/outcome"),
        signed_in_as="keyworker",
    ),
    PageExample(
        "record the outcome, not easy read",
        "staff.meeting_outcome",
        lambda w: _past(w, "/outcome"),
        signed_in_as="keyworker",
        submit={"outcome": "Discussed.", "family_outcome": HARD_TEXT},
    ),
    PageExample(
        "tell the family what was arranged",
        "staff.confirm",
        lambda w: _upcoming(w, f"/confirm?request={w.confirmed_support_request_id}"),
        signed_in_as="keyworker",
    ),
    PageExample(
        "tell the family what was arranged, nothing entered",
        "staff.confirm",
        lambda w: _upcoming(w, f"/confirm?request={w.confirmed_support_request_id}"),
        signed_in_as="keyworker",
        submit={"text": ""},
    ),
    PageExample(
        "meeting that has happened, with the outcome",
        "family.meeting",
        lambda w: f"/my-meetings/{w.past_meeting_id}",
        signed_in_as="family",
    ),
)
