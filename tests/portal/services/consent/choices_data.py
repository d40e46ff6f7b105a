"""Finding the demo families' people and choices, and changing a choice in
both steps, for the tests of My choices' services."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    AuditEvent,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    Relationship,
    YoungPerson,
)
from portal.services.consent.decide import DecideOutcome, decide, prepare_change
from portal.services.consent.family_view import consent_item
from portal.services.consent.registry import sync_consent_items
from portal.timezones import london_today
from tests.support.urgent import TEST_ALERTS

YES, NO = ConsentChoice.YES, ConsentChoice.NO


def person_named(session: Session, name: str) -> YoungPerson:
    return session.scalars(select(YoungPerson).where(YoungPerson.preferred_name == name)).one()


def contact_of(session: Session, name: str, relation: Relationship) -> Contact:
    """The first contact of the young person `name` related to them by `relation`."""
    return session.scalars(
        select(Contact)
        .where(
            Contact.young_person_id == person_named(session, name).id,
            Contact.relation == relation,
        )
        .order_by(Contact.id)
    ).first()  # type: ignore[return-value]


def item(session: Session, code: str) -> ConsentItem:
    found = consent_item(session, code)
    assert found is not None
    return found


def item_after_sync(session: Session, code: str) -> ConsentItem:
    """The item's row, for a test without the demo data: the registry's rows first."""
    sync_consent_items(session)
    return item(session, code)


def decisions(session: Session, person: YoungPerson, code: str) -> list[ConsentDecision]:
    """Every decision on `code` for `person`, oldest first."""
    return list(
        session.scalars(
            select(ConsentDecision)
            .join(ConsentItem)
            .where(ConsentDecision.young_person_id == person.id, ConsentItem.code == code)
            .order_by(ConsentDecision.decided_at, ConsentDecision.id)
        )
    )


def notices(session: Session, kind: FamilyInputKind) -> list[FamilyInputNotice]:
    return list(
        session.scalars(
            select(FamilyInputNotice)
            .where(FamilyInputNotice.kind == kind)
            .order_by(FamilyInputNotice.id)
        )
    )


def events(session: Session, action: str) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def change(
    session: Session, contact: Contact, code: str, choice: ConsentChoice, about: int | None = None
) -> DecideOutcome:
    """Both steps of a change, at once."""
    chosen = item(session, code)
    pending = prepare_change(session, contact, chosen, choice, about)
    return decide(session, contact, chosen, pending, london_today(), alerts=TEST_ALERTS).outcome
