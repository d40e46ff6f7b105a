"""A carer of more than one young person chooses whose page to open.

A carer has one `Contact` row for each young person they look after. Rows
belong to the same person when they share an address that has been checked:
the same mobile number with `phone_verified` on both rows, or the same email
address with `email_verified` on both. A row can be chosen only while the
access rules allow it today and its sign-in is not locked.

Switching to another young person is as safe as signing in:

- The chosen young person's date of birth is asked, once in each session
  (the session remembers who was checked). A contact with a reasonable
  adjustment recorded by staff (`identity_check_skip_reason`) is not asked.
- Wrong dates count against the chosen contact, with the same count and
  lock as sign-in (portal.services.access.identity_tries): 5 wrong in a row
  lock that contact's sign-in, cancel its unused links, end its sessions and
  warn the keyworker. Answers sent at the same moment are judged one at a
  time, and a right one among them switches only if no lock came first.
- The web session gets a new id (the caller signs it in again), and the
  switch is audited.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, contains_eager

from portal.models import Contact, YoungPerson
from portal.services.access.addresses import has_verified_address, link_addresses
from portal.services.access.family_rules import DEFAULT_MINIMUM_OWN_ACCESS_AGE, portal_access
from portal.services.access.identity_tries import (
    IDENTITY_CHECK_PASSED,
    clear_tries,
    count_wrong_answer,
    take_a_try,
)
from portal.services.records.audit import record_event

__all__ = [
    "YOUNG_PERSON_SWITCHED",
    "SwitchCheck",
    "SwitchOutcome",
    "YoungPersonChoice",
    "check_date_of_birth_for_switch",
    "choices_for",
    "chosen_contact",
    "has_other_young_people",
    "other_young_peoples_rows",
    "record_switch",
    "safe_without_asking",
    "tries_left",
]

YOUNG_PERSON_SWITCHED = "family.young_person.switched"

# The most rows read for one person: far more than anyone looks after, and it
# keeps the work of each page bounded.
MAX_CANDIDATES = 20


@dataclass(frozen=True)
class YoungPersonChoice:
    """One young person a carer may open the page of."""

    contact_id: int
    preferred_name: str
    # The page open now (the signed-in contact's young person).
    is_current: bool


def _candidates(session: Session, contact: Contact) -> Sequence[Contact]:
    """Other rows of the same person (about other young people), with their
    young person loaded, whatever the access rules say. One query."""
    shared = [has_verified_address(address) for address in link_addresses(contact)]
    if not shared:
        return []
    return session.scalars(
        select(Contact)
        .join(Contact.young_person)
        .options(contains_eager(Contact.young_person))
        .where(
            or_(*shared),
            Contact.id != contact.id,
            Contact.young_person_id != contact.young_person_id,
            Contact.portal_access_enabled.is_(True),
            Contact.sign_in_locked_at.is_(None),
        )
        .order_by(YoungPerson.preferred_name, Contact.id)
        .limit(MAX_CANDIDATES)
    ).all()


def _allowed(
    session: Session, candidates: Sequence[Contact], today: date, minimum_own_access_age: int
) -> list[Contact]:
    """The candidates the access rules allow today, one for each young person."""
    allowed: list[Contact] = []
    seen: set[int] = set()
    for candidate in candidates:
        if candidate.young_person_id in seen:
            continue
        decision = portal_access(
            session, candidate, today, minimum_own_access_age=minimum_own_access_age
        )
        if decision.allowed:
            allowed.append(candidate)
            seen.add(candidate.young_person_id)
    return allowed


def other_young_peoples_rows(
    session: Session,
    contact: Contact,
    today: date,
    *,
    minimum_own_access_age: int = DEFAULT_MINIMUM_OWN_ACCESS_AGE,
) -> list[Contact]:
    """The same person's rows about their other young people that the access
    rules allow today and whose sign-in is not locked, one for each young
    person, with the young person loaded."""
    return _allowed(session, _candidates(session, contact), today, minimum_own_access_age)


def has_other_young_people(
    session: Session,
    contact: Contact,
    today: date,
    *,
    minimum_own_access_age: int = DEFAULT_MINIMUM_OWN_ACCESS_AGE,
) -> bool:
    """Whether `contact` may open the page of another young person: the home
    page then offers the choice. Stops at the first one allowed."""
    for candidate in _candidates(session, contact):
        decision = portal_access(
            session, candidate, today, minimum_own_access_age=minimum_own_access_age
        )
        if decision.allowed:
            return True
    return False


def choices_for(
    session: Session,
    contact: Contact,
    today: date,
    *,
    minimum_own_access_age: int = DEFAULT_MINIMUM_OWN_ACCESS_AGE,
) -> list[YoungPersonChoice]:
    """Whose pages `contact` may open: their own young person first, then
    the others by name. Only their own when there are no others."""
    others = _allowed(session, _candidates(session, contact), today, minimum_own_access_age)
    return [
        YoungPersonChoice(contact.id, contact.young_person.preferred_name, is_current=True),
        *(
            YoungPersonChoice(other.id, other.young_person.preferred_name, is_current=False)
            for other in others
        ),
    ]


def chosen_contact(
    session: Session,
    contact: Contact,
    chosen_id: object,
    today: date,
    *,
    minimum_own_access_age: int = DEFAULT_MINIMUM_OWN_ACCESS_AGE,
) -> Contact | None:
    """The row `chosen_id` names, if `contact` may switch to it today: one of
    their other rows, allowed and not locked. None for anything else (another
    family's contact, a row that lost access, not a number)."""
    if isinstance(chosen_id, str) and chosen_id.isascii() and chosen_id.isdigit():
        chosen_id = int(chosen_id)
    if not isinstance(chosen_id, int) or isinstance(chosen_id, bool):
        return None
    for candidate in _candidates(session, contact):
        if candidate.id == chosen_id:
            decision = portal_access(
                session, candidate, today, minimum_own_access_age=minimum_own_access_age
            )
            return candidate if decision.allowed else None
    return None


def safe_without_asking(chosen: Contact, checked_contact_ids: Collection[int]) -> str | None:
    """How switching to `chosen` is already as safe as signing in: "skipped"
    (staff recorded a reasonable adjustment for the contact) or "earlier" (this
    session checked the date of birth already). None: ask the date of birth."""
    if chosen.identity_check_skip_reason is not None:
        return "skipped"
    if chosen.id in checked_contact_ids:
        return "earlier"
    return None


def tries_left(chosen: Contact, max_failures: int) -> int:
    """How many more wrong dates before the chosen contact's sign-in locks."""
    return max(max_failures - chosen.identity_check_failures, 0)


class SwitchOutcome(enum.StrEnum):
    PASSED = "passed"
    WRONG = "wrong"
    # That wrong answer locked the chosen contact's sign-in; or it was locked
    # already (by an answer sent at the same moment), and this one was not
    # judged.
    LOCKED = "locked"


@dataclass(frozen=True)
class SwitchCheck:
    outcome: SwitchOutcome
    # After a wrong answer: how many more tries before sign-in locks.
    tries_left: int = 0


def check_date_of_birth_for_switch(
    session: Session,
    current: Contact,
    chosen: Contact,
    answer: date,
    now: datetime,
    *,
    max_failures: int,
    ip_address: str | None = None,
) -> SwitchCheck:
    """Compare `answer` with the chosen young person's date of birth, taking a
    try first and counting a wrong answer as sign-in does (the caller answers
    below 500, so the request saves the count). Once the chosen contact is
    locked, nothing is judged. Does not switch."""
    tries = take_a_try(
        session,
        chosen,
        now,
        max_failures=max_failures,
        ip_address=ip_address,
        switching_from_contact_id=current.id,
    )
    if tries is None:
        return SwitchCheck(SwitchOutcome.LOCKED)
    if answer == chosen.young_person.date_of_birth:
        # Conditional: a lock set by another request meanwhile wins.
        if not clear_tries(session, chosen):
            return SwitchCheck(SwitchOutcome.LOCKED)
        record_event(
            session,
            IDENTITY_CHECK_PASSED,
            contact=chosen,
            ip_address=ip_address,
            switching_from_contact_id=current.id,
        )
        return SwitchCheck(SwitchOutcome.PASSED)
    if count_wrong_answer(
        session,
        chosen,
        tries,
        now,
        max_failures=max_failures,
        ip_address=ip_address,
        switching_from_contact_id=current.id,
    ):
        return SwitchCheck(SwitchOutcome.LOCKED)
    return SwitchCheck(SwitchOutcome.WRONG, tries_left=max_failures - tries)


def record_switch(
    session: Session,
    current: Contact,
    chosen: Contact,
    *,
    identity_check: str,
    ip_address: str | None = None,
) -> None:
    """Audit that the person signed in as `current` now uses the portal as
    `chosen`. `identity_check` says how it was made safe: "passed" (the date of
    birth now), "earlier" (checked earlier in this session) or "skipped" (a
    reasonable adjustment). The caller signs the web session in again."""
    record_event(
        session,
        YOUNG_PERSON_SWITCHED,
        contact=chosen,
        ip_address=ip_address,
        from_contact_id=current.id,
        from_young_person_id=current.young_person_id,
        identity_check=identity_check,
    )
