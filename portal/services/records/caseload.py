"""The caseload: the young people a member of staff may see (a keyworker's own
and those they cover, a manager's whole team, by
`portal.services.access.staff`), with what they need to know first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Exists, select
from sqlalchemy.orm import Session

from portal.models import (
    Contact,
    Meeting,
    MeetingKind,
    MeetingStatus,
    RiskRating,
    StaffUser,
    YoungPerson,
)
from portal.models.people import age_on
from portal.services.access.staff import covering_until, visible_young_people
from portal.services.records.family_input import UnseenCount, unseen_counts
from portal.timezones import LONDON


@dataclass(frozen=True)
class CaseloadRow:
    young_person_id: int
    preferred_name: str
    legal_name: str
    date_of_birth: date
    risk_rating: RiskRating | None
    keyworker_name: str | None
    next_meeting_at: datetime | None
    next_meeting_kind: MeetingKind | None
    # A family member's sign-in is locked after wrong dates of birth: the
    # keyworker should check with them and send a new invitation.
    sign_in_locked: bool = False
    # Sent from the family pages and not yet seen by the keyworker; and
    # urgent items nobody has acknowledged yet, seen or not
    # (`portal.services.records.urgent`).
    new_from_family: int = 0
    urgent_from_family: int = 0
    # The last day of this member of staff's cover of a colleague's case
    # (None: their own case, or a manager's team).
    covering_until: date | None = None

    def age_on(self, day: date) -> int:
        return age_on(self.date_of_birth, day)


NOTHING_NEW = UnseenCount(new=0, urgent=0)
RISK_ORDER = {RiskRating.RED: 0, RiskRating.AMBER: 1, RiskRating.GREEN: 2}


def caseload_for(session: Session, user: StaffUser, now: datetime) -> Sequence[CaseloadRow]:
    """Two queries, whatever the size of the caseload (the young people, then
    what is new from their families): first everyone with an urgent item
    nobody has acknowledged, then red, amber, green, then not rated; in
    each, by preferred name whatever its case, and two of the same name in
    the order they were added."""
    next_meeting_id = (
        select(Meeting.id)
        .where(
            Meeting.young_person_id == YoungPerson.id,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.starts_at >= now,
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
        .correlate(YoungPerson)
        .scalar_subquery()
    )
    today = now.astimezone(LONDON).date()
    query = (
        visible_young_people(user, today)
        .add_columns(
            StaffUser.name,
            Meeting.starts_at,
            Meeting.kind,
            _sign_in_locked(),
            covering_until(user, today),
        )
        .outerjoin(StaffUser, StaffUser.id == YoungPerson.keyworker_id)
        .outerjoin(Meeting, Meeting.id == next_meeting_id)
    )
    people = session.execute(query).all()
    from_family = unseen_counts(session, (person.id for person, *_ in people))
    caseload = [
        CaseloadRow(
            young_person_id=person.id,
            preferred_name=person.preferred_name,
            legal_name=person.legal_name,
            date_of_birth=person.date_of_birth,
            risk_rating=person.risk_rating,
            keyworker_name=keyworker_name,
            next_meeting_at=starts_at,
            next_meeting_kind=kind,
            sign_in_locked=bool(locked),
            new_from_family=from_family.get(person.id, NOTHING_NEW).new,
            urgent_from_family=from_family.get(person.id, NOTHING_NEW).urgent,
            covering_until=None if person.keyworker_id == user.id else cover_ends,
        )
        for person, keyworker_name, starts_at, kind, locked, cover_ends in people
    ]
    caseload.sort(
        key=lambda row: (
            0 if row.urgent_from_family else 1,
            _risk_order(row.risk_rating),
            row.preferred_name.casefold(),
            row.young_person_id,
        )
    )
    return caseload


def _sign_in_locked() -> Exists:
    """For a query of young people: a family member's sign-in is locked."""
    return (
        select(Contact.id)
        .where(Contact.young_person_id == YoungPerson.id, Contact.sign_in_locked_at.is_not(None))
        .correlate(YoungPerson)
        .exists()
    )


def _risk_order(rating: RiskRating | None) -> int:
    return RISK_ORDER[rating] if rating is not None else len(RISK_ORDER)
