"""When each family member first and last looked at each part of the portal.

Every family page view is audited (`audit.record_family_view`) and, in the
same step, noted here: one row per contact and part ("plan", "meetings",
"feedback", and "any" for every page), its `last_at` moved on with each
view by one `INSERT ... ON CONFLICT DO UPDATE`. The home page's "changed
since you last looked" then reads at most four rows, however long the
family has used the portal; it no longer aggregates the audit trail, which
only grows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from portal.models import Contact, FamilyPageLook

ANY = "any"
# Endpoint prefixes that count as looking at a part: the page itself and
# any page under it ("family.meeting" is one meeting).
AREAS = {"plan": "family.plan", "meetings": "family.meeting", "feedback": "family.feedback"}


def areas_of(page: str) -> list[str]:
    """The parts a view of `page` (an endpoint name) counts for."""
    return [ANY, *(area for area, prefix in AREAS.items() if page.startswith(prefix))]


def note_look(session: Session, contact: Contact, page: str, at: datetime) -> None:
    """`contact` looked at `page` at `at`: in the caller's transaction."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(FamilyPageLook)
    # One statement for any number of parts, with its rows as parameters, so
    # it is compiled once per process, not once per page view.
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["contact_id", "area"], set_={"last_at": statement.excluded.last_at}
        ),
        [
            {"contact_id": contact.id, "area": area, "first_at": at, "last_at": at}
            for area in areas_of(page)
        ],
    )


def last_looks(session: Session, contact: Contact) -> dict[str, FamilyPageLook]:
    """The contact's rows, by part. One query by primary key."""
    return {
        look.area: look
        for look in session.scalars(
            select(FamilyPageLook).where(FamilyPageLook.contact_id == contact.id)
        )
    }
