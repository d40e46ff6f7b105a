"""Password hashing (argon2id) and the rules for a new password."""

from __future__ import annotations

import enum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MINIMUM_LENGTH = 12
# The most common choices in breach lists, and this service's own words.
COMMON_PASSWORDS = frozenset(
    {
        "password",
        "password1",
        "password123",
        "passw0rd",
        "123456789012",
        "qwertyuiop",
        "iloveyou",
        "letmein",
        "welcome",
        "keyworker",
        "nhs",
        "changeme",
    }
)


class PasswordProblem(enum.StrEnum):
    """Why a new password will not do; the edge words it (MINIMUM_LENGTH
    goes into the words for TOO_SHORT)."""

    TOO_SHORT = "too_short"
    TOO_EASY_TO_GUESS = "too_easy_to_guess"
    CONTAINS_EMAIL = "contains_email"


@cache
def password_hasher(*, fast: bool = False) -> PasswordHasher:
    """argon2id with the library's recommended cost; `fast` only for tests."""
    if fast:
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def hash_password(password: str, *, fast: bool = False) -> str:
    return password_hasher(fast=fast).hash(password)


def verify_password(password_hash: str, password: str, *, fast: bool = False) -> bool:
    try:
        return password_hasher(fast=fast).verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str, *, fast: bool = False) -> bool:
    return password_hasher(fast=fast).check_needs_rehash(password_hash)


def password_problems(password: str, *, email: str = "") -> list[PasswordProblem]:
    """Why a new password is not good enough (empty when it is fine).

    Follows NCSC and NIST guidance: length over complexity, and no common or
    guessable passwords; no rules about symbols or forced changes.
    """
    problems: list[PasswordProblem] = []
    if len(password) < MINIMUM_LENGTH:
        problems.append(PasswordProblem.TOO_SHORT)
    lowered = password.lower()
    stripped = lowered.rstrip("0123456789!?.")
    if lowered in COMMON_PASSWORDS or stripped in COMMON_PASSWORDS or len(set(password)) < 4:
        problems.append(PasswordProblem.TOO_EASY_TO_GUESS)
    local_part = email.split("@")[0].lower()
    if local_part and len(local_part) >= 4 and local_part in lowered:
        problems.append(PasswordProblem.CONTAINS_EMAIL)
    return problems
