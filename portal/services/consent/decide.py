"""Changing a consent choice from the family pages, in two steps.

Who may change a choice is `family_rules.may_change_consent`. The first step
(`prepare_change`) remembers which decision was current when the person
chose; the second (`decide`) adds nothing when that decision is no longer
current (someone else changed the choice meanwhile) or when the choice is
already the current one. Otherwise it adds a decision, never updates one, so
the history stays whole: channel "portal", with an audit event and a notice
for staff, in the caller's unit of work. Withdrawing an item marked
`urgent_when_withdrawn` (being on the register) makes the notice urgent.
Saying no to someone seeing the portal ends that person's sessions at once.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.models import (
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    Contact,
    DecisionBasis,
    DecisionChannel,
    FamilyInputKind,
    YoungPerson,
    utc_now,
)
from portal.services.access.family_rules import (
    DEFAULT_MINIMUM_OWN_ACCESS_AGE,
    AccessDecision,
    may_change_consent,
    portal_access,
)
from portal.services.access.family_sessions import end_sessions_after_access_lost
from portal.services.consent.current import current_decision
from portal.services.consent.family_view import consent_item
from portal.services.consent.people import Person, people_a_choice_can_be_about
from portal.services.consent.registry import item_type, staff_title
from portal.services.records.audit import record_event
from portal.services.records.family_input import notify_staff
from portal.services.records.urgent_alerts import UrgentSettings


@dataclass(frozen=True)
class PendingChange:
    """What the person chose in step 1, kept in their session until they confirm."""

    item_code: str
    choice: ConsentChoice
    about_contact_id: int | None
    # The decision that was current when they chose (None: nobody had chosen).
    seen_decision_id: int | None
    # Binds a confirmation to the choice the check page showed (two tabs).
    token: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "item_code": self.item_code,
            "choice": self.choice.value,
            "about_contact_id": self.about_contact_id,
            "seen_decision_id": self.seen_decision_id,
            "token": self.token,
        }

    @classmethod
    def from_dict(cls, data: object) -> PendingChange | None:
        """The pending change a session holds, or None when it holds none (or junk)."""
        if not isinstance(data, Mapping):
            return None
        try:
            about = data.get("about_contact_id")
            seen = data.get("seen_decision_id")
            if about is not None and not isinstance(about, int):
                return None
            if seen is not None and not isinstance(seen, int):
                return None
            return cls(
                item_code=str(data["item_code"]),
                choice=ConsentChoice(data["choice"]),
                about_contact_id=about,
                seen_decision_id=seen,
                token=str(data["token"]),
            )
        except (KeyError, ValueError):
            return None


class DecideOutcome(enum.StrEnum):
    CHANGED = "changed"
    # The choice is already the current one: nothing added.
    UNCHANGED = "unchanged"
    # Someone else changed the choice since step 1: nothing added.
    STALE = "stale"
    # The person may not decide this (any more): nothing added.
    NOT_ALLOWED = "not_allowed"


@dataclass(frozen=True)
class DecideResult:
    outcome: DecideOutcome
    decision: ConsentDecision | None = None
    # Sessions ended because the person it was about may no longer see the portal.
    sessions_ended: int = 0


@dataclass(frozen=True)
class ChangeCheck:
    """What step 2 shows: who the choice is about, and whether it changes anything."""

    about: Person | None
    changes_something: bool
    # The current choice is not the one step 1 saw: someone else changed it.
    changed_meanwhile: bool


class NotAChoice(ValueError):
    """The person a choice about one contact names is not one of the young
    person's own contacts."""


def would_change(
    current: ConsentDecision | None, choice: ConsentChoice, basis: DecisionBasis | None
) -> bool:
    """Whether deciding `choice` on `basis` changes anything. The same answer
    on another basis does: only the young person's own "yes" lets someone see
    the portal from 16, for example."""
    return current is None or current.choice is not choice or current.basis != basis


def prepare_change(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    choice: ConsentChoice,
    about_contact_id: int | None,
) -> PendingChange:
    """Step 1: what `contact` chose, and which decision was current then.
    Raises NotAChoice when a choice about one contact is not about one of the
    young person's other contacts."""
    about = _checked_about(contact, item, about_contact_id)
    current = current_decision(session, contact.young_person_id, item, about)
    return PendingChange(
        item_code=item.code,
        choice=choice,
        about_contact_id=about,
        seen_decision_id=current.id if current is not None else None,
        token=secrets.token_urlsafe(16),
    )


def check_change(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    pending: PendingChange,
    today: date,
    *,
    minimum_own_access_age: int = DEFAULT_MINIMUM_OWN_ACCESS_AGE,
) -> ChangeCheck:
    current = current_decision(session, contact.young_person_id, item, pending.about_contact_id)
    access = may_change_consent(
        session, contact, item.code, today, minimum_own_access_age=minimum_own_access_age
    )
    about = next(
        (
            person
            for person in people_a_choice_can_be_about(contact, item_type(item.code))
            if person.contact_id == pending.about_contact_id
        ),
        None,
    )
    return ChangeCheck(
        about=about,
        changes_something=would_change(current, pending.choice, access.basis),
        changed_meanwhile=(current.id if current else None) != pending.seen_decision_id,
    )


def decide(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    pending: PendingChange,
    today: date,
    *,
    ip_address: str | None = None,
    minimum_own_access_age: int = DEFAULT_MINIMUM_OWN_ACCESS_AGE,
    alerts: UrgentSettings | None = None,
) -> DecideResult:
    """Step 2: add `contact`'s decision, unless it changes nothing, someone
    else changed the choice since step 1, or `contact` may not decide it.
    Flushes; the caller's unit of work commits. A withdrawal that is urgent
    emails staff, so it needs `alerts`."""
    if pending.item_code != item.code:
        raise ValueError("the pending change is for another item")
    try:
        about = _checked_about(contact, item, pending.about_contact_id)
    except NotAChoice:
        return DecideResult(DecideOutcome.NOT_ALLOWED)
    access = may_change_consent(
        session, contact, item.code, today, minimum_own_access_age=minimum_own_access_age
    )
    if not access.allowed or access.basis is None:
        return DecideResult(DecideOutcome.NOT_ALLOWED)
    _lock_young_person(session, contact.young_person_id)
    current = current_decision(session, contact.young_person_id, item, about)
    if (current.id if current is not None else None) != pending.seen_decision_id:
        return DecideResult(DecideOutcome.STALE)
    if not would_change(current, pending.choice, access.basis):
        return DecideResult(DecideOutcome.UNCHANGED)
    decision = _add_decision(
        session,
        contact,
        item,
        pending,
        access.basis,
        access,
        about=about,
        ip_address=ip_address,
        alerts=alerts,
    )
    about_contact = _contact(contact, about)
    if about_contact is not None:
        # Who may see the portal is worked out again now, not at their next request.
        still = portal_access(
            session, about_contact, today, minimum_own_access_age=minimum_own_access_age
        )
        if not still.allowed:
            ended = end_sessions_after_access_lost(session, about_contact, still.reason)
            return DecideResult(DecideOutcome.CHANGED, decision, sessions_ended=ended)
    return DecideResult(DecideOutcome.CHANGED, decision)


def decide_in_one_step(
    session: Session,
    contact: Contact,
    code: str,
    choice: ConsentChoice,
    today: date,
    *,
    about_contact_id: int | None = None,
    ip_address: str | None = None,
    alerts: UrgentSettings | None = None,
) -> DecideResult:
    """A choice asked on another page's form (the feedback form's "use my
    words", the views pages' review panel): steps 1 and 2 at once, against
    the decision current now, with the same rules, notice and audit."""
    item = consent_item(session, code)
    if item is None:
        raise LookupError("the consent items are not set up: run flask db-upgrade")
    pending = prepare_change(session, contact, item, choice, about_contact_id)
    return decide(session, contact, item, pending, today, ip_address=ip_address, alerts=alerts)


def _lock_young_person(session: Session, young_person_id: int) -> None:
    """One decision at a time for a young person, taken before the current
    decision is read. PostgreSQL locks the row. SQLite reads outside a
    transaction until the first write, so a no-op write takes its one write
    lock now (waiting for any other writer) and the reads after it see the
    latest commit."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            update(YoungPerson)
            .where(YoungPerson.id == young_person_id)
            .values(id=YoungPerson.id)
            .execution_options(synchronize_session=False)
        )
        return
    session.execute(
        select(YoungPerson.id).where(YoungPerson.id == young_person_id).with_for_update()
    )


def _add_decision(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    pending: PendingChange,
    basis: DecisionBasis,
    access: AccessDecision,
    *,
    about: int | None,
    ip_address: str | None,
    alerts: UrgentSettings | None,
) -> ConsentDecision:
    """The new decision on `basis` (the one `access` allows), with its notice
    for staff and its audit event."""
    decision = ConsentDecision(
        young_person_id=contact.young_person_id,
        item_id=item.id,
        choice=pending.choice,
        decided_by_contact_id=contact.id,
        basis=basis,
        best_interests_decision_id=access.best_interests_decision_id,
        channel=DecisionChannel.PORTAL,
        about_contact_id=about,
        decided_at=utc_now(),
    )
    session.add(decision)
    session.flush()
    urgent = item_type(item.code).urgent_when_withdrawn and pending.choice is ConsentChoice.NO
    notify_staff(
        session,
        contact,
        FamilyInputKind.CONSENT_DECISION,
        subject_id=decision.id,
        summary=_change_summary(item, pending.choice, _contact(contact, about)),
        urgent=urgent,
        alerts=alerts,
    )
    record_event(
        session,
        "family.consent.decided",
        contact=contact,
        ip_address=ip_address,
        consent_decision_id=decision.id,
        item=item.code,
        choice=pending.choice.value,
        basis=basis.value,
        about_contact_id=about,
        urgent=urgent,
    )
    return decision


def _checked_about(contact: Contact, item: ConsentItem, about_contact_id: int | None) -> int | None:
    kind = item_type(item.code)
    if not kind.about_one_contact:
        return None
    allowed = {person.contact_id for person in people_a_choice_can_be_about(contact, kind)}
    if about_contact_id not in allowed:
        raise NotAChoice(f"contact {about_contact_id} is not one of the young person's contacts")
    return about_contact_id


def _contact(contact: Contact, contact_id: int | None) -> Contact | None:
    if contact_id is None:
        return None
    return next((c for c in contact.young_person.contacts if c.id == contact_id), None)


def _change_summary(item: ConsentItem, choice: ConsentChoice, about: Contact | None) -> str:
    summary = f"Changed '{staff_title(item)}' to {choice.value}"
    if about is not None:
        detail = f" ({about.relationship_detail})" if about.relationship_detail else ""
        summary += f" for {about.name}{detail}"
    return summary
