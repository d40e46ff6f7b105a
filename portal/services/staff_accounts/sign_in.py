"""Staff sign-in: password, then a time-based one-time code (TOTP).

Failures count towards a lockout whether the password or the code was wrong.
Callers show the same message whatever went wrong, so the page never reveals
whether an email address has an account or whether it is locked. Nothing here
commits: a refused attempt still answers below 500, so the request saves the
failure it counted.

The limits hold when attempts arrive at the same moment: each attempt takes a
try before its answer counts, a code is accepted by one conditional UPDATE,
and a success is written only while the account is not locked (see the
comment above `take_a_try`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pyotp
import segno
from markupsafe import escape
from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from portal.models import ActorRole, StaffUser
from portal.services.records.audit import record_event
from portal.services.staff_accounts.passwords import hash_password, needs_rehash, verify_password

TOTP_INTERVAL = 30


@dataclass(frozen=True)
class SignInPolicy:
    max_failures: int
    lockout: timedelta
    fast_hashing: bool = False


# Verified against when the email is unknown, so both cases take as long.
_DUMMY_HASHES: dict[bool, str] = {}


def _dummy_hash(fast: bool) -> str:
    if fast not in _DUMMY_HASHES:
        _DUMMY_HASHES[fast] = hash_password("not a real password", fast=fast)
    return _DUMMY_HASHES[fast]


def find_staff_user_by_email(session: Session, email: str) -> StaffUser | None:
    return session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))


def is_locked(user: StaffUser, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


# Each attempt takes a try before it is judged: one conditional UPDATE that
# adds 1 to the failure count only while the account is active, not locked
# and under the limit, and returns the new count. No row back: the attempt is
# refused without being judged. The database makes it one step: on
# PostgreSQL the UPDATE holds the row's lock until the request commits, and a
# concurrent UPDATE of the same row waits, then evaluates its WHERE again
# against the committed row (READ COMMITTED); on SQLite it takes the
# database's write lock until the commit, and other writers wait (the busy
# timeout). So the attempts on one account are judged one at a time, and at
# most `max_failures` wrong ones in each lockout window. A right answer gives
# its try back (a password) or clears the count (a code): both conditional
# UPDATEs too, so a lock set by another request always wins. A password's
# hash is checked before the try is taken (it is checked for a locked
# account too, for timing), so that the turns last milliseconds, not the
# length of an argon2 check; only an attempt with a try has its result used.


def _not_locked(now: datetime) -> ColumnElement[bool]:
    return or_(StaffUser.locked_until.is_(None), StaffUser.locked_until <= now)


def take_a_try(
    session: Session, user: StaffUser, policy: SignInPolicy, now: datetime
) -> int | None:
    """Count this attempt as a failure before judging it. Returns the failures
    counted now, this one included, or None when the attempt must not be
    judged (the account is locked or turned off). `user` is read again."""
    tries = session.execute(
        update(StaffUser)
        .where(
            StaffUser.id == user.id,
            StaffUser.is_active.is_(True),
            _not_locked(now),
            StaffUser.failed_sign_in_count < policy.max_failures,
        )
        .values(failed_sign_in_count=StaffUser.failed_sign_in_count + 1)
        .returning(StaffUser.failed_sign_in_count),
        execution_options={"synchronize_session": False},
    ).scalar_one_or_none()
    session.refresh(user)
    if tries is None and user.is_active and not is_locked(user, now):
        # The tries were used up under a higher limit: that is a lock too.
        lock_account(session, user, policy, now)
    return tries


def lock_account(session: Session, user: StaffUser, policy: SignInPolicy, now: datetime) -> None:
    session.execute(
        update(StaffUser)
        .where(StaffUser.id == user.id)
        .values(locked_until=now + policy.lockout, failed_sign_in_count=0),
        execution_options={"synchronize_session": False},
    )
    session.expire(user, ["failed_sign_in_count", "locked_until"])


def _record_failure(
    session: Session,
    user: StaffUser,
    tries: int,
    policy: SignInPolicy,
    now: datetime,
    step: str,
    ip_address: str | None,
) -> None:
    """The attempt that took try number `tries` was wrong: it stays counted,
    and the one that reaches `max_failures` locks the account."""
    locked = tries >= policy.max_failures
    if locked:
        lock_account(session, user, policy, now)
    # Nobody is signed in yet: the actor is anonymous; the account is the subject.
    record_event(
        session,
        "staff.sign_in.locked" if locked else "staff.sign_in.failed",
        actor_role=ActorRole.ANONYMOUS,
        ip_address=ip_address,
        subject_staff_id=user.id,
        failed_step=step,
    )


def _succeed(
    session: Session,
    user: StaffUser,
    now: datetime,
    *conditions: ColumnElement[bool],
    **values: Any,
) -> bool:
    """Write `values` only if the account is still active and not locked (and
    `conditions` hold): one conditional UPDATE. False when it was not written."""
    written = session.execute(
        update(StaffUser)
        .where(
            StaffUser.id == user.id, StaffUser.is_active.is_(True), _not_locked(now), *conditions
        )
        .values(**values)
        .returning(StaffUser.id),
        execution_options={"synchronize_session": False},
    ).scalar_one_or_none()
    session.expire(user, list(values))
    return written is not None


def check_password_step(
    session: Session,
    email: str,
    password: str,
    policy: SignInPolicy,
    now: datetime,
    ip_address: str | None = None,
) -> StaffUser | None:
    """The staff user if the email and password are right and the account may
    sign in; None otherwise (and a failure is counted)."""
    user = find_staff_user_by_email(session, email)
    if user is None:
        verify_password(_dummy_hash(policy.fast_hashing), password, fast=policy.fast_hashing)
        record_event(
            session,
            "staff.sign_in.failed",
            actor_role=ActorRole.ANONYMOUS,
            ip_address=ip_address,
            failed_step="password",
            known_account=False,
        )
        return None
    # Checked whatever the account's state, so every answer takes as long, and
    # before the try is taken, so attempts on one account take turns only for
    # the few milliseconds after it. The result counts only with a try.
    password_ok = verify_password(user.password_hash, password, fast=policy.fast_hashing)
    tries = take_a_try(session, user, policy, now)
    if tries is None:
        record_event(
            session,
            "staff.sign_in.refused",
            actor_role=ActorRole.ANONYMOUS,
            ip_address=ip_address,
            subject_staff_id=user.id,
            reason="locked" if user.is_active else "turned_off",
        )
        return None
    # The right password gives its try back; the code step comes next.
    given_back = StaffUser.failed_sign_in_count - 1
    if not password_ok or not _succeed(session, user, now, failed_sign_in_count=given_back):
        _record_failure(session, user, tries, policy, now, "password", ip_address)
        return None
    if needs_rehash(user.password_hash, fast=policy.fast_hashing):
        user.password_hash = hash_password(password, fast=policy.fast_hashing)
    return user


def _accepted_step(secret: str, code: str, last_step: int | None, now: datetime) -> int | None:
    """The time-step `code` belongs to, allowing one step of clock drift either
    way, if it has not been used before; otherwise None."""
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_INTERVAL)
    current = int(now.timestamp()) // TOTP_INTERVAL
    for step in (current, current - 1, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if pyotp.utils.strings_equal(totp.at(step * TOTP_INTERVAL), code):
            return step
    return None


def check_code_step(
    session: Session,
    user: StaffUser,
    code: str,
    policy: SignInPolicy,
    now: datetime,
    ip_address: str | None = None,
) -> bool:
    """True when `code` is a current, unused code from the user's authenticator.
    A success completes sign-in and resets the failure count. Accepting the
    code is one conditional UPDATE (a later step than the last one used), so
    of the requests that send one code at the same moment, one signs in."""
    if is_locked(user, now) or not user.is_active or user.totp_secret is None:
        return False
    tries = take_a_try(session, user, policy, now)
    if tries is None:
        return False
    # Read again by taking the try: an administrator may have reset it.
    secret = user.totp_secret
    step = _accepted_step(secret, code, user.totp_last_step, now) if secret else None
    if step is None or not _accept_code(session, user, step, now):
        _record_failure(session, user, tries, policy, now, "code", ip_address)
        return False
    record_event(session, "staff.signed_in", staff_user=user, ip_address=ip_address)
    return True


def _accept_code(session: Session, user: StaffUser, step: int, now: datetime) -> bool:
    """Use time-step `step` and complete sign-in, only if no request has used
    this step or a later one: `UPDATE ... WHERE totp_last_step < :step`."""
    unused = or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < step)
    return _succeed(session, user, now, unused, totp_last_step=step, **_signed_in_values(now))


def new_totp_secret() -> str:
    return pyotp.random_base32()


def enrolment_uri(user: StaffUser, secret: str, issuer: str) -> str:
    return pyotp.TOTP(secret, interval=TOTP_INTERVAL).provisioning_uri(
        name=user.email, issuer_name=issuer
    )


def enrolment_qr_svg(uri: str, title: str) -> str:
    """An inline SVG QR code, drawn here: the secret never leaves the server."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=2, omitsize=False)
    label = escape(title)
    return str(svg).replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def confirm_totp_enrolment(
    session: Session,
    user: StaffUser,
    secret: str,
    code: str,
    policy: SignInPolicy,
    now: datetime,
    ip_address: str | None = None,
) -> bool:
    """Save `secret` once the user proves their app makes the right codes. It
    is saved only while the account has no authenticator (one conditional
    UPDATE), so of set-ups sent at the same moment, one is kept."""
    if is_locked(user, now) or not user.is_active or user.has_totp:
        return False
    tries = take_a_try(session, user, policy, now)
    if tries is None:
        return False
    step = _accepted_step(secret, code, None, now)
    if step is None or not _succeed(
        session,
        user,
        now,
        StaffUser.totp_secret.is_(None),
        totp_secret=secret,
        totp_enrolled_at=now,
        totp_last_step=step,
        **_signed_in_values(now),
    ):
        _record_failure(session, user, tries, policy, now, "enrolment", ip_address)
        return False
    record_event(session, "staff.totp.enrolled", staff_user=user, ip_address=ip_address)
    record_event(session, "staff.signed_in", staff_user=user, ip_address=ip_address)
    return True


def _signed_in_values(now: datetime) -> dict[str, Any]:
    return {"failed_sign_in_count": 0, "locked_until": None, "last_signed_in_at": now}


def record_signed_out(session: Session, user: StaffUser, *, how: str | None = None) -> None:
    """The member of staff signed out (`how`: "exit_this_page" when they left
    by the family pages' quick exit). The caller ends the web session."""
    detail: dict[str, Any] = {"how": how} if how is not None else {}
    record_event(session, "staff.signed_out", staff_user=user, **detail)
