"""Notices that tell staff a family sent something from the family pages.

Every service that stores something a family sent (a meeting reply, what helps
at a meeting, views before a meeting, a consent decision, a request to change
a choice) calls `notify_staff` in the same transaction, so the notice and what
it points at are saved together or not at all. The caseload and the record
show the notices, marked new until a keyworker opens the record.

"Opens" means the young person's allocated keyworker: `mark_seen` does nothing
for anyone else. A manager looking at a record (to oversee, or to cover) leaves
the notices new, so the keyworker still sees what is new when they next open
it; while nobody is allocated, the notices stay new on the manager's team list.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Select, and_, case, func, or_, select, update
from sqlalchemy.orm import Session, contains_eager, joinedload

from portal.models import (
    ConsentChangeRequest,
    ConsentDecision,
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    FamilyMessage,
    FeedbackResponse,
    Meeting,
    MeetingReply,
    MeetingSupportRequest,
    MeetingViews,
    StaffUser,
    UrgentAcknowledgement,
    YoungPerson,
)
from portal.services.meetings.panel_sharing import PanelChoice, panel_choice
from portal.services.records.handling import Handling, handling_for
from portal.services.records.urgent_alerts import UrgentSettings, alert_staff


def notify_staff(
    session: Session,
    contact: Contact,
    kind: FamilyInputKind,
    *,
    subject_id: int,
    summary: str,
    meeting_id: int | None = None,
    urgent: bool = False,
    alerts: UrgentSettings | None = None,
) -> FamilyInputNotice:
    """Add a notice for staff about `contact`'s young person. Does not commit.

    `summary` is a short line for staff in the portal's own words, such as
    "Can you come? Yes"; never the family's free text, which stays in its own
    table and is shown on the record.

    An urgent notice also queues "something needs you" emails to the
    keyworker and the team's managers, in this transaction
    (`urgent_alerts.alert_staff`): `alerts` is then required."""
    if urgent and alerts is None:
        raise ValueError("an urgent notice needs the alert settings to email staff")
    notice = FamilyInputNotice(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        kind=kind,
        subject_id=subject_id,
        summary=summary[:300],
        meeting_id=meeting_id,
        urgent=urgent,
    )
    session.add(notice)
    if urgent and alerts is not None:
        session.flush()
        alert_staff(session, notice, alerts)
    return notice


# What a notice points at, by its kind.
NoticeSubject = (
    MeetingReply
    | MeetingSupportRequest
    | MeetingViews
    | ConsentDecision
    | ConsentChangeRequest
    | FeedbackResponse
    | FamilyMessage
)

# How many notices the record shows at most. New ones come first, so a long
# run of new input is read over the next visits rather than hidden.
RECORD_NOTICE_LIMIT = 20


@dataclass(frozen=True)
class UnseenCount:
    """For one young person: notices no keyworker has seen yet, and urgent
    notices nobody has acknowledged yet (seen or not)."""

    new: int
    urgent: int
    # When the oldest of the new ones arrived (None: nothing new).
    new_since: datetime | None = None


def _open_urgent() -> ColumnElement[bool]:
    """Urgent and not acknowledged: for queries that outer-join the
    acknowledgements."""
    return and_(FamilyInputNotice.urgent.is_(True), UrgentAcknowledgement.id.is_(None))


def unseen_counts(session: Session, young_person_ids: Iterable[int]) -> dict[int, UnseenCount]:
    """New notices and open urgent ones for each young person, in one query.
    Young people with neither are left out."""
    ids = set(young_person_ids)
    if not ids:
        return {}
    unseen = FamilyInputNotice.seen_at.is_(None)
    rows = session.execute(
        select(
            FamilyInputNotice.young_person_id,
            func.count(case((unseen, 1))),
            func.count(case((_open_urgent(), 1))),
            func.min(case((unseen, FamilyInputNotice.created_at))),
        )
        .outerjoin(UrgentAcknowledgement, UrgentAcknowledgement.notice_id == FamilyInputNotice.id)
        .where(FamilyInputNotice.young_person_id.in_(ids), or_(unseen, _open_urgent()))
        .group_by(FamilyInputNotice.young_person_id)
    )
    return {person_id: UnseenCount(new, urgent, since) for person_id, new, urgent, since in rows}


@dataclass(frozen=True)
class FamilyInputItem:
    """One notice with what it points at. `subject` is None only when that row
    is missing or belongs to someone else; the notice's summary still shows."""

    notice: FamilyInputNotice
    # Who sent it.
    contact: Contact | None
    # Not seen by a keyworker before this page view.
    is_new: bool
    subject: NoticeSubject | None
    # For choices about one person, such as who may see the portal.
    about_contact: Contact | None = None
    # For views: whether they may go to the review panel (the young person's
    # current consent choice).
    panel: PanelChoice | None = None
    # Its status (new, read, replied, acknowledged) and who handled it.
    handling: Handling | None = None

    @property
    def kind(self) -> FamilyInputKind:
        return self.notice.kind


@dataclass(frozen=True)
class RecordFamilyInput:
    """The notices the record shows, and how many there are in all."""

    items: Sequence[FamilyInputItem]
    total: int
    new: int
    # Urgent and not acknowledged yet, whether seen or not.
    urgent_open: int

    @property
    def new_notice_ids(self) -> list[int]:
        return [item.notice.id for item in self.items if item.is_new]


def family_input_for_record(
    session: Session, young_person_id: int, limit: int = RECORD_NOTICE_LIMIT
) -> RecordFamilyInput:
    """Up to `limit` notices: open urgent ones first, then other new ones,
    then the rest, each newest first; with what each points at, who sent it
    and any acknowledgement.

    One query when there are none; otherwise 15 whatever the number: the
    counts, the notices (with their meetings), the young person's contacts,
    one query for each kind of input, and four for how each was handled
    (`portal.services.records.handling`), and one for the review-panel
    choice that views need."""
    unseen = FamilyInputNotice.seen_at.is_(None)
    acknowledged = UrgentAcknowledgement.notice_id == FamilyInputNotice.id
    total, new, urgent_open = _record_counts(session, young_person_id)
    if not total:
        return RecordFamilyInput(items=(), total=0, new=0, urgent_open=0)
    notices = session.scalars(
        select(FamilyInputNotice)
        .outerjoin(UrgentAcknowledgement, acknowledged)
        .where(FamilyInputNotice.young_person_id == young_person_id)
        .order_by(
            case((_open_urgent(), 0), (unseen, 1), else_=2),
            FamilyInputNotice.created_at.desc(),
            FamilyInputNotice.id.desc(),
        )
        .limit(limit)
        .options(
            joinedload(FamilyInputNotice.meeting),
            contains_eager(FamilyInputNotice.acknowledgement).joinedload(
                UrgentAcknowledgement.acknowledged_by
            ),
        )
    ).all()
    contacts = {
        contact.id: contact
        for contact in session.scalars(
            select(Contact).where(Contact.young_person_id == young_person_id)
        )
    }
    subjects = _load_subjects(session, young_person_id, notices)
    handling = handling_for(session, notices)
    panel = panel_choice(session, young_person_id)
    items = []
    for notice in notices:
        subject = subjects.get((notice.kind, notice.subject_id))
        about_id = getattr(subject, "about_contact_id", None)
        items.append(
            FamilyInputItem(
                notice=notice,
                contact=contacts.get(notice.contact_id),
                is_new=notice.seen_at is None,
                subject=subject,
                about_contact=contacts.get(about_id) if about_id else None,
                panel=panel if notice.kind is FamilyInputKind.MEETING_VIEWS else None,
                handling=handling[notice.id],
            )
        )
    return RecordFamilyInput(items=items, total=total, new=new, urgent_open=urgent_open)


def family_input_item(session: Session, notice: FamilyInputNotice) -> FamilyInputItem:
    """One notice with what it points at and how it was handled, for a page
    about that notice alone."""
    subject = _load_subjects(session, notice.young_person_id, [notice]).get(
        (notice.kind, notice.subject_id)
    )
    about_id = getattr(subject, "about_contact_id", None)
    return FamilyInputItem(
        notice=notice,
        contact=session.get(Contact, notice.contact_id),
        is_new=notice.seen_at is None,
        subject=subject,
        about_contact=session.get(Contact, about_id) if about_id else None,
        panel=_panel_if_views(session, notice.young_person_id, [notice]),
        handling=handling_for(session, [notice])[notice.id],
    )


def _panel_if_views(
    session: Session, young_person_id: int, notices: Sequence[FamilyInputNotice]
) -> PanelChoice | None:
    """The review-panel choice, read (one query) only when views are shown."""
    if not any(notice.kind is FamilyInputKind.MEETING_VIEWS for notice in notices):
        return None
    return panel_choice(session, young_person_id)


def _record_counts(session: Session, young_person_id: int) -> tuple[int, int, int]:
    """All the notices, the new ones and the open urgent ones."""
    total, new, urgent_open = session.execute(
        select(
            func.count(FamilyInputNotice.id),
            func.count(case((FamilyInputNotice.seen_at.is_(None), 1))),
            func.count(case((_open_urgent(), 1))),
        )
        .outerjoin(UrgentAcknowledgement, UrgentAcknowledgement.notice_id == FamilyInputNotice.id)
        .where(FamilyInputNotice.young_person_id == young_person_id)
    ).one()
    return total, new, urgent_open


def _load_subjects(
    session: Session, young_person_id: int, notices: Sequence[FamilyInputNotice]
) -> dict[tuple[FamilyInputKind, int], NoticeSubject]:
    """What the notices point at: one IN query for each kind, even a kind with
    nothing to load, so the record always runs the same number of queries."""
    wanted: dict[FamilyInputKind, set[int]] = {kind: set() for kind in FamilyInputKind}
    for notice in notices:
        wanted[notice.kind].add(notice.subject_id)
    loaded: dict[tuple[FamilyInputKind, int], NoticeSubject] = {}
    for kind, ids in wanted.items():
        for subject in session.scalars(_subject_query(kind, young_person_id, ids)):
            loaded[(kind, subject.id)] = subject
    return loaded


def _subject_query(
    kind: FamilyInputKind, young_person_id: int, ids: Collection[int]
) -> Select[Any]:
    """Rows of one kind, only if they are about this young person."""
    about_meeting = (MeetingReply, MeetingSupportRequest, MeetingViews)
    by_kind: Mapping[FamilyInputKind, Any] = {
        FamilyInputKind.MEETING_REPLY: MeetingReply,
        FamilyInputKind.MEETING_SUPPORT: MeetingSupportRequest,
        FamilyInputKind.MEETING_VIEWS: MeetingViews,
        FamilyInputKind.CONSENT_DECISION: ConsentDecision,
        FamilyInputKind.CONSENT_CHANGE_REQUEST: ConsentChangeRequest,
        FamilyInputKind.FEEDBACK: FeedbackResponse,
        FamilyInputKind.MESSAGE: FamilyMessage,
    }
    model = by_kind[kind]
    query = select(model).where(model.id.in_(ids))
    if model in about_meeting:
        return query.join(Meeting, Meeting.id == model.meeting_id).where(
            Meeting.young_person_id == young_person_id
        )
    query = query.where(model.young_person_id == young_person_id)
    if model in (ConsentDecision, ConsentChangeRequest):
        query = query.options(joinedload(model.item))
    return query


def mark_seen(
    session: Session,
    young_person_id: int,
    staff_user: StaffUser,
    now: datetime,
    *,
    notice_ids: Collection[int] | None = None,
) -> int:
    """Mark the young person's new notices seen by `staff_user`, in one UPDATE,
    if they are the allocated keyworker; anyone else (a manager) changes
    nothing. With `notice_ids`, only those (the ones just shown), so a notice
    that arrives while the page is made stays new. Returns how many were
    marked. Does not commit."""
    person = session.get(YoungPerson, young_person_id)
    if person is None or person.keyworker_id != staff_user.id:
        return 0
    query = update(FamilyInputNotice).where(
        FamilyInputNotice.young_person_id == young_person_id,
        FamilyInputNotice.seen_at.is_(None),
    )
    if notice_ids is not None:
        if not notice_ids:
            return 0
        query = query.where(FamilyInputNotice.id.in_(notice_ids))
    result = session.execute(
        query.values(seen_at=now, seen_by_id=staff_user.id),
        execution_options={"synchronize_session": "evaluate"},
    )
    return cast(CursorResult[Any], result).rowcount
