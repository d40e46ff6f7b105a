"""When each family member last looked at each part of the portal: noted with
every audited page view, one row per part, and read by the home page instead
of the audit trail."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import ActorRole, AuditEvent, FamilyPageLook, utc_now
from portal.services.records.audit import FAMILY_PAGE_VIEWED, record_family_view
from portal.services.records.page_looks import areas_of, last_looks
from tests.support.at_once import at_once_in_transactions
from tests.support.factories import make_contact, make_team, make_young_person


def _contact(session: Session):  # type: ignore[no-untyped-def]
    person = make_young_person(session, team=make_team(session))
    contact = make_contact(session, young_person=person)
    session.commit()
    return contact


def test_each_page_counts_for_its_part_and_for_any_page() -> None:
    assert areas_of("family.plan") == ["any", "plan"]
    assert areas_of("family.meeting_reply") == ["any", "meetings"]
    assert areas_of("family.meetings") == ["any", "meetings"]
    assert areas_of("family.feedback_thanks") == ["any", "feedback"]
    assert areas_of("family.home") == ["any"]


def test_views_move_the_last_look_on_and_keep_the_first(session: Session) -> None:
    contact = _contact(session)
    record_family_view(session, contact, "family.home")
    session.commit()
    first = last_looks(session, contact)["any"].first_at
    record_family_view(session, contact, "family.plan")
    record_family_view(session, contact, "family.plan")
    session.commit()

    looks = last_looks(session, contact)
    assert set(looks) == {"any", "plan"}
    assert looks["any"].first_at == first
    assert looks["plan"].last_at >= looks["plan"].first_at >= first
    assert session.scalar(select(func.count()).select_from(FamilyPageLook)) == 2


def test_the_home_page_reads_the_looks_not_the_audit_trail(session: Session) -> None:
    # Page views added straight to the audit trail (as a long history would be)
    # are not read: only the looks noted with each view are.
    contact = _contact(session)
    long_ago = utc_now() - timedelta(days=400)
    session.add_all(
        AuditEvent(
            occurred_at=long_ago + timedelta(minutes=minute),
            action=FAMILY_PAGE_VIEWED,
            actor_role=ActorRole.FAMILY,
            actor_contact_id=contact.id,
            young_person_id=contact.young_person_id,
            detail={"page": "family.plan"},
        )
        for minute in range(300)
    )
    session.commit()
    assert last_looks(session, contact) == {}


def test_twenty_views_at_once_leave_one_row_per_part(session: Session) -> None:
    contact = _contact(session)

    def view(own: Session, _index: int) -> None:
        own_contact = own.get(type(contact), contact.id)
        assert own_contact is not None
        record_family_view(own, own_contact, "family.meeting")

    at_once_in_transactions(session.get_bind(), view, count=20)
    session.expire_all()
    rows = session.scalars(select(FamilyPageLook)).all()
    assert sorted(row.area for row in rows) == ["any", "meetings"]
    views = (
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == FAMILY_PAGE_VIEWED)
    )
    assert session.scalar(views) == 20
