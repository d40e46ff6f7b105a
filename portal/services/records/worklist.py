"""The worklist: one list of what needs a person, most urgent first, for the
young people on a member of staff's caseload (`caseload.caseload_for`).

Six queries whatever the size of the caseload, each an aggregate or a plain
list over every young person at once: open urgent items, actions,
meetings, failed messages, locked sign-ins and messages families wrote that
no keyworker has opened yet (one line each, "Sent a message", to reply from).
New items from families (counted with the caseload), birthdays and risk
reviews come from the caseload's own rows.

Where the data has no state yet, the worklist says what it uses instead:
- "Check what helps": a meeting in the next 14 days where the family asked
  for support (adjustments). Nothing records that an adjustment is
  confirmed yet, so every request on an upcoming meeting is listed.
- "No outcome recorded": more than 24 hours after a meeting ended, it is
  still planned (not marked held or cancelled), or it was marked held but
  has no outcome recorded.
- "Due soon": an open action with a due date in the next 7 days; a late one
  is "overdue" by the one rule, `portal.services.actions.rules.days_overdue`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from portal.models import (
    Action,
    Contact,
    Direction,
    FamilyInputKind,
    FamilyInputNotice,
    Meeting,
    MeetingKind,
    MeetingReply,
    MeetingStatus,
    MeetingSupportRequest,
    Message,
    MessageStatus,
    StaffUser,
    UrgentAcknowledgement,
)
from portal.services.actions.rules import DUE_SOON, OPEN, days_overdue
from portal.services.records.audit import record_event
from portal.services.records.caseload import (
    MEETING_SOON,
    CaseloadFilter,
    CaseloadRow,
    caseload_for,
)
from portal.timezones import LONDON

OUTCOME_WITHIN = timedelta(hours=24)
BIRTHDAY_SOON = timedelta(days=60)
# Who may decide changes at these ages (DOMAIN.md, "Who may decide").
DECIDING_AGES = (16, 18)
RISK_REVIEW_AFTER_MONTHS = 3


class WorkKind(enum.StrEnum):
    """What needs a person, in the order the worklist shows them."""

    URGENT = "urgent"
    MESSAGE_FAILED = "message_failed"
    SIGN_IN_LOCKED = "sign_in_locked"
    FAMILY_MESSAGE = "family_message"
    FROM_FAMILY = "from_family"
    ACTION_OVERDUE = "action_overdue"
    MEETING_NO_OUTCOME = "meeting_no_outcome"
    MEETING_NO_REPLY = "meeting_no_reply"
    MEETING_SUPPORT = "meeting_support"
    ACTION_DUE = "action_due"
    BIRTHDAY = "birthday"
    RISK_REVIEW = "risk_review"


KIND_ORDER = {kind: index for index, kind in enumerate(WorkKind)}


@dataclass(frozen=True)
class WorkItem:
    kind: WorkKind
    young_person_id: int
    preferred_name: str
    keyworker_name: str | None
    # Since when it has waited, or when it is due, as a day in Europe/London
    # for dates and a moment for events.
    when: date | datetime | None
    # A few words in the portal's own words: an action's "what", a meeting's
    # kind, a count. Never the family's free text.
    detail: str | None = None
    count: int = 1
    meeting_kind: MeetingKind | None = None
    notice_id: int | None = None
    # The meeting or action the line is about, for a link straight to it.
    meeting_id: int | None = None
    action_id: int | None = None
    # For birthdays: the age they will be.
    age: int | None = None

    @property
    def day(self) -> date | None:
        """`when` as a day in Europe/London, for "in 3 days" and "2 days late"."""
        if isinstance(self.when, datetime):
            return self.when.astimezone(LONDON).date()
        return self.when

    @property
    def sort_key(self) -> tuple[int, datetime, int]:
        return (KIND_ORDER[self.kind], _as_moment(self.when), self.young_person_id)


def _as_moment(when: date | datetime | None) -> datetime:
    if when is None:
        return datetime.min.replace(tzinfo=LONDON)
    if isinstance(when, datetime):
        return when.astimezone(LONDON)
    return datetime(when.year, when.month, when.day, tzinfo=LONDON)


# What each query finds: the kind, the young person, when, and the rest.
Found = list[tuple[WorkKind, int, date | datetime | None, dict[str, object]]]


def worklist_for(
    session: Session, caseload: Sequence[CaseloadRow], now: datetime
) -> list[WorkItem]:
    """Everything that needs a person for the young people in `caseload`,
    most urgent first. Six queries, also for an empty caseload."""
    people = {row.young_person_id: row for row in caseload}
    today = now.astimezone(LONDON).date()
    found: Found = []
    ids = list(people)
    found += _urgent(session, ids)
    found += _actions(session, ids, today)
    found += _meetings(session, ids, now)
    found += _failed_messages(session, ids)
    found += _locked_sign_ins(session, ids)
    found += _family_messages(session, ids)
    found += _from_caseload(caseload, today, now)
    items = [
        WorkItem(
            kind=kind,
            young_person_id=person_id,
            preferred_name=people[person_id].preferred_name,
            keyworker_name=people[person_id].keyworker_name,
            when=when,
            **extra,  # type: ignore[arg-type]
        )
        for kind, person_id, when, extra in found
    ]
    items.sort(key=lambda item: item.sort_key)
    return items


def _urgent(session: Session, ids: list[int]) -> Found:
    rows = session.execute(
        select(
            FamilyInputNotice.id, FamilyInputNotice.young_person_id, FamilyInputNotice.created_at
        )
        .outerjoin(UrgentAcknowledgement, UrgentAcknowledgement.notice_id == FamilyInputNotice.id)
        .where(
            FamilyInputNotice.young_person_id.in_(ids),
            FamilyInputNotice.urgent.is_(True),
            UrgentAcknowledgement.id.is_(None),
        )
    )
    return [(WorkKind.URGENT, person, at, {"notice_id": notice}) for notice, person, at in rows]


def _family_messages(session: Session, ids: list[int]) -> Found:
    """Messages to the team no keyworker has opened yet; urgent ones are
    already "needs you now". The sender's name, never the words."""
    rows = session.execute(
        select(
            FamilyInputNotice.id,
            FamilyInputNotice.young_person_id,
            FamilyInputNotice.created_at,
            Contact.name,
        )
        .join(Contact, Contact.id == FamilyInputNotice.contact_id)
        .where(
            FamilyInputNotice.young_person_id.in_(ids),
            FamilyInputNotice.kind == FamilyInputKind.MESSAGE,
            FamilyInputNotice.seen_at.is_(None),
            FamilyInputNotice.urgent.is_(False),
        )
    )
    return [
        (WorkKind.FAMILY_MESSAGE, person, at, {"notice_id": notice, "detail": name})
        for notice, person, at, name in rows
    ]


def _actions(session: Session, ids: list[int], today: date) -> Found:
    """Open actions due by a week today: late ones, and those due soon."""
    rows = session.execute(
        select(Action.id, Action.young_person_id, Action.what, Action.due_on, Action.status).where(
            Action.young_person_id.in_(ids),
            Action.status.in_(OPEN),
            Action.due_on <= today + DUE_SOON,
        )
    )
    return [
        (
            WorkKind.ACTION_OVERDUE if days_overdue(status, due, today) else WorkKind.ACTION_DUE,
            person,
            due,
            {"detail": what, "action_id": action_id},
        )
        for action_id, person, what, due, status in rows
        if due is not None
    ]


def _meetings(session: Session, ids: list[int], now: datetime) -> Found:
    """Planned meetings in the next 14 days with no reply or with support
    asked for; and those that ended over 24 hours ago still planned, or held
    with no outcome recorded."""
    replied = exists().where(MeetingReply.meeting_id == Meeting.id)
    supports = (
        select(func.count(MeetingSupportRequest.id))
        .where(MeetingSupportRequest.meeting_id == Meeting.id)
        .correlate(Meeting)
        .scalar_subquery()
    )
    planned = Meeting.status == MeetingStatus.PLANNED
    rows = session.execute(
        select(
            Meeting.id,
            Meeting.young_person_id,
            Meeting.kind,
            Meeting.starts_at,
            Meeting.status,
            replied,
            supports,
        ).where(
            Meeting.young_person_id.in_(ids),
            or_(
                and_(planned, Meeting.starts_at >= now, Meeting.starts_at <= now + MEETING_SOON),
                and_(
                    Meeting.ends_at < now - OUTCOME_WITHIN,
                    or_(
                        planned,
                        and_(
                            Meeting.status == MeetingStatus.HELD,
                            Meeting.outcome_recorded_at.is_(None),
                        ),
                    ),
                ),
            ),
        )
    )
    found: Found = []
    for meeting_id, person, kind, starts_at, status, has_reply, support_count in rows:
        extra: dict[str, object] = {"meeting_kind": kind, "meeting_id": meeting_id}
        if starts_at < now:
            held = {"detail": "held"} if status is MeetingStatus.HELD else {}
            found.append((WorkKind.MEETING_NO_OUTCOME, person, starts_at, extra | held))
            continue
        if not has_reply:
            found.append((WorkKind.MEETING_NO_REPLY, person, starts_at, extra))
        if support_count:
            found.append(
                (WorkKind.MEETING_SUPPORT, person, starts_at, extra | {"count": support_count})
            )
    return found


def _failed_messages(session: Session, ids: list[int]) -> Found:
    """One line for each young person: messages to their family that failed."""
    rows = session.execute(
        select(Message.young_person_id, func.count(Message.id), func.max(Message.created_at))
        .where(
            Message.young_person_id.in_(ids),
            Message.contact_id.is_not(None),
            Message.direction == Direction.OUTBOUND,
            Message.status == MessageStatus.FAILED,
        )
        .group_by(Message.young_person_id)
    )
    return [
        (WorkKind.MESSAGE_FAILED, person, latest, {"count": n})
        for person, n, latest in rows
        if person is not None
    ]


def _locked_sign_ins(session: Session, ids: list[int]) -> Found:
    rows = session.execute(
        select(Contact.young_person_id, Contact.name, Contact.sign_in_locked_at).where(
            Contact.young_person_id.in_(ids), Contact.sign_in_locked_at.is_not(None)
        )
    )
    return [(WorkKind.SIGN_IN_LOCKED, person, at, {"detail": name}) for person, name, at in rows]


def _from_caseload(caseload: Sequence[CaseloadRow], today: date, now: datetime) -> Found:
    """New items from the family (one line for each young person, since the
    oldest), birthdays that change who may decide, and risk ratings not
    reviewed for 3 months (or never): from the caseload's rows, no query."""
    found: Found = []
    review_before = months_before(now, RISK_REVIEW_AFTER_MONTHS)
    for row in caseload:
        if row.new_from_family:
            since = row.new_from_family_since
            found.append(
                (WorkKind.FROM_FAMILY, row.young_person_id, since, {"count": row.new_from_family})
            )
        for age in DECIDING_AGES:
            birthday = birthday_at(row.date_of_birth, age)
            if today <= birthday <= today + BIRTHDAY_SOON:
                found.append((WorkKind.BIRTHDAY, row.young_person_id, birthday, {"age": age}))
        reviewed = row.risk_rating_reviewed_at
        if reviewed is None or reviewed < review_before:
            found.append((WorkKind.RISK_REVIEW, row.young_person_id, reviewed, {}))
    return found


def birthday_at(date_of_birth: date, age: int) -> date:
    """The day someone turns `age`; someone born on 29 February turns it on
    1 March in a year that has none."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:
        return date(date_of_birth.year + age, 3, 1)


def months_before(moment: datetime, months: int) -> datetime:
    """The same time `months` calendar months earlier (the month's last day
    where the day does not exist)."""
    month_index = moment.month - 1 - months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def counts_by_person(items: Sequence[WorkItem]) -> dict[int, int]:
    """How many worklist lines each young person has, for the caseload."""
    counts: dict[int, int] = {}
    for item in items:
        counts[item.young_person_id] = counts.get(item.young_person_id, 0) + 1
    return counts


WORKLIST_VIEWED = "worklist.viewed"


@dataclass(frozen=True)
class StaffHome:
    """The staff home: the worklist, and the caseload with each young
    person's count of worklist lines. Both narrowed by the same filter."""

    worklist: Sequence[WorkItem]
    caseload: Sequence[CaseloadRow]
    counts: dict[int, int]
    # Everyone before the filter, to say "3 of 40 young people".
    caseload_size: int


def staff_home(
    session: Session, user: StaffUser, now: datetime, wanted: CaseloadFilter | None = None
) -> StaffHome:
    """Nine queries whatever the caseload's size: the caseload (two), the
    worklist (six) and the audit event. Does not commit."""
    everyone = caseload_for(session, user, now)
    wanted = wanted or CaseloadFilter()
    caseload = [row for row in everyone if wanted.keeps(row, now)]
    worklist = worklist_for(session, caseload, now)
    record_event(
        session, WORKLIST_VIEWED, staff_user=user, shown=len(caseload), filtered=wanted.is_set
    )
    return StaffHome(
        worklist=worklist,
        caseload=caseload,
        counts=counts_by_person(worklist),
        caseload_size=len(everyone),
    )
