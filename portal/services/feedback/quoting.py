"""Permission to quote feedback in reports, without the person's name.

It is a consent choice, not a flag on the answer: the consent item
FEEDBACK_IN_REPORTS ("Using what you tell us in reports"), decided by each
contact about their own words (`ConsentItemType.each_contact_decides_own`).
A parent's "yes" covers the parent's words only; the young person's choice
covers only what the young person wrote. The choice has a history like any
other (My choices shows it and lets the person change it), and the current
choice counts: someone who says no later is not quoted from then on, even
from answers they gave while they said yes.

The feedback form records the choice through the consent service
(`record_quote_choice`), which adds a decision only when it changes the
current choice. The anonymised report asks `may_quote` for one response, or
uses `quotable(...)` in its query.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from portal.models import (
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    Contact,
    FeedbackResponse,
)
from portal.services.consent.current import current_decision
from portal.services.consent.decide import DecideOutcome, decide_in_one_step
from portal.services.consent.registry import FEEDBACK_IN_REPORTS
from portal.services.records.urgent_alerts import UrgentSettings


def record_quote_choice(
    session: Session,
    contact: Contact,
    allowed: bool,
    today: date,
    *,
    ip_address: str | None = None,
    alerts: UrgentSettings | None = None,
) -> bool:
    """Record `contact`'s choice about quoting their own words, through the
    consent service (a decision, a notice for staff, an audit event), in the
    caller's transaction. True when a decision was added; False when the
    choice was already the current one (or the contact may not decide it).

    Never having chosen counts as no, so "no" from someone who never chose
    adds nothing: the same answer twice never adds a decision."""
    if not allowed and current_quote_choice(session, contact) is None:
        return False
    result = decide_in_one_step(
        session,
        contact,
        FEEDBACK_IN_REPORTS.code,
        ConsentChoice.YES if allowed else ConsentChoice.NO,
        today,
        about_contact_id=contact.id,
        ip_address=ip_address,
        alerts=alerts,
    )
    return result.outcome is DecideOutcome.CHANGED


def current_quote_choice(session: Session, contact: Contact) -> bool | None:
    """`contact`'s current choice about their own words; None: never chosen."""
    decision = current_decision(
        session, contact.young_person_id, FEEDBACK_IN_REPORTS.code, contact.id
    )
    return None if decision is None else decision.choice is ConsentChoice.YES


def may_quote(session: Session, response: FeedbackResponse) -> bool:
    """Whether the words of `response` may be quoted in a report now: the
    current choice of the contact who wrote them is yes. An answer with no
    contact (entered by staff from paper) is never quoted."""
    if response.contact_id is None:
        return False
    return bool(
        session.scalar(select(quotable(FeedbackResponse)).where(FeedbackResponse.id == response.id))
    )


def quotable(response: Any) -> ColumnElement[bool]:
    """A SQL condition, for a query over `response` (FeedbackResponse or an
    alias of it): its writer's current choice about their own words is yes.
    The latest decision stands (greatest `decided_at`, then greatest id), as
    in `portal.services.consent.current`."""
    latest = (
        select(ConsentDecision.choice)
        .join(ConsentItem, ConsentItem.id == ConsentDecision.item_id)
        .where(
            ConsentItem.code == FEEDBACK_IN_REPORTS.code,
            ConsentDecision.young_person_id == response.young_person_id,
            ConsentDecision.about_contact_id == response.contact_id,
        )
        .order_by(ConsentDecision.decided_at.desc(), ConsentDecision.id.desc())
        .limit(1)
        .correlate(response)
        .scalar_subquery()
    )
    return and_(response.contact_id.is_not(None), latest == ConsentChoice.YES.value)
