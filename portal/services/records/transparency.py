"""Who has looked at a young person's information: what a family sees.

Staff are shown by their role and family members by their relationship to the
young person, never by name. Looks are grouped by day, newest first, over the
last 90 days, from one query with a cap on the rows it reads.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from easyread.dates import LONDON
from portal.models import ActorRole, AuditEvent, Contact, Relationship
from portal.services.records.audit import FAMILY_PAGE_VIEWED

# Audit actions that mean someone looked at the young person's information.
STAFF_VIEW_ACTIONS = ("record.viewed", "record.exported")
FAMILY_VIEW_ACTIONS = (FAMILY_PAGE_VIEWED,)
DEFAULT_DAYS = 90
# The most audit rows one page load reads. Beyond it the list starts later
# (`since` says from when), rather than the page getting slow.
DEFAULT_MAX_EVENTS = 5000


class Viewer(enum.StrEnum):
    """Who looked, as families are told: a role or a relationship, never a name."""

    KEYWORKER = "keyworker"
    MANAGER = "manager"
    OTHER_STAFF = "other_staff"
    YOUNG_PERSON = "young_person"
    PARENT = "parent"
    CARER = "carer"
    RELATIVE = "relative"
    ADVOCATE = "advocate"
    OTHER_PERSON = "other_person"


STAFF_VIEWERS = {
    ActorRole.KEYWORKER: Viewer.KEYWORKER,
    ActorRole.MANAGER: Viewer.MANAGER,
    ActorRole.ADMIN: Viewer.OTHER_STAFF,
}
FAMILY_VIEWERS = {
    Relationship.SELF: Viewer.YOUNG_PERSON,
    Relationship.PARENT: Viewer.PARENT,
    Relationship.CARER: Viewer.CARER,
    Relationship.RELATIVE: Viewer.RELATIVE,
    Relationship.ADVOCATE: Viewer.ADVOCATE,
    Relationship.OTHER: Viewer.OTHER_PERSON,
}
VIEWER_ORDER = {viewer: position for position, viewer in enumerate(Viewer)}


@dataclass(frozen=True)
class Look:
    """`people` people who were `viewer` looked on `day` (a London date)."""

    day: date
    viewer: Viewer
    people: int


@dataclass(frozen=True)
class WhoHasLooked:
    looks: list[Look]
    # The first day the list covers in full (a London date).
    since: date


def who_has_looked(
    session: Session,
    contact: Contact,
    *,
    now: datetime,
    days: int = DEFAULT_DAYS,
    max_events: int = DEFAULT_MAX_EVENTS,
) -> WhoHasLooked:
    """Who looked at `contact`'s young person's information in the last `days`
    days, apart from `contact` themselves: newest day first, one `Look` per day
    and kind of viewer."""
    since = (now - timedelta(days=days)).astimezone(LONDON).date()
    start = datetime.combine(since, datetime.min.time(), tzinfo=LONDON)
    rows = session.execute(
        select(
            AuditEvent.occurred_at,
            AuditEvent.action,
            AuditEvent.actor_role,
            AuditEvent.actor_staff_id,
            AuditEvent.actor_contact_id,
            Contact.relation,
        )
        .outerjoin(Contact, Contact.id == AuditEvent.actor_contact_id)
        .where(
            AuditEvent.young_person_id == contact.young_person_id,
            AuditEvent.action.in_(STAFF_VIEW_ACTIONS + FAMILY_VIEW_ACTIONS),
            AuditEvent.occurred_at >= start,
            or_(AuditEvent.actor_contact_id.is_(None), AuditEvent.actor_contact_id != contact.id),
        )
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(max_events + 1)
    ).all()

    people: dict[tuple[date, Viewer], set[tuple[str, int]]] = defaultdict(set)
    for occurred_at, action, actor_role, staff_id, contact_id, relation in rows[:max_events]:
        day = occurred_at.astimezone(LONDON).date()
        if action in STAFF_VIEW_ACTIONS and staff_id is not None:
            viewer = STAFF_VIEWERS.get(actor_role, Viewer.OTHER_STAFF)
            people[(day, viewer)].add(("staff", staff_id))
        elif action in FAMILY_VIEW_ACTIONS and contact_id is not None and relation is not None:
            people[(day, FAMILY_VIEWERS[relation])].add(("contact", contact_id))

    if len(rows) > max_events:
        # The oldest day read may be missing some looks: leave it out, and
        # say the list starts the day after.
        oldest = min(day for day, _viewer in people) if people else since
        people = defaultdict(set, {key: ids for key, ids in people.items() if key[0] > oldest})
        since = oldest + timedelta(days=1)

    looks = [Look(day, viewer, len(ids)) for (day, viewer), ids in people.items()]
    looks.sort(key=lambda look: (-look.day.toordinal(), VIEWER_ORDER[look.viewer]))
    return WhoHasLooked(looks=looks, since=since)
