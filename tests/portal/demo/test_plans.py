"""Each demo plan has a history (two versions) in words that fit the young
person's age and pass the easy-read checker, and each demo young person has
actions that fit their age, in a mix of statuses."""

from __future__ import annotations

import re
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.plans import PLAN_TEXT_BY_AGE, plan_text_for
from portal.demo.seed import seed_demo_data
from portal.models import Action, ActionChange, ActionStatus, Plan, PlanVersion, YoungPerson
from portal.services.actions.rules import days_overdue
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


def test_every_plan_has_two_versions(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    plans = session.scalars(select(Plan)).all()
    assert len(plans) == 12
    for plan in plans:
        versions = session.scalars(
            select(PlanVersion).where(PlanVersion.plan_id == plan.id).order_by(PlanVersion.number)
        ).all()
        assert [v.number for v in versions] == [1, 2]
        assert versions[0].created_at < versions[1].created_at
        for version in versions:
            person = session.get(YoungPerson, plan.young_person_id)
            assert person is not None
            expected = plan_text_for(person.age_on(london_today()))
            assert {s.kind: s.body for s in version.sections} == expected


def test_demo_actions_are_varied_and_followed(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    today = london_today()
    actions = session.scalars(select(Action).order_by(Action.id)).all()
    late = [a.what for a in actions if days_overdue(a.status, a.due_on, today)]
    statuses = Counter(a.status for a in actions)

    assert 3 <= len(late) < len({a.young_person_id for a in actions})
    assert len(set(late)) > 1  # not the same late action for everyone
    assert statuses[ActionStatus.CANNOT_BE_DONE] == 1 and statuses[ActionStatus.DONE] >= 10
    assert any(a.meeting_id for a in actions) and any(a.meeting_id is None for a in actions)
    [cannot] = [a for a in actions if a.status is ActionStatus.CANNOT_BE_DONE]
    assert cannot.cannot_be_done_reason
    first_changes = session.scalars(select(ActionChange).where(ActionChange.sequence == 1)).all()
    assert len(first_changes) == len(actions)


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


def test_every_demo_action_is_due_on_a_working_day(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    due = [a.due_on for a in session.scalars(select(Action)) if a.due_on is not None]
    assert due and all(day.weekday() < 5 for day in due)
