"""Who may see a young person's portal, and who may change each consent choice.

One place decides, from the record; views never check access themselves.
(The full rules by age and consent are being written: this first version
only follows the contact's portal access switch.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from portal.models import Contact


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    # A short code saying why, for audit and tests (never shown to families).
    reason: str


def portal_access(
    session: Session, contact: Contact, today: date, *, minimum_own_access_age: int = 11
) -> AccessDecision:
    """May `contact` see their young person's portal today?"""
    if not contact.portal_access_enabled:
        return AccessDecision(False, "access_switched_off")
    return AccessDecision(True, "access_switched_on")
