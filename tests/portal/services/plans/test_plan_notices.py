"""A new plan version tells the family their plan has changed, once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Message, PlanSectionKind
from portal.services.messaging.to_families import FamilyMessageSettings, NotSent
from portal.services.plans.editing import PlanDraft, save_plan_version
from portal.services.plans.plan_notices import queue_plan_changed
from portal.services.wording import PlainTranslator
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person

SETTINGS = FamilyMessageSettings(
    service_name="Keyworker Family Portal", base_url="http://portal.test", team_phone="07700 900999"
)
NOW = datetime(2026, 6, 10, 11, 0, tzinfo=UTC)


def test_each_new_version_is_told_once_to_who_may_see_the_plan(session: Session) -> None:
    person = make_young_person(session, team=make_team(session), date_of_birth=date(2014, 3, 1))
    parent = make_contact(session, young_person=person)
    make_contact(session, young_person=person, portal_access_enabled=False)
    keyworker = make_staff_user(session, with_totp=False)
    draft = PlanDraft(
        sections={next(iter(PlanSectionKind)): "I like music."},
        change_note="We added what you like.",
    )
    version = save_plan_version(session, person, draft, expected_number=0, now=NOW, by=keyworker)

    first = queue_plan_changed(
        session, person.id, version, NOW, SETTINGS, translator_for=PlainTranslator
    )
    again = queue_plan_changed(
        session, person.id, version, NOW, SETTINGS, translator_for=PlainTranslator
    )

    assert (first.queued, first.not_sent) == (1, {NotSent.NO_PORTAL_ACCESS: 1})
    assert again.not_sent == {NotSent.ALREADY_QUEUED: 1, NotSent.NO_PORTAL_ACCESS: 1}
    [message] = session.scalars(select(Message)).all()
    assert message.contact_id == parent.id and message.purpose == "plan_changed"
    assert message.body.endswith("http://portal.test/my-plan")
    assert "music" not in message.body and message.automatic
