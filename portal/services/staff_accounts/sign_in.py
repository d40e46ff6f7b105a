"""Staff sign-in: password, then a time-based one-time code (TOTP).

Failures count towards a lockout whether the password or the code was wrong.
Callers show the same message whatever went wrong, so the page never reveals
whether an email address has an account or whether it is locked. Nothing here
commits: a refused attempt still answers below 500, so the request saves the
failure it counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pyotp
import segno
from markupsafe import escape
from sqlalchemy import select, update
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


def _record_failure(
    session: Session,
    user: StaffUser,
    policy: SignInPolicy,
    now: datetime,
    step: str,
    ip_address: str | None,
) -> None:
    """Count a failure in the database itself, so two attempts at the same
    moment cannot both read the old count and lose one."""
    count = session.execute(
        update(StaffUser)
        .where(StaffUser.id == user.id)
        .values(failed_sign_in_count=StaffUser.failed_sign_in_count + 1)
        .returning(StaffUser.failed_sign_in_count),
        execution_options={"synchronize_session": False},
    ).scalar_one()
    locked = count >= policy.max_failures
    if locked:
        session.execute(
            update(StaffUser)
            .where(StaffUser.id == user.id)
            .values(locked_until=now + policy.lockout, failed_sign_in_count=0),
            execution_options={"synchronize_session": False},
        )
    session.expire(user, ["failed_sign_in_count", "locked_until"])
    # Nobody is signed in yet: the actor is anonymous; the account is the subject.
    record_event(
        session,
        "staff.sign_in.locked" if locked else "staff.sign_in.failed",
        actor_role=ActorRole.ANONYMOUS,
        ip_address=ip_address,
        subject_staff_id=user.id,
        failed_step=step,
    )


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
    password_ok = verify_password(user.password_hash, password, fast=policy.fast_hashing)
    if is_locked(user, now) or not user.is_active:
        record_event(
            session,
            "staff.sign_in.refused",
            actor_role=ActorRole.ANONYMOUS,
            ip_address=ip_address,
            subject_staff_id=user.id,
            reason="locked" if user.is_active else "turned_off",
        )
        return None
    if not password_ok:
        _record_failure(session, user, policy, now, "password", ip_address)
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
    A success completes sign-in and resets the failure count."""
    if is_locked(user, now) or not user.is_active or user.totp_secret is None:
        return False
    step = _accepted_step(user.totp_secret, code, user.totp_last_step, now)
    if step is None:
        _record_failure(session, user, policy, now, "code", ip_address)
        return False
    user.totp_last_step = step
    _complete_sign_in(session, user, now, ip_address)
    return True


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
    """Save `secret` once the user proves their app makes the right codes."""
    if is_locked(user, now) or not user.is_active or user.has_totp:
        return False
    step = _accepted_step(secret, code, None, now)
    if step is None:
        _record_failure(session, user, policy, now, "enrolment", ip_address)
        return False
    user.totp_secret = secret
    user.totp_enrolled_at = now
    user.totp_last_step = step
    record_event(session, "staff.totp.enrolled", staff_user=user, ip_address=ip_address)
    _complete_sign_in(session, user, now, ip_address)
    return True


def _complete_sign_in(
    session: Session, user: StaffUser, now: datetime, ip_address: str | None
) -> None:
    user.failed_sign_in_count = 0
    user.locked_until = None
    user.last_signed_in_at = now
    record_event(session, "staff.signed_in", staff_user=user, ip_address=ip_address)


def record_signed_out(session: Session, user: StaffUser, *, how: str | None = None) -> None:
    """The member of staff signed out (`how`: "exit_this_page" when they left
    by the family pages' quick exit). The caller ends the web session."""
    detail: dict[str, Any] = {"how": how} if how is not None else {}
    record_event(session, "staff.signed_out", staff_user=user, **detail)
