"""The twelve fictional young people on the demo team's register.

Ages run from 8 to 24, so the demo shows the access and consent rules at each
age that changes them (under 16, 16 and 17, adults). There is no staff page
for adding a young person yet, so each is built as a row here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from portal.models import (
    CommunicationNeed,
    CommunicationNeedType,
    Contact,
    RegisterStatus,
    RiskRating,
    RiskRatingChange,
    StaffUser,
    Team,
    YoungPerson,
)


@dataclass(frozen=True)
class DemoYoungPerson:
    legal_name: str
    preferred_name: str
    age: int
    keyworker: int  # index into portal.demo.staff.DEMO_STAFF
    risk: RiskRating
    pronouns: str | None = None
    needs: tuple[CommunicationNeedType, ...] = ()


DEMO_YOUNG_PEOPLE = (
    DemoYoungPerson(
        "Samuel Testfield",
        "Sam",
        17,
        0,
        RiskRating.AMBER,
        "he/him",
        (CommunicationNeedType.EASY_READ, CommunicationNeedType.TEXT_NOT_PHONE),
    ),
    DemoYoungPerson(
        "Olivia Sampleton",
        "Liv",
        12,
        0,
        RiskRating.RED,
        "she/her",
        (CommunicationNeedType.EASY_READ, CommunicationNeedType.VISUAL_TIMETABLE),
    ),
    DemoYoungPerson(
        "Jordan Exampleby",
        "Jordan",
        21,
        0,
        RiskRating.AMBER,
        "they/them",
        (CommunicationNeedType.PERSON_TO_HELP_READ,),
    ),
    DemoYoungPerson(
        "Amir Demoworth", "Amir", 8, 0, RiskRating.GREEN, None, (CommunicationNeedType.QUIET_ROOM,)
    ),
    DemoYoungPerson("Chloe Mockridge", "Chloe", 15, 1, RiskRating.AMBER, "she/her"),
    DemoYoungPerson(
        "Daniel Placeholt",
        "Danny",
        19,
        1,
        RiskRating.GREEN,
        "he/him",
        (CommunicationNeedType.LONGER_APPOINTMENTS,),
    ),
    DemoYoungPerson("Grace Fictionley", "Grace", 24, 1, RiskRating.GREEN, "she/her"),
    DemoYoungPerson(
        "Kai Specimen",
        "Kai",
        14,
        1,
        RiskRating.RED,
        "he/him",
        (CommunicationNeedType.BSL_INTERPRETER,),
    ),
    DemoYoungPerson("Leah Dummett", "Leah", 16, 2, RiskRating.AMBER, "she/her"),
    DemoYoungPerson("Mohammed Notreal", "Mo", 10, 2, RiskRating.GREEN, "he/him"),
    DemoYoungPerson(
        "Niamh Pretendale",
        "Niamh",
        18,
        2,
        RiskRating.RED,
        "she/her",
        (CommunicationNeedType.EASY_READ,),
    ),
    DemoYoungPerson("Ellis Madeupson", "Ellis", 23, 2, RiskRating.AMBER, "he/him"),
)


@dataclass(frozen=True)
class DemoFamily:
    """A demo young person once added, with their keyworker and contacts
    (the young person's own contact first, when they have one)."""

    spec: DemoYoungPerson
    index: int
    person: YoungPerson
    keyworker: StaffUser
    contacts: Sequence[Contact]


# A carer of two young people (see portal.demo.contacts).
KINSHIP_CARER_NAME = "Jamie Carer-Demo"
KINSHIP_CARER_OF = ("Amir", "Mo")


def birthday_for_age(age: int, today: date, offset_days: int) -> date:
    """A date of birth that makes someone `age` today, with their next
    birthday four weeks or more away (further for a larger `offset_days`),
    so nobody in the demo changes age while it is being shown."""
    birthday_this_year = today + timedelta(days=30 + offset_days * 17)
    year = today.year - age - (1 if birthday_this_year.year == today.year else 0)
    try:
        return birthday_this_year.replace(year=year)
    except ValueError:  # 29 February
        return birthday_this_year.replace(year=year, day=28)


def add_demo_young_person(
    session: Session,
    spec: DemoYoungPerson,
    index: int,
    *,
    team: Team,
    keyworker: StaffUser,
    today: date,
    now: datetime,
) -> YoungPerson:
    """Add the `index`th demo young person to the register, with `keyworker`
    allocated, a risk rating changed a week or so ago (with its history) and
    communication needs due for review (the first person's review is late)."""
    changed_at = now - timedelta(days=7 + index)
    person = YoungPerson(
        legal_name=spec.legal_name,
        preferred_name=spec.preferred_name,
        date_of_birth=birthday_for_age(spec.age, today, index),
        pronouns=spec.pronouns,
        register_status=RegisterStatus.ON_REGISTER,
        risk_rating=spec.risk,
        risk_rating_changed_at=changed_at,
        risk_rating_reason=CHANGE_REASON,
        keyworker=keyworker,
        team=team,
        preferred_language="en",
        communication_needs=[CommunicationNeed(need=need) for need in spec.needs],
        communication_review_on=_review_on(spec, index, today),
    )
    session.add(person)
    session.flush()
    _add_risk_history(session, person, keyworker, changed_at, index)
    return person


CHANGE_REASON = "Discussed at the register review meeting (demo)."
# The rating each had before its latest change.
_BEFORE = {
    RiskRating.RED: RiskRating.AMBER,
    RiskRating.AMBER: RiskRating.GREEN,
    RiskRating.GREEN: RiskRating.AMBER,
}


def _review_on(spec: DemoYoungPerson, index: int, today: date) -> date | None:
    """When to review the needs: the first person's review is 12 days late."""
    if not spec.needs:
        return None
    return today - timedelta(days=12) if index == 0 else today + timedelta(days=30 + 21 * index)


def _add_risk_history(
    session: Session, person: YoungPerson, keyworker: StaffUser, changed_at: datetime, index: int
) -> None:
    """A first rating when they joined the register, the latest change, and
    for every third person a review since that kept the rating."""
    rating = person.risk_rating
    assert rating is not None
    joined = changed_at - timedelta(days=150)
    rows = [
        (None, _BEFORE[rating], joined, "Rated when they joined the register (demo)."),
        (_BEFORE[rating], rating, changed_at, CHANGE_REASON),
    ]
    if index % 3 == 0:
        reviewed_at = changed_at + timedelta(days=3)
        rows.append((rating, rating, reviewed_at, "Checked with the family by phone (demo)."))
    for before, after, at, reason in rows:
        session.add(
            RiskRatingChange(
                young_person_id=person.id,
                from_rating=before,
                to_rating=after,
                reason=reason,
                changed_by_id=keyworker.id,
                changed_at=at,
            )
        )
    person.risk_rating_reviewed_at = rows[-1][2]
