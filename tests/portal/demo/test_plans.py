"""Each demo plan has a history: two versions of the same actions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.plans import PLAN_TEXT
from portal.demo.seed import seed_demo_data
from portal.models import Plan, PlanVersion


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
            assert {s.kind: s.body for s in version.sections} == PLAN_TEXT
            hidden = [a.what for a in version.actions if not a.visible_to_family]
            assert hidden == ["Review medication with the psychiatrist."]
