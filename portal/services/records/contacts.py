"""Adding, editing and removing a young person's contacts from the record.

Two people may edit the same contact: a save names the version its form
showed, and the contact's version goes up only while the row still has it
(compare and set), so a save from an older form is refused with the saved
contact to show beside it, never a silent overwrite. The other fields are
then set on the loaded row, so the model's own rule runs: a changed mobile
number or email address loses its verified flag.

A contact is never deleted: removal sets `removed_at`, switches portal
access off, ends every session at once and cancels unused links. The row
stays for the record's history and its export; the access rules
(`portal.services.access.family_rules.portal_access`) refuse it.

Nothing here commits: the request's unit of work does. Audit events name
the fields that changed, never their values.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields, replace
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import update
from sqlalchemy.orm import Session

from portal.models import Channel, Contact, LegalAuthority, Relationship, StaffUser, YoungPerson
from portal.phone import InvalidPhoneNumber, to_e164
from portal.services.access.family_sessions import end_contact_sessions
from portal.services.access.links import cancel_unused_links
from portal.services.access.staff import require_visible
from portal.services.records.audit import record_event
from portal.services.records.profile import LANGUAGE_TAG

NAME_MAX_LENGTH = 200
DETAIL_MAX_LENGTH = 100
ADJUSTMENTS_MAX_LENGTH = 1000

CONTACT_ADDED = "contact.added"
CONTACT_CHANGED = "contact.changed"
CONTACT_CONFLICT = "contact.save_refused"
CONTACT_REMOVED = "contact.removed"


class ContactProblem(enum.StrEnum):
    NAME_MISSING = "name_missing"
    NAME_TOO_LONG = "name_too_long"
    DETAIL_TOO_LONG = "detail_too_long"
    SELF_HOLDS_NO_AUTHORITY = "self_holds_no_authority"
    SCOPE_MISSING = "scope_missing"
    MOBILE_NOT_VALID = "mobile_not_valid"
    EMAIL_NOT_VALID = "email_not_valid"
    CHANNEL_NEEDS_MOBILE = "channel_needs_mobile"
    CHANNEL_NEEDS_EMAIL = "channel_needs_email"
    LANGUAGE_NOT_VALID = "language_not_valid"
    ADJUSTMENTS_TOO_LONG = "adjustments_too_long"


@dataclass(frozen=True)
class ContactFields:
    """What the contact page edits (and what a conflict shows side by side).
    `mobile` is as typed until `cleaned`, then E.164."""

    name: str
    relation: Relationship
    relationship_detail: str | None
    has_parental_responsibility: bool
    legal_authority: LegalAuthority
    authority_health_and_welfare: bool
    authority_property_and_finance: bool
    mobile: str | None
    email: str | None
    preferred_channel: Channel
    preferred_language: str
    portal_access_enabled: bool
    reasonable_adjustments: str | None


def contact_fields_of(contact: Contact) -> ContactFields:
    return ContactFields(
        name=contact.name,
        relation=contact.relation,
        relationship_detail=contact.relationship_detail,
        has_parental_responsibility=contact.has_parental_responsibility,
        legal_authority=contact.legal_authority,
        authority_health_and_welfare=contact.authority_health_and_welfare,
        authority_property_and_finance=contact.authority_property_and_finance,
        mobile=contact.mobile_e164,
        email=contact.email,
        preferred_channel=contact.preferred_channel,
        preferred_language=contact.preferred_language,
        portal_access_enabled=contact.portal_access_enabled,
        reasonable_adjustments=contact.reasonable_adjustments,
    )


class ContactRefused(Exception):
    """What was asked breaks a rule: the problems by field name."""

    def __init__(self, problems: dict[str, ContactProblem]) -> None:
        super().__init__(sorted(problems))
        self.problems = problems


class ContactConflict(Exception):
    """Someone saved (or removed) the contact after this form was opened:
    nothing was saved. `saved` is the contact as it is now, at `version`."""

    def __init__(self, saved: ContactFields, version: int, *, removed: bool) -> None:
        super().__init__(version)
        self.saved = saved
        self.version = version
        self.removed = removed


def _optional(text: str | None) -> str | None:
    return (text or "").strip() or None


def clean(wanted: ContactFields) -> tuple[ContactFields, dict[str, ContactProblem]]:
    """`wanted` with spaces trimmed, the mobile number in E.164, the email
    address in lower case and no scope without an authority; and each
    field's problem, if it has one."""
    problems: dict[str, ContactProblem] = {}
    mobile, email = _optional(wanted.mobile), _optional(wanted.email)
    if mobile is not None:
        try:
            mobile = to_e164(mobile)
        except InvalidPhoneNumber:
            problems["mobile"] = ContactProblem.MOBILE_NOT_VALID
    if email is not None:
        try:
            validate_email(email, check_deliverability=False)
            email = email.lower()
        except EmailNotValidError:
            problems["email"] = ContactProblem.EMAIL_NOT_VALID
    has_authority = wanted.legal_authority is not LegalAuthority.NONE
    cleaned = replace(
        wanted,
        name=wanted.name.strip(),
        relationship_detail=_optional(wanted.relationship_detail),
        authority_health_and_welfare=has_authority and wanted.authority_health_and_welfare,
        authority_property_and_finance=has_authority and wanted.authority_property_and_finance,
        mobile=mobile,
        email=email,
        preferred_language=wanted.preferred_language.strip() or "en",
        reasonable_adjustments=_optional(wanted.reasonable_adjustments),
    )
    problems.update(_rule_problems(cleaned, problems))
    return cleaned, problems


def _rule_problems(
    wanted: ContactFields, found: dict[str, ContactProblem]
) -> dict[str, ContactProblem]:
    problems: dict[str, ContactProblem] = {}
    if not wanted.name:
        problems["name"] = ContactProblem.NAME_MISSING
    elif len(wanted.name) > NAME_MAX_LENGTH:
        problems["name"] = ContactProblem.NAME_TOO_LONG
    if len(wanted.relationship_detail or "") > DETAIL_MAX_LENGTH:
        problems["relationship_detail"] = ContactProblem.DETAIL_TOO_LONG
    has_authority = wanted.legal_authority is not LegalAuthority.NONE
    if wanted.relation is Relationship.SELF and (
        has_authority or wanted.has_parental_responsibility
    ):
        problems["relation"] = ContactProblem.SELF_HOLDS_NO_AUTHORITY
    elif has_authority and not (
        wanted.authority_health_and_welfare or wanted.authority_property_and_finance
    ):
        problems["authority_scope"] = ContactProblem.SCOPE_MISSING
    if wanted.preferred_channel is Channel.SMS and not wanted.mobile and "mobile" not in found:
        problems["preferred_channel"] = ContactProblem.CHANNEL_NEEDS_MOBILE
    if wanted.preferred_channel is Channel.EMAIL and not wanted.email and "email" not in found:
        problems["preferred_channel"] = ContactProblem.CHANNEL_NEEDS_EMAIL
    if not LANGUAGE_TAG.match(wanted.preferred_language):
        problems["preferred_language"] = ContactProblem.LANGUAGE_NOT_VALID
    if len(wanted.reasonable_adjustments or "") > ADJUSTMENTS_MAX_LENGTH:
        problems["reasonable_adjustments"] = ContactProblem.ADJUSTMENTS_TOO_LONG
    return problems


def _set_fields(contact: Contact, wanted: ContactFields) -> None:
    """Set each field through the model, so its address rule runs."""
    for f in fields(ContactFields):
        column = "mobile_e164" if f.name == "mobile" else f.name
        if getattr(contact, column) != getattr(wanted, f.name):
            setattr(contact, column, getattr(wanted, f.name))


def _set_fields_noting_checks_lost(contact: Contact, wanted: ContactFields) -> list[str]:
    """Set the fields; return the verified flags the model turned off."""
    before = {"phone_verified": contact.phone_verified, "email_verified": contact.email_verified}
    _set_fields(contact, wanted)
    return [name for name, was in before.items() if was and not getattr(contact, name)]


def add_contact(
    session: Session,
    person: YoungPerson,
    wanted: ContactFields,
    *,
    now: datetime,
    by: StaffUser,
    ip_address: str | None = None,
) -> Contact:
    """Add a contact to `person`'s record. Raises ContactRefused (nothing
    saved) or NotVisible. Flushes; the caller's unit of work commits."""
    require_visible(session, by, person.id)
    cleaned, problems = clean(wanted)
    if problems:
        raise ContactRefused(problems)
    contact = Contact(young_person_id=person.id, updated_at=now, updated_by_id=by.id)
    _set_fields(contact, cleaned)
    session.add(contact)
    session.flush()
    record_event(
        session,
        CONTACT_ADDED,
        staff_user=by,
        young_person_id=person.id,
        contact_id=contact.id,
        ip_address=ip_address,
        fields=sorted(f.name for f in fields(ContactFields) if getattr(cleaned, f.name)),
    )
    return contact


def save_contact(
    session: Session,
    contact: Contact,
    wanted: ContactFields,
    *,
    expected_version: int,
    now: datetime,
    by: StaffUser,
    ip_address: str | None = None,
) -> list[str]:
    """Save `wanted` if the contact is still at `expected_version` and not
    removed; return the names of the fields that changed (none: nothing is
    saved). Switching portal access off ends their sessions at once; a new
    address cancels links not used yet. Raises ContactRefused or
    ContactConflict, having saved nothing but the audit event of a refused
    save, or NotVisible."""
    require_visible(session, by, contact.young_person_id)
    cleaned, problems = clean(wanted)
    if problems:
        raise ContactRefused(problems)
    current = contact_fields_of(contact)
    changed = [
        f.name
        for f in fields(ContactFields)
        if getattr(cleaned, f.name) != getattr(current, f.name)
    ]
    if not changed and contact.removed_at is None:
        return []
    if not _compare_and_set(session, contact, expected_version, now, by):
        session.refresh(contact)
        _refused(session, contact, expected_version, by, ip_address)
    session.refresh(contact)
    flags_cleared = _set_fields_noting_checks_lost(contact, cleaned)
    ended = 0
    if current.portal_access_enabled and not cleaned.portal_access_enabled:
        ended = end_contact_sessions(session, contact)
    if "mobile" in changed or "email" in changed:
        cancel_unused_links(session, [contact.id], now)
    record_event(
        session,
        CONTACT_CHANGED,
        staff_user=by,
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        ip_address=ip_address,
        fields=changed,
        verified_flags_cleared=flags_cleared,
        sessions_ended=ended,
        version=contact.version,
    )
    session.flush()
    return changed


def _refused(
    session: Session,
    contact: Contact,
    expected_version: int,
    by: StaffUser,
    ip_address: str | None,
) -> None:
    record_event(
        session,
        CONTACT_CONFLICT,
        staff_user=by,
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        ip_address=ip_address,
        expected_version=expected_version,
        saved_version=contact.version,
    )
    raise ContactConflict(
        contact_fields_of(contact), contact.version, removed=contact.removed_at is not None
    )


def _compare_and_set(
    session: Session, contact: Contact, expected_version: int, now: datetime, by: StaffUser
) -> bool:
    """Add 1 to the version only while the row has `expected_version` and is
    not removed. The row is then this transaction's until it commits."""
    result = session.execute(
        update(Contact)
        .where(
            Contact.id == contact.id,
            Contact.version == expected_version,
            Contact.removed_at.is_(None),
        )
        .values(version=Contact.version + 1, updated_at=now, updated_by_id=by.id)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def remove_contact(
    session: Session,
    contact: Contact,
    *,
    now: datetime,
    by: StaffUser,
    ip_address: str | None = None,
) -> bool:
    """Remove `contact` from the record: kept for history and the export,
    with portal access off, every session ended at once and unused links
    cancelled. Returns False when they were already removed (nothing
    changes). Raises NotVisible."""
    require_visible(session, by, contact.young_person_id)
    result = session.execute(
        update(Contact)
        .where(Contact.id == contact.id, Contact.removed_at.is_(None))
        .values(
            removed_at=now,
            removed_by_id=by.id,
            portal_access_enabled=False,
            version=Contact.version + 1,
            updated_at=now,
            updated_by_id=by.id,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(contact)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    ended = end_contact_sessions(session, contact)
    cancel_unused_links(session, [contact.id], now)
    record_event(
        session,
        CONTACT_REMOVED,
        staff_user=by,
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        ip_address=ip_address,
        sessions_ended=ended,
        version=contact.version,
    )
    session.flush()
    return True
