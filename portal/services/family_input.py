"""Notices that tell staff a family sent something from the family pages.

Every service that stores something a family sent (a meeting reply, what helps
at a meeting, views before a meeting, a consent decision, a request to change
a choice) calls `notify_staff` in the same transaction, so the notice and what
it points at are saved together or not at all. The caseload and the record
show the notices, marked new until a keyworker opens the record.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from portal.models import Contact, FamilyInputKind, FamilyInputNotice


def notify_staff(
    session: Session,
    contact: Contact,
    kind: FamilyInputKind,
    *,
    subject_id: int,
    summary: str,
    meeting_id: int | None = None,
    urgent: bool = False,
) -> FamilyInputNotice:
    """Add a notice for staff about `contact`'s young person. Does not commit.

    `summary` is a short line for staff in the portal's own words, such as
    "Can you come? Yes"; never the family's free text, which stays in its own
    table and is shown on the record."""
    notice = FamilyInputNotice(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        kind=kind,
        subject_id=subject_id,
        summary=summary[:300],
        meeting_id=meeting_id,
        urgent=urgent,
    )
    session.add(notice)
    return notice
