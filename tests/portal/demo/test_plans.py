"""Each demo plan has a history: two versions of the same actions, in words
that fit the young person's age and pass the easy-read checker."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.plans import PLAN_TEXT_BY_AGE, plan_text_for
from portal.demo.seed import seed_demo_data
from portal.models import Plan, PlanVersion, YoungPerson
from portal.services.easy_read.review import review_family_text
from portal.timezones import london_today

# Words that only fit some ages: (youngest, oldest) who may have them.
AGE_WORDS = {
    "school": (4, 18),
    "teacher": (4, 18),
    "toys": (0, 12),
    "college": (16, 25),
    "job": (18, 25),
    "work": (18, 25),
    "flat": (18, 25),
    "support worker": (18, 25),
}


def test_every_plan_has_two_versions_of_the_same_actions(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    plans = session.scalars(select(Plan)).all()
    assert len(plans) == 12
    for plan in plans:
        versions = session.scalars(
            select(PlanVersion).where(PlanVersion.plan_id == plan.id).order_by(PlanVersion.number)
        ).all()
        assert [v.number for v in versions] == [1, 2]
        assert versions[0].created_at < versions[1].created_at
        first, second = ({a.action_key for a in v.actions} for v in versions)
        assert len(first) == 3 and first == second
        for version in versions:
            person = session.get(YoungPerson, plan.young_person_id)
            assert person is not None
            expected = plan_text_for(person.age_on(london_today()))
            assert {s.kind: s.body for s in version.sections} == expected
            hidden = [a.what for a in version.actions if not a.visible_to_family]
            assert hidden == ["Review medication with the psychiatrist."]


def test_every_plan_uses_words_that_fit_the_young_persons_age(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    today = london_today()
    checked = set()
    for plan in session.scalars(select(Plan)):
        person = session.get(YoungPerson, plan.young_person_id)
        assert person is not None
        age = person.age_on(today)
        for version in plan.versions:
            for section in version.sections:
                for word, (youngest, oldest) in AGE_WORDS.items():
                    if re.search(rf"\b{word}\b", section.body, re.IGNORECASE):
                        assert youngest <= age <= oldest, (person.preferred_name, age, word)
                        checked.add(word)
    assert {"school", "college", "job"} <= checked  # the test looked at each band


def test_every_band_of_plan_text_is_easy_read() -> None:
    for _youngest, text in PLAN_TEXT_BY_AGE:
        for kind, body in text.items():
            assert not review_family_text(body, "en").has_errors, (kind, body)
