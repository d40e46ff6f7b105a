"""Each demo plan has a history (two versions), and each demo young person
has actions that fit their age, in a mix of statuses."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.plans import PLAN_TEXT
from portal.demo.seed import seed_demo_data
from portal.models import Action, ActionChange, ActionStatus, Plan, PlanVersion
from portal.services.actions.rules import days_overdue
from portal.timezones import london_today


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
            assert {s.kind: s.body for s in version.sections} == PLAN_TEXT


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
