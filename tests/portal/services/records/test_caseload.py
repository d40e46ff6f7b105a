"""The caseload's order: what needs attention first, then names as people read them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from portal.models import RiskRating, utc_now
from portal.services.records.caseload import caseload_for
from tests.support.factories import make_staff_user, make_team, make_young_person


def test_the_caseload_is_red_amber_green_then_not_rated_and_by_name_in_each(
    session: Session,
) -> None:
    team = make_team(session)
    keyworker = make_staff_user(session, team=team)
    # Added in an order that matches none of the expected ones.
    added = [
        ("zara", RiskRating.GREEN),
        ("Ben", None),
        ("amir", RiskRating.RED),
        ("Sam", RiskRating.AMBER),
        ("Mo", RiskRating.RED),
        ("Ada", RiskRating.GREEN),
        ("ben", RiskRating.AMBER),
        ("Alex", None),
        ("Sam", RiskRating.AMBER),
    ]
    ids = {}
    for index, (name, rating) in enumerate(added):
        person = make_young_person(
            session, team=team, keyworker=keyworker, preferred_name=name, risk_rating=rating
        )
        ids[index] = person.id

    rows = caseload_for(session, keyworker, utc_now())

    assert [(row.preferred_name, row.risk_rating) for row in rows] == [
        ("amir", RiskRating.RED),
        ("Mo", RiskRating.RED),
        ("ben", RiskRating.AMBER),
        ("Sam", RiskRating.AMBER),
        ("Sam", RiskRating.AMBER),
        ("Ada", RiskRating.GREEN),
        ("zara", RiskRating.GREEN),
        ("Alex", None),
        ("Ben", None),
    ]
    # Two of the same name stay in the order they were added.
    sams = [row.young_person_id for row in rows if row.preferred_name == "Sam"]
    assert sams == [ids[3], ids[8]]
