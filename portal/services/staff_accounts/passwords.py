"""Password hashing (argon2id) and the rules for a new password."""

from __future__ import annotations

import enum
import hashlib
import itertools
import re
import string
from collections.abc import Iterator
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MINIMUM_LENGTH = 12
# This service's own words, whatever SERVICE_NAME a deployment sets (its words
# are refused too): a password made of them is among the first an attacker tries.
SERVICE_WORDS = ("keyworker", "family", "portal", "workspace", "staff", "nhs")
# How many digits or symbols may be taken off each end of a password to find
# a common one ("Password2024!" is "password").
_MOST_TRIMMED = 8
_SEPARATORS = re.compile(r"[\s._+\-]+")
_NOT_LETTERS = string.digits + string.punctuation + string.whitespace
# Letters people swap for look-alike digits and symbols ("p@ssw0rd"); "1" is
# tried as both "i" and "l".
_LOOK_ALIKES = (
    str.maketrans({"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s"}),
    str.maketrans({"@": "a", "4": "a", "3": "e", "1": "l", "!": "i", "0": "o", "$": "s", "5": "s"}),
)


class PasswordProblem(enum.StrEnum):
    """Why a new password will not do; the edge words it (MINIMUM_LENGTH
    goes into the words for TOO_SHORT)."""

    TOO_SHORT = "too_short"
    TOO_EASY_TO_GUESS = "too_easy_to_guess"
    NAMES_THE_SERVICE = "names_the_service"
    CONTAINS_EMAIL = "contains_email"


@cache
def common_passwords() -> frozenset[str]:
    """The list shipped in common_passwords.txt (lower case), read once."""
    text = (
        resources.files("portal.services.staff_accounts")
        .joinpath("common_passwords.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        line for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


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


def password_fingerprint(password_hash: str) -> str:
    """Changes whenever the password does (each hash has a new salt), so a
    half-finished sign-in can tell that the password it checked is gone."""
    return hashlib.sha256(password_hash.encode()).hexdigest()


def password_problems(
    password: str, *, email: str = "", service_name: str = ""
) -> list[PasswordProblem]:
    """Why a new password is not good enough (empty when it is fine).

    Follows NCSC and NIST guidance: length over complexity, and no common,
    breached or guessable passwords (the shipped list, this service's name and
    words, the person's email address); no rules about symbols or forced
    changes. Everything is compared in lower case.
    """
    problems: list[PasswordProblem] = []
    if len(password) < MINIMUM_LENGTH:
        problems.append(PasswordProblem.TOO_SHORT)
    lowered = password.lower()
    compact = _SEPARATORS.sub("", lowered)
    words = _service_words(service_name)
    if _is_common(lowered, compact, words) or len(set(password)) < 4:
        problems.append(PasswordProblem.TOO_EASY_TO_GUESS)
    if _made_of_service_words(compact, words):
        problems.append(PasswordProblem.NAMES_THE_SERVICE)
    if _contains_email(lowered, compact, email.strip().lower()):
        problems.append(PasswordProblem.CONTAINS_EMAIL)
    return problems


def _service_words(service_name: str) -> tuple[str, ...]:
    named = {word for word in re.findall(r"[a-z]+", service_name.lower()) if len(word) >= 3}
    return tuple(sorted(named | set(SERVICE_WORDS), key=len, reverse=True))


def _without(text: str, words: tuple[str, ...]) -> str:
    for word in words:
        text = text.replace(word, "")
    return text


def _is_common(lowered: str, compact: str, service_words: tuple[str, ...]) -> bool:
    """On the list as typed, without spaces, with digits or symbols added at
    either end, with look-alike characters, repeated, or next to the
    service's words."""
    common = common_passwords()
    for form in {lowered, compact, _without(compact, service_words)}:
        for core in _trimmed(form):
            if core in common or any(core.translate(swap) in common for swap in _LOOK_ALIKES):
                return True
    return _is_repeated(compact, common) or _is_sequence(compact)


def _trimmed(form: str) -> Iterator[str]:
    """`form`, and `form` with up to _MOST_TRIMMED digits or symbols taken
    off either end or both."""
    leading = len(form) - len(form.lstrip(_NOT_LETTERS))
    trailing = len(form) - len(form.rstrip(_NOT_LETTERS))
    for start in range(min(leading, _MOST_TRIMMED) + 1):
        for cut in range(min(trailing, _MOST_TRIMMED) + 1):
            core = form[start : len(form) - cut]
            if core:
                yield core


def _is_repeated(compact: str, common: frozenset[str]) -> bool:
    """A short piece, or a common password, said again and again."""
    for size in range(1, len(compact) // 2 + 1):
        piece = compact[:size]
        if len(compact) % size == 0 and piece * (len(compact) // size) == compact:
            return size <= 4 or piece in common
    return False


def _is_sequence(compact: str) -> bool:
    """Letters or digits one after another, up or down ("abcdefghijkl")."""
    steps = {ord(after) - ord(before) for before, after in itertools.pairwise(compact)}
    return steps in ({1}, {-1})


def _made_of_service_words(compact: str, service_words: tuple[str, ...]) -> bool:
    """Mostly the service's own words: under 4 letters are left without them."""
    for form in (compact, *(compact.translate(swap) for swap in _LOOK_ALIKES)):
        rest = _without(form, service_words)
        if rest != form and sum(character.isalpha() for character in rest) < 4:
            return True
    return False


def _contains_email(lowered: str, compact: str, email: str) -> bool:
    """The email address, or the part before the @ (4 characters or more),
    with or without its dots and dashes."""
    if not email:
        return False
    local_part = email.split("@")[0]
    pieces = {email, _SEPARATORS.sub("", email)}
    if len(local_part) >= 4:
        pieces |= {local_part, _SEPARATORS.sub("", local_part)}
    return any(piece and (piece in lowered or piece in compact) for piece in pieces)
