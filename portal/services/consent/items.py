"""The standard consent items every service starts with."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import ConsentItem

# The young person's agreement that one named contact may see their portal.
FAMILY_SEES_PORTAL = "family_sees_portal"

# code, title, description, agency
STANDARD_CONSENT_ITEMS: tuple[tuple[str, str, str, str | None], ...] = (
    (
        "register",
        "Being on the dynamic support register",
        "Your name is on a list of young people who get extra support to stay well at home.",
        None,
    ),
    (
        "share_school",
        "Sharing information with school",
        "Your keyworker can talk to your school.",
        "School",
    ),
    (
        "share_gp",
        "Sharing information with your GP",
        "Your keyworker can talk to your doctor.",
        "GP",
    ),
    (
        "share_camhs",
        "Sharing information with CAMHS",
        "Your keyworker can talk to mental health services.",
        "CAMHS",
    ),
    (
        "share_social_care",
        "Sharing information with social care",
        "Your keyworker can talk to social workers.",
        "Social care",
    ),
    (
        "share_adult_services",
        "Sharing information with adult services",
        "Your keyworker can talk to adult services.",
        "Adult services",
    ),
    (
        "share_youth_justice",
        "Sharing information with youth justice",
        "Your keyworker can talk to the youth justice team.",
        "Youth justice",
    ),
    (
        "share_housing",
        "Sharing information with housing",
        "Your keyworker can talk to housing services.",
        "Housing",
    ),
    (
        "contact_by_message",
        "Getting text messages and emails",
        "We can send you messages about your plan and meetings.",
        None,
    ),
    (
        "share_views_with_panel",
        "Sharing your views with a review panel",
        "Your views go to the people at your review meeting.",
        None,
    ),
    (
        "feedback_in_reports",
        "Using what you tell us in reports",
        "We can use what you say in reports. We do not use your name.",
        None,
    ),
    # One decision for each person: ConsentDecision.about_contact_id names them.
    # portal.services.access.family_rules reads it from the 16th birthday.
    (
        FAMILY_SEES_PORTAL,
        "Letting someone see your plan and meetings",
        "Someone you choose can see your plan and meetings on this website. "
        "You can change your mind at any time.",
        None,
    ),
)


def ensure_standard_consent_items(session: Session) -> int:
    """Add any standard item that is missing. Returns how many were added."""
    existing = set(session.scalars(select(ConsentItem.code)))
    added = 0
    for order, (code, title, description, agency) in enumerate(STANDARD_CONSENT_ITEMS):
        if code not in existing:
            session.add(
                ConsentItem(
                    code=code,
                    title=title,
                    description=description,
                    agency=agency,
                    display_order=order,
                )
            )
            added += 1
    session.flush()
    return added
