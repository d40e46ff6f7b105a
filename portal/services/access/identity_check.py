"""The date of birth check after a family member uses a link.

A link shows that someone can read the contact's texts or emails. On a shared
or lost phone that is not enough, so before signing in they give the young
person's date of birth (their own, for a young person).

- A wrong date counts against the contact, on every link, until a right
  answer or a new invitation from staff. `max_failures` wrong dates in a row
  (5) lock sign-in: the link stops working, no link can be asked for, the
  contact's sessions end, and the keyworker sees a warning on their caseload
  and the record. Staff lift the lock by sending a new invitation.
- Answers sent at the same moment are judged one at a time, and never more
  than `max_failures` wrong ones (portal.services.access.identity_tries).
- Dates that are not real dates are explained and never counted.
- A carer of more than one young person is one person with a row for each
  (portal.services.access.switching) and gets one link. The date of birth
  of any young person whose pages they may open today is right: they are
  signed in as that row, then choose whose pages to open. A wrong date is
  one try, counted on the link's row; when the tries run out, every row of
  the person is locked, so another row's link cannot start the count again.
- Staff can record a reasonable adjustment to skip the check for a named
  contact, with a reason. Recording and removing it are audited.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from portal.models import AccessLink, Contact, Relationship, StaffUser
from portal.services.access.identity_tries import (
    IDENTITY_CHECK_FAILED,
    IDENTITY_CHECK_LOCKED,
    IDENTITY_CHECK_PASSED,
    clear_tries,
    count_wrong_answer,
    lock_sign_in,
    take_a_try,
)
from portal.services.access.links import FAMILY_SIGNED_IN, LinkSettings, refused_access
from portal.services.access.staff import require_visible
from portal.services.access.switching import other_young_peoples_rows
from portal.services.records.audit import record_event

__all__ = [
    "IDENTITY_CHECK_FAILED",
    "IDENTITY_CHECK_LOCKED",
    "IDENTITY_CHECK_PASSED",
    "DateNotValid",
    "DateProblem",
    "IdentityOutcome",
    "IdentityResult",
    "ReasonNotValid",
    "answers_for_several",
    "asks_about_self",
    "check_date_of_birth",
    "parse_date_parts",
    "pending_identity_check",
    "record_identity_check_skip",
    "remove_identity_check_skip",
    "tries_left",
]

SKIP_RECORDED = "contact.identity_check_skip.recorded"
SKIP_REMOVED = "contact.identity_check_skip.removed"

REASON_MAX_LENGTH = 500
EARLIEST_YEAR = 1900


# Reading the date


class DateProblem(enum.StrEnum):
    MISSING = "missing"
    PART_MISSING = "part_missing"
    NOT_NUMBERS = "not_numbers"
    YEAR_NOT_4_DIGITS = "year_not_4_digits"
    NOT_REAL = "not_real"
    IN_FUTURE = "in_future"


class DateNotValid(ValueError):
    def __init__(self, problem: DateProblem, fields: tuple[str, ...]) -> None:
        super().__init__(problem.value)
        self.problem = problem
        # Which of "day", "month" and "year" to mark, in that order.
        self.fields = fields


def parse_date_parts(day: str | None, month: str | None, year: str | None, today: date) -> date:
    """The date in three boxes, as the GOV.UK and NHS date pattern asks for it.
    Raises DateNotValid with what is wrong and which boxes to mark."""
    parts = {
        "day": (day or "").strip(),
        "month": (month or "").strip(),
        "year": (year or "").strip(),
    }
    empty = tuple(name for name, value in parts.items() if not value)
    if len(empty) == 3:
        raise DateNotValid(DateProblem.MISSING, empty)
    if empty:
        raise DateNotValid(DateProblem.PART_MISSING, empty)
    not_numbers = tuple(
        name for name, value in parts.items() if not (value.isascii() and value.isdigit())
    )
    if not_numbers:
        raise DateNotValid(DateProblem.NOT_NUMBERS, not_numbers)
    if len(parts["year"]) != 4:
        raise DateNotValid(DateProblem.YEAR_NOT_4_DIGITS, ("year",))
    day_number, month_number, year_number = (int(parts[name]) for name in ("day", "month", "year"))
    if year_number < EARLIEST_YEAR:
        raise DateNotValid(DateProblem.NOT_REAL, ("year",))
    if not 1 <= month_number <= 12:
        raise DateNotValid(DateProblem.NOT_REAL, ("month",))
    try:
        answer = date(year_number, month_number, day_number)
    except ValueError:
        raise DateNotValid(DateProblem.NOT_REAL, ("day",)) from None
    if answer > today:
        raise DateNotValid(DateProblem.IN_FUTURE, ("day", "month", "year"))
    return answer


# The check


class IdentityOutcome(enum.StrEnum):
    PASSED = "passed"
    WRONG = "wrong"
    # That wrong answer locked sign-in; or sign-in was locked already (by an
    # answer sent at the same moment), and this one was not judged.
    LOCKED = "locked"
    # Right answer, but the contact may no longer use the portal, or the link
    # was passed already (the same page sent twice).
    REFUSED = "refused"


@dataclass(frozen=True)
class IdentityResult:
    outcome: IdentityOutcome
    contact_id: int
    # After a wrong answer: how many more tries before sign-in locks.
    tries_left: int = 0


def pending_identity_check(
    session: Session,
    *,
    link_id: object,
    contact_id: object,
    started_at: object,
    now: datetime,
    time_limit: timedelta,
) -> AccessLink | None:
    """The link whose check this session is waiting for, from what the
    session holds, if the check can still be answered. None otherwise."""
    if not isinstance(link_id, int) or not isinstance(contact_id, int):
        return None
    if not isinstance(started_at, str):
        return None
    try:
        started = datetime.fromisoformat(started_at)
    except ValueError:
        return None
    if started.tzinfo is None or started + time_limit <= now:
        return None
    link = session.get(AccessLink, link_id)
    if (
        link is None
        or link.contact_id != contact_id
        or link.used_at is None
        or link.identity_confirmed_at is not None
        or link.locked_at is not None
        or link.contact.sign_in_locked_at is not None
    ):
        return None
    return link


def asks_about_self(link: AccessLink) -> bool:
    """Whether the person answering is the young person (asked for their own
    date of birth) rather than someone in their family."""
    return link.contact.relation is Relationship.SELF


def tries_left(link: AccessLink, max_failures: int) -> int:
    """How many more wrong dates before sign-in locks."""
    return max(max_failures - link.contact.identity_check_failures, 0)


def check_date_of_birth(
    session: Session,
    link: AccessLink,
    answer: date,
    now: datetime,
    today: date,
    settings: LinkSettings,
    *,
    max_failures: int,
    ip_address: str | None = None,
) -> IdentityResult:
    """Compare `answer` with the date of birth of each young person whose
    pages the link's person may open (the link's own first). The answer takes
    a try first (portal.services.access.identity_tries), so answers sent at
    the same moment are judged one at a time and at most `max_failures` wrong
    ones are judged; once sign-in is locked, nothing is. A wrong answer is
    counted in this transaction: the caller answers below 500, so the request
    saves the count with the page that says so. `contact_id` of a passed
    result is the row to sign in as."""
    contact = link.contact
    tries = take_a_try(
        session, contact, now, max_failures=max_failures, ip_address=ip_address, link_id=link.id
    )
    if tries is None:
        return IdentityResult(IdentityOutcome.LOCKED, contact.id)
    if answer == contact.young_person.date_of_birth:
        return _passed(session, link, contact, contact, now, today, settings, ip_address)
    others = _other_rows(session, contact, today, settings)
    for other in others:
        if answer == other.young_person.date_of_birth:
            return _passed(session, link, contact, other, now, today, settings, ip_address)
    session.execute(
        update(AccessLink)
        .where(AccessLink.id == link.id)
        .values(identity_failures=AccessLink.identity_failures + 1)
        .execution_options(synchronize_session="fetch")
    )
    if not count_wrong_answer(
        session,
        contact,
        tries,
        now,
        max_failures=max_failures,
        ip_address=ip_address,
        link_id=link.id,
    ):
        return IdentityResult(IdentityOutcome.WRONG, contact.id, tries_left=max_failures - tries)
    link.locked_at = now
    for other in others:
        lock_sign_in(
            session, other, now, failures=tries, ip_address=ip_address, locked_with=contact.id
        )
    return IdentityResult(IdentityOutcome.LOCKED, contact.id)


def answers_for_several(
    session: Session, link: AccessLink, today: date, settings: LinkSettings
) -> bool:
    """Whether the link's person may give the date of birth of more than one
    young person (the check page says so)."""
    return bool(_other_rows(session, link.contact, today, settings))


def _other_rows(
    session: Session, contact: Contact, today: date, settings: LinkSettings
) -> list[Contact]:
    return other_young_peoples_rows(
        session, contact, today, minimum_own_access_age=settings.minimum_own_access_age
    )


def _passed(
    session: Session,
    link: AccessLink,
    counted: Contact,
    matched: Contact,
    now: datetime,
    today: date,
    settings: LinkSettings,
    ip_address: str | None,
) -> IdentityResult:
    # All conditional, at the moment of signing in: a lock set by another
    # request wins, and a link is passed once (a page sent twice signs in once).
    if not clear_tries(session, counted):
        return IdentityResult(IdentityOutcome.LOCKED, counted.id)
    if matched is not counted and not clear_tries(session, matched):
        return IdentityResult(IdentityOutcome.LOCKED, counted.id)
    confirmed = session.execute(
        update(AccessLink)
        .where(
            AccessLink.id == link.id,
            AccessLink.identity_confirmed_at.is_(None),
            AccessLink.locked_at.is_(None),
        )
        .values(identity_confirmed_at=now)
        .returning(AccessLink.id),
        execution_options={"synchronize_session": False},
    ).scalar_one_or_none()
    session.expire(link, ["identity_confirmed_at"])
    if confirmed is None:
        return IdentityResult(IdentityOutcome.REFUSED, counted.id)
    record_event(
        session, IDENTITY_CHECK_PASSED, contact=matched, ip_address=ip_address, link_id=link.id
    )
    # Access is decided again: the rules may have changed since the link was
    # used. (Another young person's row was allowed a moment ago.)
    if matched is counted and refused_access(session, link, today, settings, ip_address):
        return IdentityResult(IdentityOutcome.REFUSED, counted.id)
    record_event(
        session,
        FAMILY_SIGNED_IN,
        contact=matched,
        ip_address=ip_address,
        link_id=link.id,
        identity_check="passed",
    )
    return IdentityResult(IdentityOutcome.PASSED, matched.id)


# The reasonable adjustment


class ReasonNotValid(ValueError):
    """A reasonable adjustment needs a reason of 500 characters or fewer."""


def record_identity_check_skip(
    session: Session,
    contact: Contact,
    reason: str,
    now: datetime,
    *,
    by: StaffUser,
    ip_address: str | None = None,
) -> Contact:
    """Staff record that `contact` is not asked the date of birth, and why.
    Raises NotVisible (`by` may not see the young person) or ReasonNotValid."""
    require_visible(session, by, contact.young_person_id)
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX_LENGTH:
        raise ReasonNotValid(reason)
    contact.identity_check_skip_reason = reason
    contact.identity_check_skip_set_by_id = by.id
    contact.identity_check_skip_set_at = now
    record_event(
        session,
        SKIP_RECORDED,
        staff_user=by,
        young_person_id=contact.young_person_id,
        ip_address=ip_address,
        contact_id=contact.id,
        reason=reason,
    )
    return contact


def remove_identity_check_skip(
    session: Session, contact: Contact, *, by: StaffUser, ip_address: str | None = None
) -> Contact:
    """Staff ask `contact` the date of birth again. Raises NotVisible."""
    require_visible(session, by, contact.young_person_id)
    contact.identity_check_skip_reason = None
    contact.identity_check_skip_set_by_id = None
    contact.identity_check_skip_set_at = None
    record_event(
        session,
        SKIP_REMOVED,
        staff_user=by,
        young_person_id=contact.young_person_id,
        ip_address=ip_address,
        contact_id=contact.id,
    )
    return contact
