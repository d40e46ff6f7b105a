"""What the family home page says: the next meeting, what changed since the
person last looked, and whether they can open another young person's page.

"Since they last looked" comes from when the contact last opened each part
of the portal, noted as each family page view is audited
(portal.services.records.page_looks):

- the plan changed when its latest version was made after the contact last
  opened a plan page;
- a meeting changed when a planned or cancelled meeting was added or changed
  after the contact last opened a meetings page;
- the service wrote back ("You said, we did") when a reply the contact may
  read was written after they last opened "Tell us what you think".

Someone who has never opened that page is compared with their first visit to
the portal, so news that came after it still shows. On a first visit ever
there is nothing to compare with, and nothing is shown: everything is new.

A fixed number of queries, whatever the number of meetings, plan versions or
page views: one for the views, one for the plan, one for the next meeting,
one for changed meetings (after a first visit), one for unread messages
from staff, one for "You said, we did" (after a first visit), and the few
that say whether
there is another young person to choose (portal.services.access.switching).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Plan,
    PlanVersion,
)
from portal.services.access.family_rules import DEFAULT_MINIMUM_OWN_ACCESS_AGE
from portal.services.access.switching import has_other_young_people
from portal.services.feedback.you_said import wrote_back_since
from portal.services.records.family_replies import unread_count
from portal.services.records.page_looks import ANY, last_looks

__all__ = ["HomeSummary", "NextMeeting", "home_summary"]


@dataclass(frozen=True)
class NextMeeting:
    kind: MeetingKind
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class HomeSummary:
    # The next planned meeting that has not ended (cancelled ones never are).
    next_meeting: NextMeeting | None
    # When the latest plan version was made; None when there is no plan yet.
    plan_updated_at: datetime | None
    # Set when the plan changed since the person last looked: tell them.
    plan_changed: bool
    # A planned or cancelled meeting changed since they last looked at meetings.
    meeting_changed: bool
    # A meeting was added since they last looked (and none of the others changed).
    meeting_added: bool
    # They may open another young person's page (a carer of more than one).
    chooses_young_person: bool
    # Replies from staff to this contact that they have not read yet.
    unread_messages: int = 0
    # A "You said, we did" they may read came since they last looked at feedback.
    we_wrote_back: bool = False


@dataclass(frozen=True)
class _LastLooked:
    plan: datetime | None
    meetings: datetime | None
    feedback: datetime | None
    first_visit: datetime | None


def home_summary(
    session: Session,
    contact: Contact,
    now: datetime,
    today: date,
    *,
    minimum_own_access_age: int = DEFAULT_MINIMUM_OWN_ACCESS_AGE,
) -> HomeSummary:
    """The home page of `contact` at `now` (`today` is the London date)."""
    looked = _last_looked(session, contact)
    plan_updated_at = session.scalar(
        select(func.max(PlanVersion.created_at))
        .join(Plan, Plan.id == PlanVersion.plan_id)
        .where(Plan.young_person_id == contact.young_person_id)
    )
    plan_since = looked.plan or looked.first_visit
    meetings_since = looked.meetings or looked.first_visit
    changed, added = _meetings_changed(session, contact, meetings_since)
    return HomeSummary(
        next_meeting=_next_meeting(session, contact, now),
        plan_updated_at=plan_updated_at,
        plan_changed=(
            plan_updated_at is not None and plan_since is not None and plan_updated_at > plan_since
        ),
        meeting_changed=changed,
        meeting_added=added and not changed,
        chooses_young_person=has_other_young_people(
            session, contact, today, minimum_own_access_age=minimum_own_access_age
        ),
        unread_messages=unread_count(session, contact),
        we_wrote_back=_wrote_back(session, contact, looked.feedback or looked.first_visit),
    )


def _wrote_back(session: Session, contact: Contact, since: datetime | None) -> bool:
    return since is not None and wrote_back_since(session, contact, since)


def _last_looked(session: Session, contact: Contact) -> _LastLooked:
    """When `contact` last opened a plan page, a meetings page and a feedback
    page, and first opened any family page. One query of at most four rows,
    however many pages they have opened."""
    looks = last_looks(session, contact)

    def last(area: str) -> datetime | None:
        return looks[area].last_at if area in looks else None

    return _LastLooked(
        plan=last("plan"),
        meetings=last("meetings"),
        feedback=last("feedback"),
        first_visit=looks[ANY].first_at if ANY in looks else None,
    )


def _next_meeting(session: Session, contact: Contact, now: datetime) -> NextMeeting | None:
    row = session.execute(
        select(Meeting.kind, Meeting.starts_at, Meeting.ends_at)
        .where(
            Meeting.young_person_id == contact.young_person_id,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.ends_at > now,
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    return NextMeeting(kind=row.kind, starts_at=row.starts_at, ends_at=row.ends_at)


def _meetings_changed(
    session: Session, contact: Contact, since: datetime | None
) -> tuple[bool, bool]:
    """(changed, added): whether a planned or cancelled meeting changed, or
    was added, after `since`. Held meetings are history, not news."""
    if since is None:
        return False, False
    row = session.execute(
        select(
            func.count(Meeting.id),
            func.count(case((Meeting.created_at > since, Meeting.id))),
        ).where(
            Meeting.young_person_id == contact.young_person_id,
            Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.CANCELLED)),
            or_(Meeting.updated_at > since, Meeting.created_at > since),
        )
    ).one()
    news, added = int(row[0]), int(row[1])
    return news > added, added > 0
