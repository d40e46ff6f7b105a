"""The caseload: the young people a member of staff may see (a keyworker's own
and those they cover, a manager's whole team, by
`portal.services.access.staff`), with what they need to know first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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
    risk_rating_changed_at: datetime | None = None
    risk_rating_reviewed_at: datetime | None = None
    # When the oldest new item from the family arrived.
    new_from_family_since: datetime | None = None

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
        _row(user, person, from_family.get(person.id, NOTHING_NEW), *columns)
        for person, *columns in people
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


@dataclass(frozen=True)
class CaseloadFilter:
    """What the caseload's GET form asks for; empty shows everyone."""

    risk: RiskRating | None = None
    not_rated: bool = False
    has_urgent: bool = False
    has_new: bool = False
    meeting_soon: bool = False
    name: str = ""

    @property
    def is_set(self) -> bool:
        return self != CaseloadFilter()

    def keeps(self, row: CaseloadRow, now: datetime) -> bool:
        if self.not_rated and row.risk_rating is not None:
            return False
        if self.risk is not None and row.risk_rating is not self.risk:
            return False
        if self.has_urgent and not row.urgent_from_family:
            return False
        if self.has_new and not row.new_from_family:
            return False
        if self.meeting_soon and not _meeting_soon(row, now):
            return False
        wanted = self.name.strip().casefold()
        names = (row.preferred_name.casefold(), row.legal_name.casefold())
        return not wanted or any(wanted in name for name in names)


# "Meeting soon" on the caseload, and the worklist's upcoming meetings.
MEETING_SOON = timedelta(days=14)


def _meeting_soon(row: CaseloadRow, now: datetime) -> bool:
    return row.next_meeting_at is not None and row.next_meeting_at <= now + MEETING_SOON


def _row(
    user: StaffUser,
    person: YoungPerson,
    from_family: UnseenCount,
    keyworker_name: str | None,
    starts_at: datetime | None,
    kind: MeetingKind | None,
    locked: bool | None,
    cover_ends: date | None,
) -> CaseloadRow:
    return CaseloadRow(
        young_person_id=person.id,
        preferred_name=person.preferred_name,
        legal_name=person.legal_name,
        date_of_birth=person.date_of_birth,
        risk_rating=person.risk_rating,
        keyworker_name=keyworker_name,
        next_meeting_at=starts_at,
        next_meeting_kind=kind,
        sign_in_locked=bool(locked),
        new_from_family=from_family.new,
        urgent_from_family=from_family.urgent,
        new_from_family_since=from_family.new_since,
        covering_until=None if person.keyworker_id == user.id else cover_ends,
        risk_rating_changed_at=person.risk_rating_changed_at,
        risk_rating_reviewed_at=person.risk_rating_reviewed_at,
    )


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
