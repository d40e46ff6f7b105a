"""0025_family_page_looks fills the looks from the page views audited so far,
so nobody's "changed since you last looked" changes on the day it runs."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from portal.migrations import upgrade
from portal.models import ActorRole, AuditEvent, Contact, Relationship, utc_now
from portal.services.records.page_looks import last_looks
from tests.support.factories import make_contact, make_team, make_young_person
from tests.test_migration_feedback_quoting import engine  # noqa: F401  (the fixture)


def test_the_looks_start_from_the_audited_page_views(engine: Engine) -> None:  # noqa: F811
    upgrade(engine, "0024_panel_sharing_is_consent")
    now = utc_now()
    with Session(engine) as session:
        person = make_young_person(session, team=make_team(session))
        contact = make_contact(session, young_person=person, relation=Relationship.SELF)
        for days_ago, page in ((9, "family.home"), (5, "family.plan"), (2, "family.plan")):
            session.add(
                AuditEvent(
                    occurred_at=now - timedelta(days=days_ago),
                    actor_role=ActorRole.FAMILY,
                    actor_contact_id=contact.id,
                    young_person_id=person.id,
                    action="family.page.viewed",
                    detail={"page": page},
                )
            )
        session.commit()
        contact_id = contact.id

    upgrade(engine)

    with Session(engine) as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        looks = last_looks(session, contact)
        assert set(looks) == {"any", "plan"}
        assert looks["any"].first_at == now - timedelta(days=9)
        assert looks["plan"].last_at == now - timedelta(days=2)
        assert looks["plan"].first_at == now - timedelta(days=5)
