"""Page examples for the family pages: "My views before the meeting".

The world is shared by every example (and the browser test that gives
views without JavaScript does so as Sam, for the upcoming meeting), so:
- `add_example_views` sets up the views of Sam's parent ("family_member")
  for the upcoming meeting, sent and then changed again (a newer draft), and
  Sam's own views for the past meeting. Examples only read them.
- Sam ("family") has written nothing for the upcoming meeting.
- Examples that submit a form only submit forms that are refused (too long,
  nothing chosen, nothing to send), so no example ever saves anything.

`add_example_views` must run when the world is built (tests/support/page_examples.py,
`build_world`): without it "my views, sent" has nothing to thank Sam for and
redirects to the start page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.seed import PLAN_TEXT
from portal.models import (
    Contact,
    Meeting,
    MeetingStatus,
    MeetingViews,
    PlanSectionKind,
    Relationship,
    ViewsStatus,
    utc_now,
)
from portal.services.meetings.views_before import answer_digest, version_of
from portal.services.meetings.views_before_saving import save_answer, send_views
from portal.timezones import london_today
from tests.support.page_example_types import PageExample, World

QUESTIONS = (
    ("going well", "going-well"),
    ("not going well", "not-going-well"),
    ("what to talk about", "talk-about"),
    ("who I want there", "who-i-want-there"),
    ("not in front of me", "not-in-front-of-me"),
)


def _views(world: World, meeting_id: int, page: str = "") -> str:
    return f"/my-meetings/{meeting_id}/my-views{page}"


def _upcoming(page: str = "") -> Callable[[World], str]:
    return lambda w: _views(w, w.upcoming_meeting_id, page)


EXAMPLES: tuple[PageExample, ...] = (
    PageExample(
        "my views, not started",
        "family.views_start",
        _upcoming(),
        signed_in_as="family",
    ),
    PageExample(
        "my views, sent and changed again",
        "family.views_start",
        _upcoming(),
        signed_in_as="family_member",
    ),
    *(
        PageExample(
            f"my views, {name}",
            f"family.views_{path.replace('-', '_')}",
            _upcoming(f"/{path}"),
            signed_in_as="family",
        )
        for name, path in QUESTIONS
    ),
    PageExample(
        "my views, going well, answered before",
        "family.views_going_well",
        _upcoming("/going-well"),
        signed_in_as="family_member",
    ),
    PageExample(
        "my views, answer too long",
        "family.views_going_well",
        _upcoming("/going-well"),
        signed_in_as="family_member",
        # Words from the demo plan, so the translation check knows them as data.
        submit={"going_well": " ".join([PLAN_TEXT[PlanSectionKind.ABOUT_ME]] * 40)},
    ),
    PageExample(
        "my views, share with the panel",
        "family.views_share",
        _upcoming("/share"),
        signed_in_as="family",
    ),
    PageExample(
        "my views, share, nothing chosen",
        "family.views_share",
        _upcoming("/share"),
        signed_in_as="family",
        submit={},
    ),
    PageExample(
        "my views, share, not asked",
        "family.views_share",
        _upcoming("/share"),
        signed_in_as="family_member",
    ),
    PageExample(
        "my views, check your answers",
        "family.views_check",
        _upcoming("/check"),
        signed_in_as="family_member",
    ),
    PageExample(
        "my views, check, nothing to send",
        "family.views_check",
        _upcoming("/check"),
        signed_in_as="family",
        submit={},
    ),
    PageExample(
        "my views, sent",
        "family.views_sent",
        _upcoming("/sent"),
        signed_in_as="family_member",
    ),
    PageExample(
        "my views, past meeting",
        "family.views_start",
        lambda w: _views(w, w.past_meeting_id),
        signed_in_as="family",
    ),
    PageExample(
        "my views, past meeting, nothing sent",
        "family.views_start",
        lambda w: _views(w, w.past_meeting_id),
        signed_in_as="family_member",
    ),
    PageExample(
        "my views, cancelled meeting",
        "family.views_start",
        lambda w: _views(w, w.cancelled_meeting_id),
        signed_in_as="family",
    ),
)


def add_example_views(session: Session, young_person_id: int) -> None:
    """The parent's views for the upcoming meeting, sent and then changed
    again, made through the service as the parent would; and Sam's own views
    for the past meeting, sent before it."""
    contacts = {
        contact.relation: contact
        for contact in session.scalars(
            select(Contact)
            .where(Contact.young_person_id == young_person_id)
            .order_by(Contact.id.desc())
        )
    }
    sam, parent = contacts[Relationship.SELF], contacts[Relationship.PARENT]
    meetings = {
        meeting.status: meeting
        for meeting in session.scalars(
            select(Meeting).where(Meeting.young_person_id == young_person_id)
        )
    }
    upcoming, past = meetings[MeetingStatus.PLANNED], meetings[MeetingStatus.HELD]
    now, today = utc_now(), london_today()
    version = version_of(None)

    def answer(field: str, text: str) -> None:
        nonlocal version
        state = save_answer(
            session,
            parent,
            upcoming.id,
            field,
            text,
            seen_version=version,
            seen_digest=answer_digest(None),
            now=now,
            today=today,
        )
        version = state.version

    answer("going_well", "Sam started a new course at college and likes the tutor.")
    answer("not_going_well", "Sam does not sleep well. Mornings before college are hard.")
    answer("want_to_talk_about", "Help for Sam to get the bus on their own.")
    sent = send_views(session, parent, upcoming.id, seen_version=version, now=now, today=today)
    version = version_of(sent)
    answer("who_i_want_there", "Me and Sam's college tutor.")

    session.add(
        MeetingViews(
            meeting_id=past.id,
            contact_id=sam.id,
            status=ViewsStatus.SENT,
            going_well="Football on Saturdays.",
            not_in_front_of_me="What happened at school last year.",
            started_at=past.starts_at - timedelta(days=4),
            updated_at=past.starts_at - timedelta(days=3),
            sent_at=past.starts_at - timedelta(days=3),
        )
    )
    session.flush()
