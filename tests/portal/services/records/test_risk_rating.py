"""Changing or reviewing the risk rating: a reason every time, history kept
in risk_rating_changes, the rating on young_people changed in the same
transaction only from the rating the form showed, and exactly one of many
simultaneous changes from the same rating saved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import AuditEvent, RiskRating, RiskRatingChange, StaffUser, YoungPerson
from portal.services.records.risk_rating import (
    RISK_RATING_CHANGED,
    RISK_RATING_REFUSED,
    RISK_RATING_REVIEWED,
    RatingChangedMeanwhile,
    ReasonMissing,
    ReasonTooLong,
    decide_risk_rating,
    risk_rating_history,
)
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.factories import make_staff_user, make_team, make_young_person

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def _person(
    session: Session, rating: RiskRating | None = RiskRating.AMBER
) -> tuple[YoungPerson, StaffUser]:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker, risk_rating=rating)
    session.commit()
    return person, keyworker


def _decide(
    session: Session,
    person: YoungPerson,
    by: StaffUser,
    expected: RiskRating | None,
    rating: RiskRating,
    reason: str = "Seen at the register review.",
    now: datetime = NOW,
) -> RiskRatingChange:
    return decide_risk_rating(
        session, person, expected=expected, rating=rating, reason=reason, now=now, by=by
    )


def _changes(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(RiskRatingChange)) or 0


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_a_change_needs_a_reason(session: Session, reason: str) -> None:
    person, keyworker = _person(session)
    with pytest.raises(ReasonMissing):
        _decide(session, person, keyworker, RiskRating.AMBER, RiskRating.RED, reason)
    session.commit()
    session.refresh(person)
    assert person.risk_rating is RiskRating.AMBER
    assert _changes(session) == 0


def test_a_reason_has_a_length_limit(session: Session) -> None:
    person, keyworker = _person(session)
    _decide(session, person, keyworker, RiskRating.AMBER, RiskRating.RED, "x" * 1000)
    with pytest.raises(ReasonTooLong):
        _decide(session, person, keyworker, RiskRating.RED, RiskRating.GREEN, "x" * 1001)
    assert _changes(session) == 1


def test_a_change_sets_the_rating_and_keeps_its_history(session: Session) -> None:
    person, keyworker = _person(session)
    change = _decide(session, person, keyworker, RiskRating.AMBER, RiskRating.RED, " Crisis. ")
    session.commit()

    session.expire_all()
    saved = session.get(YoungPerson, person.id)
    assert saved is not None
    assert saved.risk_rating is RiskRating.RED
    assert saved.risk_rating_reason == "Crisis."
    assert saved.risk_rating_changed_at == NOW and saved.risk_rating_reviewed_at == NOW
    [row] = risk_rating_history(session, person.id)
    assert (row.id, row.from_rating, row.to_rating, row.reason) == (
        change.id,
        RiskRating.AMBER,
        RiskRating.RED,
        "Crisis.",
    )
    assert (row.changed_by.id, row.changed_at, row.is_review) == (keyworker.id, NOW, False)
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == RISK_RATING_CHANGED)
    ).one()
    assert (event.actor_staff_id, event.young_person_id) == (keyworker.id, person.id)
    assert event.detail == {"from_rating": "amber", "to_rating": "red", "change_id": change.id}


def test_a_review_without_change_is_recorded_and_keeps_when_it_last_changed(
    session: Session,
) -> None:
    person, keyworker = _person(session)
    changed_at = person.risk_rating_changed_at
    later = NOW + timedelta(days=90)
    review = _decide(session, person, keyworker, RiskRating.AMBER, RiskRating.AMBER, now=later)
    session.commit()

    session.expire_all()
    saved = session.get(YoungPerson, person.id)
    assert saved is not None
    assert saved.risk_rating is RiskRating.AMBER and saved.risk_rating_reason == "Test reason"
    assert saved.risk_rating_changed_at == changed_at
    assert saved.risk_rating_reviewed_at == later
    assert review.is_review
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == RISK_RATING_REVIEWED)
    ).one()
    assert event.detail["to_rating"] == "amber"


def test_a_first_rating_is_from_none(session: Session) -> None:
    person, keyworker = _person(session, rating=None)
    first = _decide(session, person, keyworker, None, RiskRating.GREEN)
    session.commit()
    assert first.from_rating is None and not first.is_review
    assert person.risk_rating is RiskRating.GREEN


def test_a_change_from_a_rating_that_is_no_longer_current_is_refused(session: Session) -> None:
    person, keyworker = _person(session)
    _decide(session, person, keyworker, RiskRating.AMBER, RiskRating.RED)
    session.commit()
    with pytest.raises(RatingChangedMeanwhile) as found:
        _decide(session, person, keyworker, RiskRating.AMBER, RiskRating.GREEN)
    session.commit()
    assert (found.value.expected, found.value.current) == (RiskRating.AMBER, RiskRating.RED)
    assert person.risk_rating is RiskRating.RED
    assert _changes(session) == 1
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == RISK_RATING_REFUSED)
    ).one()
    assert event.detail == {"expected": "amber", "current": "red"}


def test_twenty_changes_at_once_from_the_same_rating_save_exactly_one(
    app: Flask, session: Session
) -> None:
    person, keyworker = _person(session)
    person_id, keyworker_id = person.id, keyworker.id
    session.close()
    engine = db.engine

    def change(own: Session, index: int) -> str:
        mine = own.get(YoungPerson, person_id)
        by = own.get(StaffUser, keyworker_id)
        assert mine is not None and by is not None
        rating = RiskRating.RED if index % 2 else RiskRating.GREEN
        try:
            _decide(own, mine, by, RiskRating.AMBER, rating, f"Reason {index}")
        except RatingChangedMeanwhile:
            return "refused"
        return rating.value

    results = at_once_in_transactions(engine, change)

    saved = [result for result in results if result != "refused"]
    assert len(saved) == 1 and results.count("refused") == AT_ONCE - 1
    session.expire_all()
    assert _changes(session) == 1
    [row] = risk_rating_history(session, person_id)
    current = session.get(YoungPerson, person_id)
    assert current is not None
    assert current.risk_rating == row.to_rating == RiskRating(saved[0])
    assert current.risk_rating_reason == row.reason
    counts = dict(
        session.execute(
            select(AuditEvent.action, func.count())
            .where(AuditEvent.action.in_([RISK_RATING_CHANGED, RISK_RATING_REFUSED]))
            .group_by(AuditEvent.action)
        ).all()
    )
    assert counts == {RISK_RATING_CHANGED: 1, RISK_RATING_REFUSED: AT_ONCE - 1}
