"""Changing or reviewing a young person's risk rating (Dynamic Support
Register: red, amber, green). Each decision needs a reason and is kept in
`risk_rating_changes`, which is never changed; the current rating stays on
`young_people`.

The rating is changed with a conditional UPDATE on the rating the form
showed, in the same transaction as its history row: of two people changing
the same rating at once, one succeeds and the other is told what it is now.
A review that keeps the rating is recorded the same way (from and to the
same rating), so ratings not looked at for three months can be found.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from portal.models import RiskRating, RiskRatingChange, StaffUser, YoungPerson
from portal.services.records.audit import record_event

REASON_MAX_LENGTH = 1000

RISK_RATING_CHANGED = "risk_rating.changed"
RISK_RATING_REVIEWED = "risk_rating.reviewed"
RISK_RATING_REFUSED = "risk_rating.save_refused"


class ReasonMissing(ValueError):
    """A change or review of the rating needs a reason."""


class ReasonTooLong(ValueError):
    pass


class RatingChangedMeanwhile(Exception):
    """The rating is no longer the one the form showed: nothing was saved."""

    def __init__(self, expected: RiskRating | None, current: RiskRating | None) -> None:
        super().__init__(expected, current)
        self.expected = expected
        self.current = current


def decide_risk_rating(
    session: Session,
    person: YoungPerson,
    *,
    expected: RiskRating | None,
    rating: RiskRating,
    reason: str,
    now: datetime,
    by: StaffUser,
    ip_address: str | None = None,
) -> RiskRatingChange:
    """Set `person`'s rating to `rating` (the same as `expected`: a review
    without change), if it is still `expected`. Raises ReasonMissing,
    ReasonTooLong or RatingChangedMeanwhile having saved nothing (but the
    audit event of a refusal). Flushes; the caller's unit of work commits."""
    reason = reason.strip()
    if not reason:
        raise ReasonMissing()
    if len(reason) > REASON_MAX_LENGTH:
        raise ReasonTooLong()
    saved = _set_if_still(session, person, expected, rating, reason, now)
    session.refresh(person)
    if not saved:
        record_event(
            session,
            RISK_RATING_REFUSED,
            staff_user=by,
            young_person_id=person.id,
            ip_address=ip_address,
            expected=expected.value if expected else None,
            current=person.risk_rating.value if person.risk_rating else None,
        )
        raise RatingChangedMeanwhile(expected, person.risk_rating)
    change = RiskRatingChange(
        young_person_id=person.id,
        from_rating=expected,
        to_rating=rating,
        reason=reason,
        changed_by_id=by.id,
        changed_at=now,
    )
    session.add(change)
    session.flush()
    record_event(
        session,
        RISK_RATING_REVIEWED if change.is_review else RISK_RATING_CHANGED,
        staff_user=by,
        young_person_id=person.id,
        ip_address=ip_address,
        from_rating=expected.value if expected else None,
        to_rating=rating.value,
        change_id=change.id,
    )
    return change


def _set_if_still(
    session: Session,
    person: YoungPerson,
    expected: RiskRating | None,
    rating: RiskRating,
    reason: str,
    now: datetime,
) -> bool:
    """The conditional UPDATE: only while the rating is still `expected`."""
    values: dict[str, object] = {"risk_rating_reviewed_at": now}
    if rating != expected:
        values |= {
            "risk_rating": rating,
            "risk_rating_changed_at": now,
            "risk_rating_reason": reason,
        }
    was = (
        YoungPerson.risk_rating.is_(None)
        if expected is None
        else YoungPerson.risk_rating == expected
    )
    result = session.execute(
        update(YoungPerson)
        .where(YoungPerson.id == person.id, was)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def risk_rating_history(session: Session, young_person_id: int) -> Sequence[RiskRatingChange]:
    """Every change and review of the rating, newest first, with who made it."""
    return session.scalars(
        select(RiskRatingChange)
        .where(RiskRatingChange.young_person_id == young_person_id)
        .order_by(RiskRatingChange.changed_at.desc(), RiskRatingChange.id.desc())
        .options(selectinload(RiskRatingChange.changed_by))
    ).all()
