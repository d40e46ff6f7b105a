"""Counting date of birth answers so the limit holds when many arrive at once.

Signing in after a link and a carer's switch to another young person both ask
a date of birth, and both count here, on the contact's row
(`contacts.identity_check_failures`, "wrong answers in a row"):

1. **A try is taken before the answer is judged** (`take_a_try`): one
   conditional UPDATE adds 1 to the count only while sign-in is not locked
   and fewer than `max_failures` tries are counted, and returns the new
   count. No row back: the answer is not judged at all.
2. **A wrong answer keeps its try** (`count_wrong_answer`); the one that
   reaches `max_failures` locks sign-in in the same transaction: it cancels
   the contact's unused links and ends every session the contact has.
3. **A right answer clears the count** (`clear_tries`), again with one
   conditional UPDATE that writes only while sign-in is not locked, so a
   lock committed by another request always wins.

What makes each step atomic is the database. On PostgreSQL the UPDATE holds
the row's lock until the request commits; a concurrent UPDATE of the same row
waits, then evaluates its WHERE again against the committed row (READ
COMMITTED). On SQLite the first write of a transaction takes the database's
write lock until the commit, and other writers wait (the busy timeout in
portal.database). Either way the answers about one contact are judged one at
a time, and at most `max_failures` wrong ones are ever judged.

A session saved after the lock, by a request that was answered just before
it, is ended too: every request refuses a session of a locked contact
(portal.current_user), and lifting the lock ends any session left.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from portal.models import Contact
from portal.services.access.family_sessions import end_contact_sessions
from portal.services.access.links import cancel_unused_links
from portal.services.records.audit import record_event

__all__ = [
    "IDENTITY_CHECK_FAILED",
    "IDENTITY_CHECK_LOCKED",
    "IDENTITY_CHECK_PASSED",
    "clear_tries",
    "count_wrong_answer",
    "lock_sign_in",
    "take_a_try",
]

IDENTITY_CHECK_PASSED = "family.identity_check.passed"
IDENTITY_CHECK_FAILED = "family.identity_check.failed"
IDENTITY_CHECK_LOCKED = "family.identity_check.locked"


def take_a_try(
    session: Session,
    contact: Contact,
    now: datetime,
    *,
    max_failures: int,
    ip_address: str | None,
    **detail: Any,
) -> int | None:
    """Count an answer about `contact` before judging it. Returns the tries
    in a row counted now, this one included, or None when sign-in is locked
    and the answer must not be judged. `contact` is read again, so the answer
    is judged against the row as it is now."""
    tries: int | None = session.execute(
        update(Contact)
        .where(
            Contact.id == contact.id,
            Contact.sign_in_locked_at.is_(None),
            Contact.identity_check_failures < max_failures,
        )
        .values(identity_check_failures=Contact.identity_check_failures + 1)
        .returning(Contact.identity_check_failures),
        execution_options={"synchronize_session": False},
    ).scalar_one_or_none()
    session.refresh(contact)
    if tries is None and contact.sign_in_locked_at is None:
        # The tries were used up under a higher limit: that is a lock too.
        lock_sign_in(
            session,
            contact,
            now,
            failures=contact.identity_check_failures,
            ip_address=ip_address,
            **detail,
        )
    return tries


def clear_tries(session: Session, contact: Contact) -> bool:
    """A right answer starts the count again, only while sign-in is not
    locked. False when a lock came first: the answer must not get in."""
    cleared = session.execute(
        update(Contact)
        .where(Contact.id == contact.id, Contact.sign_in_locked_at.is_(None))
        .values(identity_check_failures=0)
        .returning(Contact.id),
        execution_options={"synchronize_session": False},
    ).scalar_one_or_none()
    session.expire(contact, ["identity_check_failures"])
    return cleared is not None


def count_wrong_answer(
    session: Session,
    contact: Contact,
    tries: int,
    now: datetime,
    *,
    max_failures: int,
    ip_address: str | None,
    **detail: Any,
) -> bool:
    """The answer that took try number `tries` was wrong: it stays counted
    and is audited. The one that reaches `max_failures` locks the contact's
    sign-in, cancels their unused links, ends their sessions and warns their
    keyworker. Returns whether it locked."""
    record_event(
        session,
        IDENTITY_CHECK_FAILED,
        contact=contact,
        ip_address=ip_address,
        failures_in_a_row=tries,
        **detail,
    )
    if tries < max_failures:
        return False
    lock_sign_in(session, contact, now, failures=tries, ip_address=ip_address, **detail)
    return True


def lock_sign_in(
    session: Session,
    contact: Contact,
    now: datetime,
    *,
    failures: int,
    ip_address: str | None,
    **detail: Any,
) -> bool:
    """Lock `contact`'s sign-in, unless it is locked already (one conditional
    UPDATE, so two requests never both lock it). Also used for the other rows
    of a person whose tries ran out on one (portal.services.access.identity_check)."""
    locked = session.execute(
        update(Contact)
        .where(Contact.id == contact.id, Contact.sign_in_locked_at.is_(None))
        .values(sign_in_locked_at=now)
        .returning(Contact.id),
        execution_options={"synchronize_session": False},
    ).scalar_one_or_none()
    session.expire(contact, ["sign_in_locked_at"])
    if locked is None:
        return False
    cancel_unused_links(session, [contact.id], now)
    ended = end_contact_sessions(session, contact)
    record_event(
        session,
        IDENTITY_CHECK_LOCKED,
        contact=contact,
        ip_address=ip_address,
        failures_in_a_row=failures,
        keyworker_id=contact.young_person.keyworker_id,
        sessions_ended=ended,
        **detail,
    )
    return True
