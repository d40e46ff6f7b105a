"""The two types the page examples are made of, apart from the examples so
that each area's examples can live in a module of its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class World:
    """Ids of the fictional data the examples use."""

    keyworker_id: int
    manager_id: int
    admin_id: int
    not_enrolled_id: int
    young_person_id: int
    # A contact of young_person_id who may use the portal (the young person themselves).
    family_contact_id: int
    # Family sign-in: the secret of an unused link for family_contact_id; links
    # just used, waiting for the date of birth, by family_contact_id and by a
    # parent (family_member_contact_id); a young person whose parent is locked
    # out of sign-in (and whose other parent skips the check).
    link_token: str
    pending_link_id: int
    family_member_contact_id: int
    family_member_pending_link_id: int
    locked_young_person_id: int
    # The family pages: the young person's meetings (from the demo data), a
    # carer of two young people signed in about the first of them, and a
    # contact of a young person with no plan, meetings or choices yet.
    upcoming_meeting_id: int
    past_meeting_id: int
    cancelled_meeting_id: int
    carer_contact_id: int
    # A sign-in link the carer has just used (their date of birth check is next).
    carer_pending_link_id: int
    empty_contact_id: int
    # The home page: the carer's contact for their other young person, and a
    # parent who opened My plan before its latest version.
    carer_other_contact_id: int
    plan_changed_contact_id: int
    # A young person's own contact whose plan is long (long sections, many
    # actions and versions, very long words).
    long_plan_contact_id: int
    # The notes pages: a note that was amended, its amendment, and a young
    # person on the keyworker's caseload with no notes.
    note_id: int
    amendment_note_id: int
    no_notes_young_person_id: int
    # A young person on the keyworker's caseload with nothing recorded yet:
    # no risk rating and no communication needs.
    newcomer_young_person_id: int
    # Urgent items on locked_young_person_id's record: one nobody has
    # acknowledged, and one someone has.
    urgent_notice_id: int = 0
    acknowledged_notice_id: int = 0
    # The staff meeting pages: the family's support request for the coming
    # meeting, with staff's confirmation.
    confirmed_support_request_id: int = 0
    # Requests from family_contact_id to change a choice: one waiting, one answered.
    consent_request_id: int = 0
    answered_consent_request_id: int = 0
    # Things a family sent, for the reply page: one the keyworker has read
    # (on locked_young_person_id's record), and the demo's replied and
    # dealt-with items (on young_person_id's record).
    read_notice_id: int = 0
    replied_notice_id: int = 0
    dealt_with_notice_id: int = 0
    # The actions pages: one of young_person_id's actions, changed once.
    action_id: int = 0
    # The record's Feedback page: young_person_id's first feedback response.
    feedback_response_id: int = 0
    # The feedback themes pages: one of the standard themes.
    feedback_theme_id: int = 0


@dataclass(frozen=True)
class PageExample:
    name: str
    # The endpoint this example covers (None for pages with no endpoint of their own).
    endpoint: str | None
    path: Callable[[World], str]
    # "keyworker", "manager", "admin"; "password_done" (code page) or
    # "password_done_not_enrolled" (authenticator set-up page); "family" (the
    # world's family contact, signed in); "family_member" (a parent of the
    # same young person, signed in); "carer" (carer_contact_id); "family_empty"
    # (empty_contact_id); "family_plan_changed" (plan_changed_contact_id);
    # "family_long_plan" (long_plan_contact_id);
    # "carer_choosing" (the carer, having chosen carer_other_contact_id's young
    # person: the date of birth check is next); "identity_pending" and
    # "identity_pending_family" (a link just used by the young person or by a
    # parent: the date of birth check is next); "identity_pending_carer" (the
    # carer's link just used: either young person's date of birth); None: nobody.
    signed_in_as: str | None = None
    # Submit the page's main form with these fields (empty: submit it blank).
    submit: dict[str, str] | None = None
    # Remove the CSRF token before submitting (shows the expired-form page).
    without_csrf_token: bool = False
    # The page a successful submit redirects to, which the example then checks
    # (None: the submit answers with a page of its own, such as its errors).
    lands_on: Callable[[World], str] | None = None
    # Values the signed-in session starts with, such as a remembered choice.
    session_data: dict[str, Any] = field(default_factory=dict)
    expected_status: int = 200
    extra: dict[str, Any] = field(default_factory=dict)
