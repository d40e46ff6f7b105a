"""Whether a young person's views before a meeting may go to the review panel.

It is a consent choice, not an answer on the views: the consent item
SHARE_VIEWS_WITH_PANEL ("Sharing your views with a review panel"), one
current choice for the young person with its history. My choices shows it
and changes it like any other choice; the views pages ask it through the
consent service (`views_before_saving.decide_sharing`); the staff record
and the meeting's staff page read it through `panel_choice`. So a change in
one place is the choice everywhere, and the current choice counts for views
sent before it.

Nobody having chosen counts as no: staff do not share the views.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from portal.models import ConsentChoice, ConsentDecision, Contact, StaffUser
from portal.services.consent.current import current_decision
from portal.services.consent.registry import SHARE_VIEWS_WITH_PANEL


@dataclass(frozen=True)
class PanelChoice:
    """The current choice: True or False, None while nobody has chosen; who
    chose (a family member or, recording it, a member of staff) and when."""

    share: bool | None
    decided_by_contact: Contact | None = None
    decided_by_staff: StaffUser | None = None
    decided_at: datetime | None = None

    @classmethod
    def of(cls, decision: ConsentDecision | None) -> PanelChoice:
        if decision is None:
            return cls(share=None)
        return cls(
            share=decision.choice is ConsentChoice.YES,
            decided_by_contact=decision.decided_by_contact,
            decided_by_staff=decision.decided_by_staff,
            decided_at=decision.decided_at,
        )


def panel_choice(session: Session, young_person_id: int) -> PanelChoice:
    """The young person's current choice about the review panel."""
    return PanelChoice.of(current_decision(session, young_person_id, SHARE_VIEWS_WITH_PANEL.code))
