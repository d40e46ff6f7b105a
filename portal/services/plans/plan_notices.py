"""Telling a family that their plan has changed, when a new version is saved.

Every contact of the young person who may see the portal (the plan page's
own rule) is sent "your plan has changed" with a link to it, and nothing
of what changed: the family reads that in the portal. Once per contact per
version. An automatic message, held in quiet hours. Called by the edge in
the same unit of work as the save (`portal.staff.plan`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Contact, PlanVersion
from portal.services.access.link_messages import TranslatorFor
from portal.services.messaging.templates import Purpose
from portal.services.messaging.to_families import (
    FamilyMessageSettings,
    NotSent,
    queue_for_contact,
)

PLAN_PATH = "/my-plan"


@dataclass(frozen=True)
class PlanNoticeSummary:
    queued: int
    not_sent: dict[NotSent, int]


def queue_plan_changed(
    session: Session,
    young_person_id: int,
    version: PlanVersion,
    now: datetime,
    settings: FamilyMessageSettings,
    *,
    translator_for: TranslatorFor,
) -> PlanNoticeSummary:
    """Queue "your plan has changed" for `version`. Does not commit."""
    contacts = session.scalars(
        select(Contact)
        .where(Contact.young_person_id == young_person_id, Contact.removed_at.is_(None))
        .order_by(Contact.id)
    ).all()
    queued, not_sent = 0, dict[NotSent, int]()
    for contact in contacts:
        outcome = queue_for_contact(
            session,
            contact,
            Purpose.PLAN_CHANGED,
            now,
            settings,
            translator=translator_for(contact.preferred_language),
            path=PLAN_PATH,
            dedupe_key=f"plan-changed:{version.id}:{contact.id}",
        )
        if outcome.not_sent is None:
            queued += 1
        else:
            not_sent[outcome.not_sent] = not_sent.get(outcome.not_sent, 0) + 1
    return PlanNoticeSummary(queued=queued, not_sent=not_sent)
