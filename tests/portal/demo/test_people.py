"""Each demo young person is the age the demo says, whatever the day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.demo.people import DEMO_YOUNG_PEOPLE, birthday_for_age
from portal.models import YoungPerson


@pytest.mark.parametrize(
    "today",
    [
        date(2025, 1, 1),
        date(2025, 6, 15),
        date(2025, 11, 1),
        date(2025, 12, 31),
        date(2024, 2, 29),
        date(2028, 1, 30),  # Sam's next birthday would be 29 February
    ],
)
def test_everyone_is_their_age_today_and_stays_it_for_four_weeks(today: date) -> None:
    for index, spec in enumerate(DEMO_YOUNG_PEOPLE):
        person = YoungPerson(date_of_birth=birthday_for_age(spec.age, today, index))
        assert person.age_on(today) == spec.age, (spec.preferred_name, today)
        assert person.age_on(today + timedelta(days=28)) == spec.age, (spec.preferred_name, today)


def test_a_birthday_on_29_february_moves_to_the_28th_in_other_years() -> None:
    # 30 days after 30 January 2028 is 29 February; 2010 has no 29 February.
    assert birthday_for_age(17, date(2028, 1, 30), 0) == date(2010, 2, 28)


def test_the_demo_covers_every_age_that_changes_the_rules() -> None:
    ages = {spec.age for spec in DEMO_YOUNG_PEOPLE}
    assert min(ages) < 11  # no access of their own yet
    assert any(11 <= age < 16 for age in ages)  # parental responsibility decides
    assert {16, 17} <= ages  # decides for themselves, parent sees only if agreed
    assert any(age >= 18 for age in ages)  # an adult
